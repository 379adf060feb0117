using System.Runtime.InteropServices;
using System.Text.Json;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>Checks a canonical workout summary (docs/design.md#canonical-workout) before anything is stored.</summary>
public static class WorkoutValidation
{
    /// <summary>A long session has a few hundred sets; this many fit one table row with room to spare.</summary>
    public const int MaxSets = 1_000;

    /// <summary>
    /// The most JSON characters of one stored workout: Azure caps an entity at 1 MiB of UTF-16 (Azurite does not), and
    /// the workout row splits its JSON over 64 KiB properties (see TrainingStore).
    /// </summary>
    public const int MaxStoredJsonChars = 420_000;
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The longest exercise name kept; longer names are cut (no catalog name is near it).</summary>
    public const int MaxExerciseChars = 100;
    public const int MaxTitleChars = 300;

    /// <summary>
    /// No strength session lasts this long: a workout left open in the app (Strong writes "264h 1m").
    /// </summary>
    public const double MaxStrengthMinutes = 5 * 60;
    public const double MaxMinutes = 24 * 60;

    /// <summary>What a working set and its rest take, for a duration that had to be dropped.</summary>
    public const double MinutesPerWorkingSet = 3;

    /// <summary>A session of unknown length, when not even its sets tell.</summary>
    public const double DefaultMinutes = 60;

    /// <summary>
    /// The problems that leave no usable workout (version, athlete, start): empty when the workout can be stored,
    /// perhaps after <see cref="Repair"/> has dropped the values that are out of range.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> Problems(WorkoutSummary w, DateTimeOffset now)
    {
        var problems = new List<ValidationProblem>();
        if (w.V != 1)
            problems.Add(new("v", $"version {w.V} is not supported (expected 1)"));
        if (!AthleteIds.IsValid(w.AthleteId))
            problems.Add(new("athleteId", $"'{w.AthleteId}' is not a valid athlete id"));
        if (w.Start < Earliest || w.Start > now.AddDays(1))
            problems.Add(new("start", $"{w.Start:O} is outside 2000-01-01 .. tomorrow"));
        return problems;
    }

    /// <summary>
    /// The workout with every value that is out of range or unreadable dropped (a set without an exercise goes whole),
    /// and what was dropped, each with the field, the reason and what was done instead. The workout itself is never
    /// dropped here: one bad field does not cost a workout.
    /// </summary>
    public static (WorkoutSummary Workout, IReadOnlyList<FieldWarning> Dropped) Repair(WorkoutSummary w)
    {
        var dropped = new List<FieldWarning>();
        var sets = w.Sets;
        if (sets.Count > MaxSets)
        {
            dropped.Add(
                new(
                    "sets",
                    $"{sets.Count:N0} sets is more than {MaxSets:N0} in one workout",
                    $"the first {MaxSets:N0} were kept"
                )
            );
            sets = sets.Take(MaxSets).ToList();
        }
        List<WorkoutSet>? repairedSets = null;
        // One pass over the sets (a million in a large import) counts what the checks below need.
        int working = 0;
        long setsJsonBound = 0;
        var all =
            sets is List<WorkoutSet> list ? CollectionsMarshal.AsSpan(list)
            : sets is ArraySegment<WorkoutSet> segment ? segment.AsSpan()
            : sets.ToArray();
        for (var i = 0; i < all.Length; i++)
        {
            var before = dropped.Count;
            var set = RepairSet(all[i], i, dropped, out var keep);
            // Nothing dropped (the common case): the set is kept as it is, without copying the list.
            if (dropped.Count != before)
                repairedSets ??= sets.Take(i).ToList();
            if (!keep)
                continue;
            repairedSets?.Add(set);
            working += set.IsWorkingSet ? 1 : 0;
            setsJsonBound += MaxSetJsonChars + 6L * set.Exercise.Length;
        }
        var result = repairedSets is null && ReferenceEquals(sets, w.Sets) ? w : w with { Sets = repairedSets ?? sets };

        if (result.SessionRpe is < 0 or > 10 || result.SessionRpe is { } rpe && !double.IsFinite(rpe))
        {
            dropped.Add(new("sessionRpe", $"{result.SessionRpe} is outside 0..10", "dropped"));
            result = result with { SessionRpe = null };
        }
        if (!IsHeartRate(result.AvgHr))
        {
            dropped.Add(new("avgHr", HeartRateReason(result.AvgHr), "dropped: the load does not use heart rate"));
            result = result with { AvgHr = null };
        }
        if (!IsHeartRate(result.MaxHr))
        {
            dropped.Add(new("maxHr", HeartRateReason(result.MaxHr), "dropped"));
            result = result with { MaxHr = null };
        }
        if (result.Title?.Length > MaxTitleChars)
        {
            dropped.Add(new("title", $"longer than {MaxTitleChars} characters", $"cut to {MaxTitleChars}"));
            result = result with { Title = result.Title[..MaxTitleChars] };
        }
        var limit = result.Sport == "strength" ? MaxStrengthMinutes : MaxMinutes;
        var estimate = working > 0 ? working * MinutesPerWorkingSet : DefaultMinutes;
        // NaN: the reader could not read the duration and has said so with its own field name; estimate it here.
        if (double.IsNaN(result.DurationMin))
            result = result with { DurationMin = estimate };
        else if (double.IsInfinity(result.DurationMin) || result.DurationMin < 0 || result.DurationMin > limit)
        {
            var why =
                double.IsFinite(result.DurationMin) && result.DurationMin > limit
                    ? $"{result.DurationMin:0.#} minutes is longer than any "
                        + (result.Sport == "strength" ? "strength " : "")
                        + $"session ({limit / 60:0} h): a workout left open in the app?"
                    : $"{result.DurationMin} is not a duration";
            var how =
                working > 0 ? $"{working} working sets × {MinutesPerWorkingSet:0} min" : "the default session length";
            dropped.Add(new("durationMin", why, $"dropped: the workout counts {estimate:0.#} minutes ({how})"));
            result = result with { DurationMin = estimate };
        }
        // Names full of characters that JSON escapes can still make a workout too large for one row: keep the sets that
        // fit, and say so.
        if (
            result.Sets.Count > 0
            && MayExceedStoredSize(result, setsJsonBound)
            && Json.Serialize(result).Length > MaxStoredJsonChars
        )
        {
            var keep = result.Sets.Count;
            while (
                keep > 0
                && Json.Serialize(result with { Sets = result.Sets.Take(keep).ToList() }).Length > MaxStoredJsonChars
            )
                keep = keep * 3 / 4;
            dropped.Add(
                new(
                    "sets",
                    $"the workout's {result.Sets.Count:N0} sets are too large for one stored workout",
                    $"the first {keep:N0} were kept"
                )
            );
            result = result with { Sets = result.Sets.Take(keep).ToList() };
        }
        return (result, dropped);
    }

    /// <summary>
    /// A cheap upper bound of the workout's JSON (every character escaped six to one, numbers at their longest), so
    /// that only the rare workout near the limit is serialized to measure it: a million-row import has 40,000. The
    /// sets' part (<see cref="MaxSetJsonChars"/> and their names) is summed in the pass that repairs them.
    /// </summary>
    private static bool MayExceedStoredSize(WorkoutSummary w, long setsBound) =>
        1_000 + 6L * ((w.Title?.Length ?? 0) + (w.SourceId?.Length ?? 0) + w.Source.Length + w.Sport.Length) + setsBound
        > MaxStoredJsonChars;

    /// <summary>The JSON of one set without its name, at its longest.</summary>
    private const int MaxSetJsonChars = 260;

    private static WorkoutSet RepairSet(WorkoutSet s, int i, List<FieldWarning> dropped, out bool keep)
    {
        keep = true;
        if (string.IsNullOrWhiteSpace(s.Exercise))
        {
            dropped.Add(new($"sets[{i}].exercise", "missing", "the set was dropped"));
            keep = false;
            return s;
        }
        if (s.Exercise.Length > MaxExerciseChars)
        {
            dropped.Add(
                new($"sets[{i}].exercise", $"longer than {MaxExerciseChars} characters", $"cut to {MaxExerciseChars}")
            );
            s = s with { Exercise = s.Exercise[..MaxExerciseChars] };
        }
        if (s.WeightKg is { } w && (w is < 0 or > 1_000 || !double.IsFinite(w)))
        {
            dropped.Add(new($"sets[{i}].weightKg", $"{w} is outside 0..1000 kg", "dropped"));
            s = s with { WeightKg = null };
        }
        if (s.Reps is < 0 or > 1_000)
        {
            dropped.Add(new($"sets[{i}].reps", $"{s.Reps} is outside 0..1000", "dropped"));
            s = s with { Reps = null };
        }
        if (s.Rpe is { } r && (r is < 0 or > 10 || !double.IsFinite(r)))
        {
            dropped.Add(new($"sets[{i}].rpe", $"{r} is outside 0..10", "dropped"));
            s = s with { Rpe = null };
        }
        if (s.DistanceM is { } d && (d < 0 || !double.IsFinite(d)))
        {
            dropped.Add(new($"sets[{i}].distanceM", $"{d} is not a distance", "dropped"));
            s = s with { DistanceM = null };
        }
        if (s.Seconds is { } sec && (sec < 0 || !double.IsFinite(sec)))
        {
            dropped.Add(new($"sets[{i}].seconds", $"{sec} is not a duration", "dropped"));
            s = s with { Seconds = null };
        }
        if (s.Kind == SetKind.Unrecognised)
        {
            dropped.Add(new($"sets[{i}].kind", "not one of normal, warmup, failure, dropset, rest", "read as normal"));
            s = s with { Kind = SetKind.Normal };
        }
        return s;
    }

    private static bool IsHeartRate(double? bpm) => bpm is null || bpm is >= 20 and <= 260;

    private static string HeartRateReason(double? bpm) =>
        bpm is 0 ? "0 bpm means the device recorded no heart rate" : $"{bpm} is outside 20..260 bpm";
}

/// <summary>A value dropped from a record that was otherwise kept: where, why, and what was done instead.</summary>
public sealed record FieldWarning(string Field, string Reason, string Action)
{
    public override string ToString() => $"{Field}: {Reason}; {Action}";
}

/// <summary>One field of a message or record that is not acceptable, and why.</summary>
public sealed record ValidationProblem(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
