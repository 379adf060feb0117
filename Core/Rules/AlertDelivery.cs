using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// Whether a newly raised alert is emailed (DESIGN §6, Delivery), decided once when it is first raised: a pure
/// policy, tested without storage. Alerts about the past (a backfilled export) are stored, not emailed; the same
/// rule goes at most once per cooldown; a doctor alert is held back only by one of the same or a higher tier, so
/// a higher tier always goes; emergencies always go; and with <see cref="PainCheckin.Assessed"/> an unchanged soon
/// or urgent finding is not repeated for <see cref="AssessedQuietDays"/> days.
/// </summary>
public static class AlertDelivery
{
    public const int AssessedQuietDays = 28;

    /// <summary>How far back the emailed alerts must reach for <see cref="SuppressedBecause"/>.</summary>
    public static int LookbackDays(AlertOptions options) => Math.Max(options.CooldownDays, AssessedQuietDays);

    /// <param name="emailed">Alerts already emailed (or decided to be) within <see cref="LookbackDays"/>.</param>
    /// <param name="checkin">The check-in of the alert's day, for doctor alerts.</param>
    /// <returns>Null when the alert is emailed, else why not.</returns>
    public static string? SuppressedBecause(
        Alert alert,
        DateOnly today,
        IReadOnlyCollection<Alert> emailed,
        PainCheckin? checkin,
        AlertOptions options
    )
    {
        if (today.DayNumber - alert.Date.DayNumber >= options.EmailWindowDays)
            return $"backfill: the day is more than {options.EmailWindowDays} days ago";
        if (alert.Tier == AlertTier.Emergency)
            return null;
        bool Within(Alert a, int days) => Math.Abs(alert.Date.DayNumber - a.Date.DayNumber) < days;
        if (alert.IsDoctorAlert)
        {
            if (
                checkin is { Assessed: true }
                && emailed.Any(a =>
                    a.Tier == alert.Tier && Within(a, AssessedQuietDays) && Signs(a.Evidence) == Signs(alert.Evidence)
                )
            )
                return $"assessed: a clinician has seen these unchanged signs (quiet for {AssessedQuietDays} days)";
            if (emailed.Any(a => a.IsDoctorAlert && a.Tier >= alert.Tier && Within(a, options.CooldownDays)))
                return "cooldown: a see-a-doctor alert of this or a higher tier was emailed less than "
                    + $"{options.CooldownDays} days before";
            return null;
        }
        return emailed.Any(a => a.Rule == alert.Rule && Within(a, options.CooldownDays))
            ? $"cooldown: {alert.Rule} was emailed less than {options.CooldownDays} days before"
            : null;
    }

    /// <summary>
    /// The delivery decisions of one recompute's alerts, in order of day: an alert seen before keeps the decision it
    /// got when first raised (null delivery: its row is rewritten, its delivery state not); a new one is decided
    /// against the alerts already emailed and those this call decides to email.
    /// </summary>
    /// <param name="known">Stored alerts from <see cref="LookbackDays"/> before the first raised one.</param>
    /// <param name="checkins">The athlete's check-ins, for the day of each doctor alert.</param>
    public static IReadOnlyList<AlertDecision> Decide(
        IEnumerable<Alert> raised,
        DateOnly today,
        IReadOnlyCollection<(Alert Alert, bool Notified)> known,
        IEnumerable<PainCheckin> checkins,
        AlertOptions options
    )
    {
        var seen = known.Select(k => k.Alert.Key).ToHashSet(StringComparer.Ordinal);
        var emailed = known.Where(k => k.Notified).Select(k => k.Alert).ToList();
        var byDay = checkins.GroupBy(c => c.Date).ToDictionary(g => g.Key, g => g.Last());
        var decisions = new List<AlertDecision>();
        foreach (var alert in raised.OrderBy(a => a.Date).ThenBy(a => a.Rule, StringComparer.Ordinal))
        {
            if (seen.Contains(alert.Key))
            {
                decisions.Add(new AlertDecision(alert, null));
                continue;
            }
            var suppressed = SuppressedBecause(alert, today, emailed, byDay.GetValueOrDefault(alert.Date), options);
            if (suppressed is null)
                emailed.Add(alert);
            decisions.Add(new AlertDecision(alert, new DeliveryDecision(suppressed is null, suppressed)));
        }
        return decisions;
    }

    /// <summary>The signs of a doctor alert's evidence, without the day it names.</summary>
    private static string Signs(string evidence)
    {
        var at = evidence.IndexOf("reported:", StringComparison.Ordinal);
        return at < 0 ? evidence : evidence[at..];
    }
}

/// <summary>An alert of a recompute and, the first time it is raised, whether it is emailed.</summary>
public sealed record AlertDecision(Alert Alert, DeliveryDecision? Delivery);

/// <summary>Decided once per alert: emailed, or held back and why.</summary>
public sealed record DeliveryDecision(bool Notify, string? SuppressedBecause);
