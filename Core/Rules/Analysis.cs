using BackSignal.Core.Metrics;
using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

public sealed record AnalysisResult(IReadOnlyList<ComputedDay> Days, IReadOnlyList<Alert> Alerts);

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
        IEnumerable<IAlertRule> rules,
        IReadOnlyList<PainCheckin>? checkins = null
    )
    {
        checkins = PainCheckin.OnePerDay(checkins ?? []);
        if (workouts.Count == 0 && checkins.Count == 0)
            return new AnalysisResult([], []);
        var byDay = workouts.ToLookup(w => profile.LocalDate(w.Start));
        var dates = byDay.Select(g => g.Key).Concat(checkins.Select(c => c.Date)).ToList();
        var first = dates.Min();
        var last = asOf ?? dates.Max();
        if (last < first)
            return new AnalysisResult([], []);

        var pain = checkins
            .Where(c => c.Pain is not null)
            .GroupBy(c => c.Date)
            .ToDictionary(g => g.Key, g => g.Last().Pain!.Value);
        var days = DaySeries.Compute([], DaySeries.Rollups(first, last, byDay, profile, metrics, pain), null, metrics);
        var context = new RuleContext(days, metrics, alerts.For(profile)) { Profile = profile, Checkins = checkins };
        var raised = rules.SelectMany(r => r.Evaluate(context)).OrderBy(a => a.Date).ThenBy(a => a.Rule).ToList();
        return new AnalysisResult(days, raised);
    }
}
