using BackSignal.Core.Model;

namespace BackSignal.Core.Metrics;

/// <summary>The rollup of one athlete-local calendar day (rest days are days with zero load).</summary>
public sealed record TrainingDay(
    DateOnly Date,
    double Load,
    LoadMethod? LoadMethod,
    double VolumeLoadKg,
    int Sessions,
    int Sets)
{
    public static TrainingDay Rest(DateOnly date) => new(date, 0, null, 0, 0, 0);

    /// <summary>Rolls the day's workouts up; the load method shown is the weakest one used that day.</summary>
    public static TrainingDay Of(DateOnly date, IReadOnlyCollection<WorkoutSummary> workouts, AthleteProfile profile, MetricsOptions options)
    {
        if (workouts.Count == 0) return Rest(date);
        double load = 0, volume = 0;
        LoadMethod? method = null;
        var sets = 0;
        foreach (var workout in workouts)
        {
            var session = SessionLoad.Of(workout, profile, options);
            load += session.Load;
            method = method is null || session.Method < method ? session.Method : method;
            foreach (var set in workout.Sets)
            {
                sets++;
                if (!set.IsWorkingSet || set.Reps is not > 0) continue;
                var weight = set.WeightKg ?? 0;
                if (weight <= 0) weight = profile.BodyMassKg ?? 0;
                volume += weight * set.Reps.Value;
            }
        }
        return new(date, load, method, volume, workouts.Count, sets);
    }
}
