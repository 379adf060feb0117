using BackSignal.Core.Model;

namespace BackSignal.Core.Metrics;

public enum LoadMethod
{
    Duration,
    Trimp,
    SessionRpe,
}

public readonly record struct SessionLoad(double Load, LoadMethod Method)
{
    /// <summary>
    /// Session load in arbitrary units on the sRPE scale: Foster's RPE × minutes when an RPE is known,
    /// else Banister's TRIMP scaled to that scale when heart rates are known, else minutes × the default RPE.
    /// </summary>
    public static SessionLoad Of(WorkoutSummary workout, AthleteProfile profile, MetricsOptions options)
    {
        var minutes = Math.Max(0, workout.DurationMin);
        var rpe = workout.SessionRpe ?? MeanSetRpe(workout);
        if (rpe is { } r)
            return new(r * minutes, LoadMethod.SessionRpe);

        if (workout.AvgHr is { } avg && profile.RestingHr is { } rest && profile.MaxHr is { } max && max > rest)
        {
            var reserve = Math.Clamp((avg - rest) / (max - rest), 0, 1);
            var trimp = minutes * reserve * 0.64 * Math.Exp(1.92 * reserve);
            return new(trimp * options.TrimpScale, LoadMethod.Trimp);
        }

        return new(minutes * options.DefaultRpe, LoadMethod.Duration);
    }

    private static double? MeanSetRpe(WorkoutSummary workout)
    {
        double sum = 0;
        var count = 0;
        foreach (var set in workout.Sets)
        {
            if (set.Rpe is { } value && set.IsWorkingSet)
            {
                sum += value;
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }
}

public static class LoadMethods
{
    /// <summary>The name used in JSON and storage: srpe, trimp or duration.</summary>
    public static string Name(LoadMethod method) =>
        method switch
        {
            LoadMethod.SessionRpe => "srpe",
            LoadMethod.Trimp => "trimp",
            _ => "duration",
        };
}
