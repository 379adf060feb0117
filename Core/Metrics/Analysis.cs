using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Metrics;

/// <summary>One day of an analysis: the rollup and its rolling measures.</summary>
public sealed record AnalysisDay(TrainingDay Day, DayMetrics Metrics);

public sealed record AnalysisResult(IReadOnlyList<AnalysisDay> Days, IReadOnlyList<Alert> Alerts);

/// <summary>
/// The pipeline's computation in memory, for `backsignal analyze`: every day from the first workout to
/// <c>asOf</c> (rest days included), its measures, and every alert the rules raise, whatever its age.
/// </summary>
public static class Analysis
{
    public static AnalysisResult Run(
        AthleteProfile profile,
        IReadOnlyList<WorkoutSummary> workouts,
        DateOnly? asOf,
        MetricsOptions metrics,
        AlertOptions alerts,
        IEnumerable<IAlertRule> rules)
    {
        if (workouts.Count == 0) return new AnalysisResult([], []);
        var byDay = workouts.ToLookup(w => profile.LocalDate(w.Start));
        var first = byDay.Min(g => g.Key);
        var last = asOf ?? byDay.Max(g => g.Key);
        if (last < first) return new AnalysisResult([], []);

        var rollups = new List<TrainingDay>(last.DayNumber - first.DayNumber + 1);
        for (var d = first; d <= last; d = d.AddDays(1))
            rollups.Add(TrainingDay.Of(d, byDay[d].ToList(), profile, metrics));
        var series = LoadSeries.Compute(rollups.Select(r => (r.Date, r.Load)).ToList(), null, metrics);
        var context = new RuleContext(series, metrics, alerts);
        var raised = rules.SelectMany(r => r.Evaluate(context)).OrderBy(a => a.Date).ThenBy(a => a.Rule).ToList();
        return new AnalysisResult(rollups.Zip(series, (r, m) => new AnalysisDay(r, m)).ToList(), raised);
    }
}
