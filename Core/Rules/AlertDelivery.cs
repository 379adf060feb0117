using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// Whether a newly raised alert is emailed (docs/checkin.md, Delivery), decided once when it is first raised: a pure
/// policy, tested without storage. Alerts about the past (a backfilled export) are stored, not emailed; the same
/// overload rule goes at most once per cooldown. A doctor alert goes unless everything in it was already said:
/// within the cooldown, by alerts of the same or a higher tier that named all its new signs; or, when all its signs
/// are known (a clinician has seen them, unchanged), by alerts within <see cref="KnownQuietDays"/> that named them
/// all at the same or a higher tier. So a higher tier always goes, a new sign always goes, and an emergency sign
/// goes every time unless it is known.
/// </summary>
public static class AlertDelivery
{
    public const int KnownQuietDays = 28;

    /// <summary>How far back the emailed alerts must reach for <see cref="SuppressedBecause"/>.</summary>
    public static int LookbackDays(AlertOptions options) => Math.Max(options.CooldownDays, KnownQuietDays);

    /// <summary>The load rules a planned overreach quiets (stored, not emailed); never pain or doctor alerts.</summary>
    public static readonly IReadOnlySet<string> LoadRules = new HashSet<string>(StringComparer.Ordinal)
    {
        AcwrSpikeRule.RuleName,
        SpinalJumpRule.RuleName,
        MonotonyHighRule.RuleName,
        StackedProgressionRule.RuleName,
    };

    /// <param name="emailed">Alerts already emailed (or decided to be) within <see cref="LookbackDays"/>.</param>
    /// <param name="plans">The athlete's planned periods (overreach quiets the load rules).</param>
    /// <returns>Null when the alert is emailed, else why not.</returns>
    public static string? SuppressedBecause(
        Alert alert,
        DateOnly today,
        IReadOnlyCollection<Alert> emailed,
        AlertOptions options,
        IReadOnlyList<PlannedPeriod>? plans = null
    )
    {
        if (today.DayNumber - alert.Date.DayNumber >= options.EmailWindowDays)
            return $"backfill: the day is more than {options.EmailWindowDays} days ago";
        if (
            LoadRules.Contains(alert.Rule)
            && plans?.FirstOrDefault(p => p.Kind == PlanKind.Overreach && p.Covers(alert.Date)) is { } plan
        )
            return $"planned: an overreach period {plan.From:yyyy-MM-dd} to {plan.To:yyyy-MM-dd} set by {plan.By}";
        bool Within(Alert a, int days) => Math.Abs(alert.Date.DayNumber - a.Date.DayNumber) < days;
        if (!alert.IsDoctorAlert)
            return emailed.Any(a => a.Rule == alert.Rule && Within(a, options.CooldownDays))
                ? $"cooldown: {alert.Rule} was emailed less than {options.CooldownDays} days before"
                : null;

        HashSet<string> SaidWithin(int days) =>
            emailed
                .Where(a => a.IsDoctorAlert && a.Tier >= alert.Tier && Within(a, days))
                .SelectMany(a => a.Signs)
                .ToHashSet(StringComparer.Ordinal);
        var fresh = alert.NewSigns.ToList();
        if (alert.Signs.Count > 0 && fresh.Count == 0 && SaidWithin(KnownQuietDays).IsSupersetOf(alert.Signs))
            return $"known: a clinician has seen these unchanged signs, emailed less than {KnownQuietDays} days before";
        if (alert.Tier == AlertTier.Emergency)
            return null;
        // Alerts stored before signs were recorded name none: such an alert is compared by tier alone.
        var said = SaidWithin(options.CooldownDays);
        var anyWithin = emailed.Any(a => a.IsDoctorAlert && a.Tier >= alert.Tier && Within(a, options.CooldownDays));
        var nothingNew = alert.Signs.Count == 0 ? anyWithin : anyWithin && fresh.All(said.Contains);
        return nothingNew
            ? "cooldown: a see-a-doctor alert of this or a higher tier with these signs was emailed less than "
                + $"{options.CooldownDays} days before"
            : null;
    }

    /// <summary>
    /// The delivery decisions of one recompute's alerts, in order of day: an alert seen before keeps the decision it
    /// got when first raised (null delivery: its row is rewritten, its delivery state not); a new one is decided
    /// against the alerts already emailed and those this call decides to email.
    /// </summary>
    /// <param name="known">Stored alerts from <see cref="LookbackDays"/> before the first raised one.</param>
    public static IReadOnlyList<AlertDecision> Decide(
        IEnumerable<Alert> raised,
        DateOnly today,
        IReadOnlyCollection<(Alert Alert, bool Notified)> known,
        AlertOptions options,
        IReadOnlyList<PlannedPeriod>? plans = null
    )
    {
        var seen = known
            .GroupBy(k => k.Alert.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Alert, StringComparer.Ordinal);
        var emailed = known.Where(k => k.Notified).Select(k => k.Alert).ToList();
        var decisions = new List<AlertDecision>();
        foreach (var raisedAlert in raised.OrderBy(a => a.Date).ThenBy(a => a.Rule, StringComparer.Ordinal))
        {
            var alert = raisedAlert;
            if (seen.TryGetValue(alert.Key, out var before))
            {
                // The same day's doctor alert raised again by a later check-in: a sign it had not named is news, and
                // goes as a revision of its own; anything else keeps the decision it got when first raised.
                var news =
                    alert.IsDoctorAlert
                    && today.DayNumber - alert.Date.DayNumber < options.EmailWindowDays
                    && alert.NewSigns.Except(before.Signs, StringComparer.Ordinal).Any();
                if (!news)
                {
                    decisions.Add(new AlertDecision(alert, null));
                    continue;
                }
                alert = alert with { Revision = before.Revision + 1 };
            }
            var suppressed = SuppressedBecause(alert, today, emailed, options, plans);
            if (suppressed is null)
                emailed.Add(alert);
            seen[alert.Key] = alert;
            decisions.Add(new AlertDecision(alert, new DeliveryDecision(suppressed is null, suppressed)));
        }
        return decisions;
    }
}

/// <summary>An alert of a recompute and, the first time it is raised, whether it is emailed.</summary>
public sealed record AlertDecision(Alert Alert, DeliveryDecision? Delivery);

/// <summary>Decided once per alert: emailed, or held back and why.</summary>
public sealed record DeliveryDecision(bool Notify, string? SuppressedBecause);
