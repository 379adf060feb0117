using BackSignal.Core.Model;

namespace BackSignal.Core.Metrics;

/// <summary>How a session's load was found, the weakest first (a day takes the weakest of its sessions').</summary>
public enum LoadMethod
{
    Duration,
    Trimp,
    Sets,
    SessionRpe,
}

public readonly record struct SessionLoad(double Load, LoadMethod Method)
{
    /// <summary>
    /// Session load in arbitrary units on the sRPE scale: Foster's RPE × minutes when an RPE is known; else, for a
    /// strength session, from its working sets (minutes of a lifting session are mostly rest: a two-hour session
    /// of long rests would outweigh a dense heavy hour, and a workout left open for hours would count them all);
    /// else Banister's TRIMP scaled to that scale when heart rates are known; else minutes × the default RPE.
    /// </summary>
    public static SessionLoad Of(WorkoutSummary workout, AthleteProfile profile, MetricsOptions options)
    {
        var minutes = Math.Max(0, workout.DurationMin);
        var rpe = workout.SessionRpe ?? MeanSetRpe(workout);
        if (rpe is { } r)
            return new(r * minutes, LoadMethod.SessionRpe);

        if (FromSets(workout, options) is { } sets)
            return new(sets, LoadMethod.Sets);

        if (workout.AvgHr is { } avg && profile.RestingHr is { } rest && profile.MaxHr is { } max && max > rest)
        {
            var reserve = Math.Clamp((avg - rest) / (max - rest), 0, 1);
            var trimp = minutes * reserve * 0.64 * Math.Exp(1.92 * reserve);
            return new(trimp * options.TrimpScale, LoadMethod.Trimp);
        }

        return new(minutes * options.DefaultRpe, LoadMethod.Duration);
    }

    /// <summary>
    /// The load of a strength session's working sets (null when it has none with reps): each hard set one
    /// <see cref="MetricsOptions.WorkingSetLoad"/>, a back-off set half. The session's own top set of each lift stands
    /// for the lifter's heavy: the load series is computed before the strength pass that knows their history.
    /// </summary>
    private static double? FromSets(WorkoutSummary workout, MetricsOptions options)
    {
        Dictionary<string, double>? top = null;
        foreach (var set in workout.Sets)
            if (set.IsWorkingSet && set.Reps is > 0)
            {
                top ??= new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                top[set.Exercise] = Math.Max(top.GetValueOrDefault(set.Exercise), set.WeightKg ?? 0);
            }
        if (top is null)
            return null;
        double load = 0;
        foreach (var set in workout.Sets)
        {
            if (!set.IsWorkingSet || set.Reps is not > 0)
                continue;
            var heaviest = top[set.Exercise];
            var backOff = heaviest > 0 && (set.WeightKg ?? 0) < options.BackOffFraction * heaviest;
            load += backOff ? options.WorkingSetLoad / 2 : options.WorkingSetLoad;
        }
        return load;
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
    /// <summary>The name used in JSON and storage: srpe, sets, trimp or duration.</summary>
    public static string Name(LoadMethod method) =>
        method switch
        {
            LoadMethod.SessionRpe => "srpe",
            LoadMethod.Sets => "sets",
            LoadMethod.Trimp => "trimp",
            _ => "duration",
        };
}
