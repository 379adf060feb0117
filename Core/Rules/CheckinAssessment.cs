using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// What a check-in channel (the page, the CLI) shows the moment a check-in is sent: the alert of the highest tier
/// reached by today's answers and the history together (or none), and every finding, new and known.
/// </summary>
public sealed record CheckinAssessment(PainCheckin Checkin, Alert? Alert, IReadOnlyList<DoctorFinding> Findings)
{
    /// <param name="context">The athlete's profile and thresholds, and their check-ins, this one among them.</param>
    public static CheckinAssessment Of(PainCheckin checkin, RuleContext context)
    {
        var findings = SeeADoctorRule.Findings(checkin, context);
        return new(checkin, SeeADoctorRule.AlertOf(checkin, findings, context.Safety), findings)
        {
            Safety = context.Safety,
        };
    }

    /// <summary>The athlete's language and numbers: what the answer is written in.</summary>
    public Localization.SafetyLines Safety { get; init; } = Localization.SafetyLines.English;

    public IReadOnlyList<DoctorFinding> New => [.. Findings.Where(f => !f.Known)];

    public IReadOnlyList<DoctorFinding> Known => [.. Findings.Where(f => f.Known)];

    /// <summary>The highest tier of the known signs: what their quieter advice says to do if they change.</summary>
    public AlertTier? KnownTier => Known.Count == 0 ? null : Known.Max(f => f.Tier);

    /// <summary>A new finding leads; known signs alone are shown quietly.</summary>
    public bool Leads => New.Count > 0;
}
