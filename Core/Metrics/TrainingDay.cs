using BackSignal.Core.Model;

namespace BackSignal.Core.Metrics;

/// <summary>The rollup of one athlete-local calendar day (rest days are days with zero load).</summary>
public sealed record TrainingDay(
    DateOnly Date,
    double Load,
    LoadMethod? LoadMethod,
    double VolumeLoadKg,
    int Sessions,
    int Sets
)
{
    /// <summary>
    /// Volume load weighted by each exercise's spine factor (a heuristic of this project, docs/design.md#formulas).
    /// </summary>
    public double SpinalLoadKg { get; init; }

    /// <summary>Volume load of spine-loading hinge exercises alone (spine factor ≥ 0.5).</summary>
    public double HingeVolumeKg { get; init; }

    /// <summary>Working sets per movement pattern (hinge, squat, …), for the day's shape.</summary>
    public IReadOnlyDictionary<string, int> SetsByPattern { get; init; } = Empty;

    /// <summary>Each exercise of the day (working sets only), keyed by its name as exported.</summary>
    public IReadOnlyDictionary<string, ExerciseDay> Exercises { get; init; } = NoExercises;

    /// <summary>The day's low-back pain (0–10) from a check-in, when there is one.</summary>
    public int? Pain { get; init; }

    private static readonly IReadOnlyDictionary<string, int> Empty = new Dictionary<string, int>();
    private static readonly IReadOnlyDictionary<string, ExerciseDay> NoExercises =
        new Dictionary<string, ExerciseDay>();

    public static TrainingDay Rest(DateOnly date) => new(date, 0, null, 0, 0, 0);

    /// <summary>Rolls the day's workouts up; the load method shown is the weakest one used that day.</summary>
    public static TrainingDay Of(
        DateOnly date,
        IReadOnlyCollection<WorkoutSummary> workouts,
        AthleteProfile profile,
        MetricsOptions options,
        ExerciseCatalog? catalog = null
    )
    {
        if (workouts.Count == 0)
            return Rest(date);
        catalog ??= ExerciseCatalog.Default;
        double load = 0,
            volume = 0,
            spinal = 0,
            hinge = 0;
        LoadMethod? method = null;
        var sets = 0;
        var patterns = new Dictionary<string, int>();
        var exercises = new Dictionary<string, ExerciseDay>(StringComparer.OrdinalIgnoreCase);
        foreach (var workout in workouts)
        {
            var session = SessionLoad.Of(workout, profile, options);
            load += session.Load;
            method = method is null || session.Method < method ? session.Method : method;
            foreach (var set in workout.Sets)
            {
                sets++;
                if (!set.IsWorkingSet)
                    continue;
                var info = catalog.Find(set.Exercise);
                var pattern = (info?.Pattern ?? MovementPattern.Other).ToString().ToLowerInvariant();
                patterns[pattern] = patterns.GetValueOrDefault(pattern) + 1;
                var reps = set.Reps ?? 0;
                var weight = set.WeightKg ?? 0;
                if (weight <= 0 && reps > 0)
                    weight = profile.BodyMassKg ?? 0;
                var setVolume = weight * reps;
                var e1rm = set.WeightKg is > 0 ? Epley.E1rm(set.WeightKg.Value, reps) : null;
                var known = exercises.GetValueOrDefault(set.Exercise);
                exercises[set.Exercise] = known is null
                    ? new ExerciseDay(
                        info?.Pattern ?? MovementPattern.Other,
                        info?.SpineFactor ?? 0,
                        1,
                        reps,
                        set.WeightKg ?? 0,
                        e1rm,
                        setVolume,
                        set.Rpe
                    )
                    : known with
                    {
                        Sets = known.Sets + 1,
                        Reps = known.Reps + reps,
                        TopWeightKg = Math.Max(known.TopWeightKg, set.WeightKg ?? 0),
                        BestE1rmKg = e1rm is { } v && !(known.BestE1rmKg >= v) ? v : known.BestE1rmKg,
                        VolumeKg = known.VolumeKg + setVolume,
                        MaxRpe = set.Rpe is { } r && !(known.MaxRpe >= r) ? r : known.MaxRpe,
                    };
                if (reps <= 0)
                    continue;
                volume += setVolume;
                spinal += setVolume * (info?.SpineFactor ?? 0);
                // Hinge volume counts spine-loading hinges only: a machine hip thrust is not a hinge for the back.
                if (info is { Pattern: MovementPattern.Hinge, SpineFactor: >= StrengthSeries.SpineLoading })
                    hinge += setVolume;
            }
        }
        return new(date, load, method, volume, workouts.Count, sets)
        {
            SpinalLoadKg = spinal,
            HingeVolumeKg = hinge,
            SetsByPattern = patterns,
            Exercises = exercises,
        };
    }
}
