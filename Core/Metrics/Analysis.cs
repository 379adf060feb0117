using BackSignal.Core.Model;

namespace BackSignal.Core.Metrics;

/// <summary>One computed day: its rollup, its rolling measures and its strength pass.</summary>
public sealed record ComputedDay(TrainingDay Day, DayMetrics Metrics, StrengthDay Strength);

/// <summary>The computation shared by the pipeline's recompute and `backsignal analyze`.</summary>
public static class DaySeries
{
    /// <param name="history">
    /// Stored rollups of the days before <paramref name="rollups"/> (for e1RM and hinge history), oldest first.
    /// </param>
    /// <param name="before">
    /// The series state of the day before <paramref name="rollups"/>[0], or null to start there.
    /// </param>
    public static IReadOnlyList<ComputedDay> Compute(
        IReadOnlyList<TrainingDay> history,
        IReadOnlyList<TrainingDay> rollups,
        SeriesState? before,
        MetricsOptions options
    )
    {
        var metrics = LoadSeries.Compute(
            rollups.Select(r => new DayLoad(r.Date, r.Load, r.SpinalLoadKg)).ToList(),
            before,
            options
        );
        var strength = StrengthSeries.Compute(history, rollups, options);
        var result = new List<ComputedDay>(rollups.Count);
        for (var i = 0; i < rollups.Count; i++)
            result.Add(new ComputedDay(rollups[i], metrics[i], strength[i]));
        return result;
    }

    /// <summary>
    /// Rollups for every day from <paramref name="from"/> to <paramref name="to"/>, rest days included.
    /// </summary>
    public static List<TrainingDay> Rollups(
        DateOnly from,
        DateOnly to,
        ILookup<DateOnly, WorkoutSummary> workouts,
        AthleteProfile profile,
        MetricsOptions options,
        IReadOnlyDictionary<DateOnly, int>? pain = null
    )
    {
        var rollups = new List<TrainingDay>(Math.Max(0, to.DayNumber - from.DayNumber + 1));
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var day = TrainingDay.Of(d, workouts[d].ToList(), profile, options);
            if (pain is not null && pain.TryGetValue(d, out var p))
                day = day with { Pain = p };
            rollups.Add(day);
        }
        return rollups;
    }
}
