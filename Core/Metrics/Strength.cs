using BackSignal.Core.Model;

namespace BackSignal.Core.Metrics;

/// <summary>One exercise on one day: its working sets, total reps, top weight, best estimated 1RM and volume.</summary>
public sealed record ExerciseDay(
    MovementPattern Pattern,
    double SpineFactor,
    int Sets,
    int Reps,
    double TopWeightKg,
    double? BestE1rmKg,
    double VolumeKg,
    double? MaxRpe
);

/// <summary>
/// One spine-loading exercise today against its usual sessions (the last few within the look-back): the input of
/// the "one variable at a time" rule. Usual is the most of each the lifter did in those sessions, so a lifter who
/// rotates rep schemes is compared with all of them, not with whichever came last.
/// </summary>
public sealed record ExerciseProgression(
    string Exercise,
    DateOnly LastDate,
    int UsualSessions,
    int UsualSets,
    int Sets,
    double UsualRepsPerSet,
    double RepsPerSet,
    double UsualTopWeightKg,
    double TopWeightKg
)
{
    /// <summary>The weight must beat the heaviest usual top set by this much to be "up" (one plate jump).</summary>
    public const double WeightStep = 0.025;

    public bool SetsUp => Sets > UsualSets;

    /// <summary>Reps per set, not in total (adding a set is not also "more reps"), by at least one.</summary>
    public bool RepsUp => RepsPerSet >= UsualRepsPerSet + 1 - 1e-9;
    public bool WeightUp => TopWeightKg >= UsualTopWeightKg * (1 + WeightStep);
    public bool AllUp => SetsUp && RepsUp && WeightUp;
}

/// <summary>What the strength pass adds to a day: the heavy-hinge flag with its reason, and the progressions.</summary>
public sealed record StrengthDay(
    DateOnly Date,
    bool HeavyHinge,
    string? HeavyHingeReason,
    IReadOnlyList<ExerciseProgression> Progressions
)
{
    /// <summary>
    /// A heavy day of spine-loading squats (same tests as a heavy hinge day): pain-after-heavy follows it too.
    /// </summary>
    public bool HeavySquat { get; init; }
}

public static class Epley
{
    /// <summary>Estimated one-repetition maximum, w·(1 + reps/30), for sets of 1–10 reps; null otherwise.</summary>
    public static double? E1rm(double weightKg, int reps) =>
        reps is >= 1 and <= 10 && weightKg > 0 ? weightKg * (1 + reps / 30.0) : null;
}

