using BackSignal.Core.Model;

namespace BackSignal.Bench;

/// <summary>What the harnesses share: the workout they send and the percentiles they report.</summary>
internal static class Figures
{
    internal static WorkoutSummary Workout(string athleteId, DateOnly day, int i) =>
        new()
        {
            AthleteId = athleteId,
            Source = "bench",
            Start = new DateTimeOffset(day.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero),
            DurationMin = 50 + i % 30,
            SessionRpe = 6,
            Title = $"Bench {i}",
            Sets =
            [
                .. Enumerable
                    .Range(1, 12)
                    .Select(n => new WorkoutSet
                    {
                        Exercise = n % 2 == 0 ? "Deadlift (Barbell)" : "Squat (Barbell)",
                        SetIndex = n,
                        WeightKg = 80 + n,
                        Reps = 5,
                    }),
            ],
        };

    internal static object Percentiles(List<double> values) =>
        new
        {
            p50 = Math.Round(Percentile(values, 0.50), 1),
            p95 = Math.Round(Percentile(values, 0.95), 1),
            p99 = Math.Round(Percentile(values, 0.99), 1),
            max = Math.Round(Percentile(values, 1.0), 1),
        };

    /// <summary>The nearest-rank percentile (0 for no values).</summary>
    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
