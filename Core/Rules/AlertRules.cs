using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// What the rules see: the recomputed days (rollup, measures, strength pass), oldest first, the check-ins from well
/// before the first of them (for baselines), and which earlier days were heavy hinge days.
/// </summary>
public sealed record RuleContext(IReadOnlyList<ComputedDay> Days, MetricsOptions Metrics, AlertOptions Alerts)
{
    /// <summary>The athlete, for the health context that raises a doctor tier; null counts as none.</summary>
    public AthleteProfile? Profile { get; init; }

    /// <summary>The athlete's language and country: the see-a-doctor advice's language and numbers.</summary>
    public Localization.SafetyLines Safety => Localization.SafetyLines.For(Profile);

    /// <summary>Stored days before <see cref="Days"/>, oldest first: the weeks the rules compare with.</summary>
    public IReadOnlyList<TrainingDay> History { get; init; } = [];
    public IReadOnlyList<PainCheckin> Checkins { get; init; } = [];
    public IReadOnlySet<DateOnly> HeavyHingeBefore { get; init; } = new HashSet<DateOnly>();
    public IReadOnlySet<DateOnly> HeavySquatBefore { get; init; } = new HashSet<DateOnly>();

    public bool IsHeavyHinge(DateOnly day) =>
        Days.FirstOrDefault(d => d.Day.Date == day) is { } computed
            ? computed.Strength.HeavyHinge
            : HeavyHingeBefore.Contains(day);

    /// <summary>A heavy day of spine-loading hinges or squats.</summary>
    public bool IsHeavySpinalDay(DateOnly day) =>
        IsHeavyHinge(day)
        || (
            Days.FirstOrDefault(d => d.Day.Date == day) is { } computed
                ? computed.Strength.HeavySquat
                : HeavySquatBefore.Contains(day)
        );

    private TrainingWeeks? _weeks;

    /// <summary>
    /// The athlete's weeks (stored history and recomputed days) that the overload rules compare with.
    /// </summary>
    public TrainingWeeks Weeks => _weeks ??= new TrainingWeeks(History.Concat(Days.Select(d => d.Day)), Alerts);

    /// <summary>The check-ins whose day was recomputed: the ones the rules may raise alerts about.</summary>
    public IEnumerable<PainCheckin> CheckinsInRange =>
        Days.Count == 0 ? [] : Checkins.Where(c => c.Date >= Days[0].Day.Date && c.Date <= Days[^1].Day.Date);
}

public interface IAlertRule
{
    string Name { get; }
    IEnumerable<Alert> Evaluate(RuleContext context);
}

/// <summary>Every rule of docs/design.md#rules, in one place for the pipeline and `analyze`.</summary>
public static class AlertRuleSet
{
    public static IReadOnlyList<IAlertRule> All { get; } =
    [
        new AcwrSpikeRule(),
        new SpinalJumpRule(),
        new ReturnAfterBreakRule(),
        new StackedProgressionRule(),
        new BackToBackHingeRule(),
        new PainAfterHeavyRule(),
        new MonotonyHighRule(),
        new SeeADoctorRule(),
    ];
}
