namespace BackSignal.Core.Rules;

/// <summary>How soon the athlete should act: overload is training advice, the others say see a doctor.</summary>
public enum AlertTier
{
    Overload,
    Soon,
    Urgent,
    Emergency,
}

/// <summary>An alert a rule raised for one day, with the numbers that tripped it and one piece of advice.</summary>
public sealed record Alert(string Rule, DateOnly Date, AlertTier Tier, string Evidence, string Advice)
{
    /// <summary>The stable key of this alert: one per rule and day, whatever the retries.</summary>
    public string Key => $"{Date:yyyyMMdd}|{Rule}";

    public bool IsDoctorAlert => Tier != AlertTier.Overload;

    /// <summary>A doctor alert's signs, each with its answer ("legPain:left"): what delivery compares.</summary>
    public IReadOnlyList<string> Signs { get; init; } = [];

    /// <summary>The signs of <see cref="Signs"/> a clinician has seen and that have not changed.</summary>
    public IReadOnlyList<string> KnownSigns { get; init; } = [];

    /// <summary>
    /// How many times this day's doctor alert was raised again with a sign it had not named (a later check-in of the
    /// same day): each revision is emailed on its own.
    /// </summary>
    public int Revision { get; init; }

    /// <summary>The signs not marked known: what makes a doctor alert news.</summary>
    public IEnumerable<string> NewSigns => Signs.Except(KnownSigns, StringComparer.Ordinal);

    /// <summary>The plain title in English (the CLI's reports); the rule id stays in JSON and logs.</summary>
    public string Title => AlertTitles.Of(Rule);

    /// <summary>The plain title emails, pages and summaries use, in the reader's language.</summary>
    public string TitleIn(Localization.Words words) =>
        Localization.Words.Has($"Rule.{Rule}.Title") ? words[$"Rule.{Rule}.Title"] : Title;

    /// <summary>
    /// Derived from pain or symptoms (health data): reaches a coach only with the athlete's consent, and then without
    /// scores, symptoms or notes (docs/design.md#delivery, #privacy).
    /// </summary>
    public bool IsFromPain => IsDoctorAlert || Rule == PainAfterHeavyRule.RuleName;
}

public static class AlertTitles
{
    public static string Of(string rule) =>
        rule switch
        {
            "acwr-spike" => "Load jumped this week",
            "spinal-jump" => "Spine-loading volume jumped this week",
            "return-after-break" => "Back after a break, at close to full load",
            "stacked-progression" => "Sets, reps and weight all went up at once",
            "back-to-back-hinge" => "Heavy hinge days back to back",
            "pain-after-heavy" => "More pain the day after a heavy day",
            "monotony-high" => "Every day alike, in a heavier week",
            "see-doctor-emergency" => "Call the emergency number now or go to an emergency department",
            "see-doctor-urgent" => "See a doctor today or within 24 hours",
            "see-doctor-soon" => "Book a GP or physiotherapist within about a week",
            _ => rule,
        };
}
