namespace BackSignal.Core.Model;

/// <summary>
/// The kinds of email a person may stop: the weekly summary and overload alerts (athletes and coaches), the coach's
/// digest. See-a-doctor advice is never among them: only the athlete can stop it, by not checking in.
/// </summary>
public static class EmailChoices
{
    public const string WeeklySummary = AthleteProfile.WeeklySummaryOptOut;
    public const string OverloadAlerts = AthleteProfile.OverloadAlertsOptOut;
    public const string CoachDigest = "coach-digest";

    public static readonly IReadOnlyList<string> ForAthletes = [WeeklySummary, OverloadAlerts];
    public static readonly IReadOnlyList<string> ForCoaches = [CoachDigest, OverloadAlerts];

    /// <summary>The kind in a sentence ("the weekly summary"); null for a kind nobody may stop.</summary>
    public static string? Describe(string kind) =>
        kind switch
        {
            WeeklySummary => "the weekly summary",
            OverloadAlerts => "training load warnings",
            CoachDigest => "the Monday digest of your athletes",
            _ => null,
        };
}