/// <summary>
/// Heavy hinge days and per-exercise progression: a day is a heavy hinge day when a hinge set reaches 80 % of the
/// lift's best e1RM of the 84 days before, or an RPE of 8 where the lifter's usual sets of it are easier, or the
/// day's hinge volume is 1.5 × its average on the hinge days of the 28 days before.
/// </summary>
public static class StrengthSeries
{
    /// <param name="history">
    /// Days before <paramref name="days"/>, oldest first (at least <see cref="MetricsOptions.StrengthLookbackDays"/> of
    /// them when available).
    /// </param>
    public static IReadOnlyList<StrengthDay> Compute(
        IReadOnlyList<TrainingDay> history,
        IReadOnlyList<TrainingDay> days,
        MetricsOptions options
    )
    {
        var all = history.Concat(days).OrderBy(d => d.Date).ToList();
        var firstComputed = days.Count > 0 ? days[0].Date : DateOnly.MaxValue;
        var result = new List<StrengthDay>(days.Count);
        for (var i = 0; i < all.Count; i++)
        {
            var day = all[i];
            if (day.Date < firstComputed)
                continue;
            var (heavy, reason) = Heavy(all, i, options, MovementPattern.Hinge);
            var (heavySquat, _) = Heavy(all, i, options, MovementPattern.Squat);
            result.Add(
                new StrengthDay(day.Date, heavy, reason, Progressions(all, i, options)) { HeavySquat = heavySquat }
            );
        }
        return result;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>The spine factor from which an exercise loads the back (a machine hip thrust, 0, does not).</summary>
    public const double SpineLoading = 0.5;

    /// <summary>
    /// A heavy day of spine-loading work of <paramref name="pattern"/>: a set at 80 % of the lift's best recent
    /// e1RM, or an RPE of 8, or (hinges) the day's hinge volume 1.5 × its average on the hinge days before.
    /// </summary>
    private static (bool, string?) Heavy(
        List<TrainingDay> all,
        int index,
        MetricsOptions options,
        MovementPattern pattern
    )
    {
        var day = all[index];
        var hinges = day
            .Exercises.Where(e => e.Value.Pattern == pattern && e.Value.SpineFactor >= SpineLoading && e.Value.Sets > 0)
            .ToList();
        if (hinges.Count == 0)
            return (false, null);

        var lookbackStart = day.Date.AddDays(-options.StrengthLookbackDays);
        foreach (var (name, today) in hinges)
        {
            // Against the lift's best e1RM of the look-back before today: today's own set is not its own yardstick.
            double? best = null;
            var rpes = new List<double>();
            for (var j = index - 1; j >= 0 && all[j].Date > lookbackStart; j--)
                if (all[j].Exercises.TryGetValue(name, out var e))
                {
                    if (e.BestE1rmKg > (best ?? 0))
                        best = e.BestE1rmKg;
                    if (e.MaxRpe is { } rpe)
                        rpes.Add(rpe);
                }
            if (best is > 0 && today.TopWeightKg >= options.HeavyFractionOfE1rm * best.Value)
                return (
                    true,
                    HeavyReason.Of(
                        HeavyReason.E1rm,
                        name,
                        today.TopWeightKg,
                        today.TopWeightKg / best.Value,
                        options.StrengthLookbackDays,
                        best.Value
                    )
                );
            // An RPE of 8 is heavy only for a lifter whose usual sets of this lift are easier than that.
            if (today.MaxRpe >= options.HeavyRpe && (rpes.Count == 0 || Median(rpes) < options.HeavyRpe))
                return (true, HeavyReason.Of(HeavyReason.Rpe, name, today.MaxRpe.Value));
        }

        if (pattern != MovementPattern.Hinge)
            return (false, null);
        var hingeVolume = day.HingeVolumeKg;
        var windowStart = day.Date.AddDays(-options.ChronicDays);
        var earlier = new List<double>();
        for (var j = index - 1; j >= 0 && all[j].Date >= windowStart; j--)
            if (all[j].HingeVolumeKg > 0)
                earlier.Add(all[j].HingeVolumeKg);
        if (earlier.Count > 0 && hingeVolume >= options.HeavyHingeVolumeFactor * earlier.Average())
            return (
                true,
                HeavyReason.Of(
                    HeavyReason.Volume,
                    "",
                    hingeVolume,
                    hingeVolume / earlier.Average(),
                    options.ChronicDays,
                    earlier.Average()
                )
            );
        return (false, null);
    }

    /// <summary>How many of a lift's recent sessions make its usual.</summary>
    public const int UsualSessions = 6;

    private static IReadOnlyList<ExerciseProgression> Progressions(
        List<TrainingDay> all,
        int index,
        MetricsOptions options
    )
    {
        var day = all[index];
        List<ExerciseProgression>? result = null;
        var lookbackStart = day.Date.AddDays(-options.StrengthLookbackDays);
        foreach (var (name, today) in day.Exercises)
        {
            // "Progress one variable at a time" is about spine-loading lifts (spine factor ≥ 0.5).
            if (today.SpineFactor < SpineLoading || today.Sets == 0)
                continue;
            var usual = new List<(DateOnly Date, ExerciseDay Lift)>();
            for (var j = index - 1; j >= 0 && all[j].Date > lookbackStart && usual.Count < UsualSessions; j--)
                if (all[j].Exercises.TryGetValue(name, out var before) && before.Sets > 0)
                    usual.Add((all[j].Date, before));
            if (usual.Count == 0)
                continue;
            (result ??= []).Add(
                new ExerciseProgression(
                    name,
                    usual[0].Date,
                    usual.Count,
                    usual.Max(u => u.Lift.Sets),
                    today.Sets,
                    usual.Max(u => (double)u.Lift.Reps / u.Lift.Sets),
                    (double)today.Reps / today.Sets,
                    usual.Max(u => u.Lift.TopWeightKg),
                    today.TopWeightKg
                )
            );
        }
        return result ?? [];
    }
}

/// <summary>
/// Why a day counted as a heavy hinge day, kept as data rather than words ("e1rm|Deadlift (Barbell)|180|0.92|90|195",
/// invariant numbers) so that the alert that quotes it is written in the reader's language (Rules' HeavyReasons).
/// </summary>
public static class HeavyReason
{
    public const string E1rm = "e1rm";
    public const string Rpe = "rpe";
    public const string Volume = "volume";

    public static string Of(string kind, string exercise, params double[] numbers) =>
        string.Join(
            '|',
            new[] { kind, exercise.Replace('|', '/') }.Concat(
                numbers.Select(n => Math.Round(n, 3).ToString(System.Globalization.CultureInfo.InvariantCulture))
            )
        );
}
