using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// What one pass computes from: the stored days before <see cref="Start"/> (for the rolling windows and the
/// strength look-back), the workouts from <see cref="Start"/> and the check-ins of the pain windows.
/// </summary>
public sealed record RecomputeInputs(
    DateOnly Start,
    DateOnly End,
    IReadOnlyList<StoredDay> Stored,
    IReadOnlyList<TrainingDay> History,
    SeriesState? Before,
    IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> Workouts,
    IReadOnlyList<PainCheckin> Checkins
);

/// <summary>The computed days, the alerts the rules raised on them, and the context the rules saw.</summary>
public sealed record Recalculated(IReadOnlyList<ComputedDay> Days, IReadOnlyList<Alert> Raised, RuleContext Context);

/// <summary>
/// The one computation of days, rules and delivery decisions, shared by the full recompute and the intake's one-hop
/// path (<see cref="LatestDayUpdate"/>), so that both give the same rows from the same inputs.
/// </summary>
public sealed class Recalculation(
    IEnumerable<IAlertRule> rules,
    IOptions<MetricsOptions> metricsOptions,
    IOptions<AlertOptions> alertOptions
)
{
    public MetricsOptions Metrics => metricsOptions.Value;

    public AlertOptions AlertsFor(AthleteProfile profile) => alertOptions.Value.For(profile);

    /// <summary>Stored days a pass reads before its start: the rolling windows and the strength look-back.</summary>
    public int LookbackDays => Math.Max(LoadSeries.WindowDays(Metrics), Metrics.StrengthLookbackDays);

    /// <summary>Check-ins a pass reads before its start: the pain baselines and the flare-up window.</summary>
    public int PainDays(AthleteProfile profile)
    {
        var alerting = AlertsFor(profile);
        return new[]
        {
            alerting.FlareUpWindowDays,
            alerting.PainBaselineDays + 1,
            alerting.PersistentLookbackDays + 1,
            alerting.NewPainDays + 1,
        }.Max();
    }

    /// <summary>
    /// The inputs of a pass from <paramref name="start"/>: with the stored days before it when they end the day
    /// before (history and series state resume from them), else from nothing (the athlete's first day).
    /// </summary>
    public RecomputeInputs Inputs(
        DateOnly start,
        DateOnly end,
        IReadOnlyList<StoredDay> stored,
        IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> workouts,
        IReadOnlyList<PainCheckin> checkins
    )
    {
        if (stored.Count == 0 || stored[^1].Metrics.Date != start.AddDays(-1))
            return new RecomputeInputs(start, end, stored, [], null, workouts, checkins);
        var history = stored.Select(h => h.Day).ToList();
        var before = SeriesState.Before(start, stored[^1].Metrics, history, Metrics);
        return new RecomputeInputs(start, end, stored, history, before, workouts, checkins);
    }

    public Recalculated Compute(AthleteProfile profile, RecomputeInputs inputs)
    {
        var from = new PassStart(
            inputs.History,
            inputs.Before,
            inputs.Stored.Where(h => h.HeavyHinge).Select(h => h.Metrics.Date).ToHashSet(),
            inputs.Stored.Where(h => h.HeavySquat).Select(h => h.Metrics.Date).ToHashSet()
        );
        var (days, raised, context) = Analysis.Compute(
            profile,
            inputs.Start,
            inputs.End,
            inputs.Workouts.ToLookup(w => w.Day, w => w.Workout),
            inputs.Checkins,
            from,
            Metrics,
            AlertsFor(profile),
            rules
        );
        return new Recalculated(days, raised, context);
    }

    /// <summary>The first day whose stored alerts <see cref="Decide"/> needs, or null when none was raised.</summary>
    public static DateOnly? KnownAlertsSince(Recalculated result) =>
        result.Raised.Count == 0
            ? null
            : result.Raised.Min(a => a.Date).AddDays(-AlertDelivery.LookbackDays(result.Context.Alerts));

    /// <summary>
    /// The delivery decisions of the raised alerts (<see cref="AlertDelivery"/>), against the stored ones from
    /// <see cref="KnownAlertsSince"/> on (older ones given are left out).
    /// </summary>
    public static IReadOnlyList<AlertDecision> Decide(
        Recalculated result,
        DateOnly today,
        IEnumerable<StoredAlert> stored
    )
    {
        if (KnownAlertsSince(result) is not { } since)
            return [];
        var known = stored.Where(a => a.Alert.Date >= since).Select(a => (a.Alert, a.Notify)).ToList();
        return AlertDelivery.Decide(result.Raised, today, known, result.Context.Alerts, result.Context.Profile?.Plans);
    }
}
