using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Metrics;

/// <summary>One computed day: its rollup, its rolling measures and its strength pass.</summary>
public sealed record ComputedDay(TrainingDay Day, DayMetrics Metrics, StrengthDay Strength);

public sealed record AnalysisResult(IReadOnlyList<ComputedDay> Days, IReadOnlyList<Alert> Alerts);

/// <summary>The computation shared by the pipeline's recompute and `backsignal analyze`.</summary>
public static class DaySeries
{
    /// <param name="history">Stored rollups of the days before <paramref name="rollups"/> (for e1RM and hinge history), oldest first.</param>
    /// <param name="before">The series state of the day before <paramref name="rollups"/>[0], or null to start there.</param>
    public static IReadOnlyList<ComputedDay> Compute(IReadOnlyList<TrainingDay> history, IReadOnlyList<TrainingDay> rollups, SeriesState? before, MetricsOptions options)
    {
        var metrics = LoadSeries.Compute(rollups.Select(r => new DayLoad(r.Date, r.Load, r.SpinalLoadKg)).ToList(), before, options);
        var strength = StrengthSeries.Compute(history, rollups, options);
        var result = new List<ComputedDay>(rollups.Count);
        for (var i = 0; i < rollups.Count; i++) result.Add(new ComputedDay(rollups[i], metrics[i], strength[i]));
        return result;
    }

    /// <summary>Rollups for every day from <paramref name="from"/> to <paramref name="to"/>, rest days included.</summary>
    public static List<TrainingDay> Rollups(DateOnly from, DateOnly to, ILookup<DateOnly, WorkoutSummary> workouts, AthleteProfile profile, MetricsOptions options,
        IReadOnlyDictionary<DateOnly, int>? pain = null)
    {
        var rollups = new List<TrainingDay>(Math.Max(0, to.DayNumber - from.DayNumber + 1));
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var day = TrainingDay.Of(d, workouts[d].ToList(), profile, options);
            if (pain is not null && pain.TryGetValue(d, out var p)) day = day with { Pain = p };
            rollups.Add(day);
        }
        return rollups;
    }
}

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
        IReadOnlyList<PainCheckin>? checkins = null)
    {
        checkins = (checkins ?? []).OrderBy(c => c.Date).ToList();
        if (workouts.Count == 0 && checkins.Count == 0) return new AnalysisResult([], []);
        var byDay = workouts.ToLookup(w => profile.LocalDate(w.Start));
        var dates = byDay.Select(g => g.Key).Concat(checkins.Select(c => c.Date)).ToList();
        var first = dates.Min();
        var last = asOf ?? dates.Max();
        if (last < first) return new AnalysisResult([], []);

        var pain = checkins.GroupBy(c => c.Date).ToDictionary(g => g.Key, g => g.Last().Pain);
        var days = DaySeries.Compute([], DaySeries.Rollups(first, last, byDay, profile, metrics, pain), null, metrics);
        var context = new RuleContext(days, metrics, alerts.For(profile)) { Profile = profile, Checkins = checkins };
        var raised = rules.SelectMany(r => r.Evaluate(context)).OrderBy(a => a.Date).ThenBy(a => a.Rule).ToList();
        return new AnalysisResult(days, raised);
    }
}
