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
    public static string? SuppressedBecause(Alert alert, DateOnly today, IReadOnlyCollection<Alert> emailed,
        PainCheckin? checkin, AlertOptions options)
    {
        if (today.DayNumber - alert.Date.DayNumber >= options.EmailWindowDays)
            return $"backfill: the day is more than {options.EmailWindowDays} days ago";
        if (alert.Tier == AlertTier.Emergency) return null;
        bool Within(Alert a, int days) => Math.Abs(alert.Date.DayNumber - a.Date.DayNumber) < days;
        if (alert.IsDoctorAlert)
        {
            if (checkin is { Assessed: true } && emailed.Any(a => a.Tier == alert.Tier && Within(a, AssessedQuietDays)
                    && Signs(a.Evidence) == Signs(alert.Evidence)))
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

    /// <summary>The signs of a doctor alert's evidence, without the day it names.</summary>
    private static string Signs(string evidence)
    {
        var at = evidence.IndexOf("reported:", StringComparison.Ordinal);
        return at < 0 ? evidence : evidence[at..];
    }
}
