using System.Buffers.Binary;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// The FIT messages BackSignal uses, as field number → value (integers as ulong/long, strings, doubles).
/// </summary>
public sealed class FitActivity
{
    /// <summary>Bytes of the last file decoded into it (header, records and CRC).</summary>
    public int Length { get; internal set; }
    public Dictionary<byte, object>? FileId { get; internal set; }
    public List<Dictionary<byte, object>> Sessions { get; } = [];
    public List<Dictionary<byte, object>> Sets { get; } = [];
    public List<Dictionary<byte, object>> Titles { get; } = [];

    internal IEnumerable<WorkoutSummary> Workouts(ImportContext context, string file, ImportCollector into)
    {
        if (Sessions.Count == 0)
        {
            into.Reject(
                file,
                0,
                null,
                "The FIT file has no session message: not an activity (a course, settings or monitoring file?)."
            );
            yield break;
        }
        var serial =
            FileId is not null && Number(FileId, 3) is { } s
                ? s.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : null;
        var created = FileId is not null ? Number(FileId, 4) : null;
        var rest = Sets.Count(x => Number(x, 5) == 0);
        if (rest > 0)
            into.Skip("FIT rest sets", rest);

        var starts = Sessions.Select(SessionStart).ToList();
        var owner = AssignSets(starts);
        for (var index = 0; index < Sessions.Count; index++)
        {
            var session = Sessions[index];
            if (starts[index] is not { } start)
            {
                into.Reject(
                    file,
                    0,
                    "session.start_time",
                    $"Session {index + 1} has no date: its device wrote only times "
                        + "relative to being switched on (below 0x10000000, 1990 if read as a date), and no clock "
                        + "time to "
                        + "anchor them. Its day cannot be known."
                );
                continue;
            }
            var seconds = (Number(session, 8) ?? Number(session, 7) ?? 0) / 1000.0;
            var perExercise = new Dictionary<string, int>();
            var sets = new List<WorkoutSet>();
            for (var i = 0; i < Sets.Count; i++)
            {
                if (owner[i] != index)
                    continue;
                var set = Sets[i];
                var name = Name(set);
                perExercise[name] = perExercise.GetValueOrDefault(name) + 1;
                var weight = Number(set, 4);
                var reps = Number(set, 3);
                var duration = Number(set, 0);
                sets.Add(
                    new WorkoutSet
                    {
                        Exercise = name,
                        // Garmin logs a warm-up as its own exercise category.
                        Kind = Number(set, 7) == 31 ? SetKind.Warmup : SetKind.Normal,
                        SetIndex = perExercise[name],
                        WeightKg = weight is { } w ? Math.Round(w / 16.0, 3) : null,
                        Reps = reps is { } r ? (int)r : null,
                        Seconds = duration is { } d ? Math.Round(d / 1000.0, 1) : null,
                    }
                );
            }
            var sport = (int?)Number(session, 5);
            var subSport = (int?)Number(session, 6);
            var kind = Sport(sport, subSport, sets.Count > 0);
            yield return new WorkoutSummary
            {
                AthleteId = context.AthleteId,
                Source = "garmin-fit",
                SourceId =
                    serial is not null && created is not null ? $"{serial}-{created}-{Number(session, 2) ?? 0}" : null,
                Start = start,
                DurationMin = Math.Round(seconds / 60, 2),
                Title = kind == "strength" ? "Strength training" : char.ToUpperInvariant(kind[0]) + kind[1..],
                // Some devices (Zwift) write 0 for "not recorded".
                AvgHr = Number(session, 16) is { } avg and > 0 ? avg : null,
                MaxHr = Number(session, 17) is { } max and > 0 ? max : null,
                Sport = kind,
                Sets = sets,
            };
        }
    }

    /// <summary>
    /// The session's start: its start_time, or when that is a relative time (seconds since power-on), its
    /// timestamp less its elapsed time, or the file's creation time.
    /// </summary>
    private DateTimeOffset? SessionStart(Dictionary<byte, object> session)
    {
        if (FitReader.Time(Number(session, 2)) is { } start)
            return start;
        if (FitReader.Time(Number(session, 253)) is { } end)
            return end.AddSeconds(-((Number(session, 7) ?? Number(session, 8) ?? 0) / 1000.0));
        return FileId is not null ? FitReader.Time(Number(FileId, 4)) : null;
    }

    /// <summary>
    /// The session each active set belongs to: exactly one, so overlapping session windows (a multisport file
    /// whose elapsed times overlap) never count a set twice. A timed set goes to the last session that started
    /// at or before it; an untimed one, or one before every session, to the first strength-like session.
    /// </summary>
    private int[] AssignSets(IReadOnlyList<DateTimeOffset?> starts)
    {
        var owner = new int[Sets.Count];
        var fallback = Enumerable
            .Range(0, Sessions.Count)
            .FirstOrDefault(i =>
                Sport((int?)Number(Sessions[i], 5), (int?)Number(Sessions[i], 6), false) is "strength" or "other"
            );
        var ordered = Enumerable
            .Range(0, Sessions.Count)
            .Where(i => starts[i] is not null)
            .OrderBy(i => starts[i])
            .ToList();
        for (var i = 0; i < Sets.Count; i++)
        {
            owner[i] = -1;
            if (Number(Sets[i], 5) != 1)
                continue; // rest sets belong to none
            owner[i] = fallback;
            if (SetTime(Sets[i]) is not { } at)
                continue;
            foreach (var session in ordered)
                if (starts[session] <= at)
                    owner[i] = session;
        }
        return owner;
    }

    private static DateTimeOffset? SetTime(Dictionary<byte, object> set) =>
        FitReader.Time(Number(set, 6) ?? Number(set, 254) ?? Number(set, 253)); // 253: a compressed-timestamp header

    /// <summary>
    /// The set's exercise as BackSignal's catalog names it; the exercise_title when the catalog knows that title.
    /// </summary>
    private string Name(Dictionary<byte, object> set)
    {
        var category = Number(set, 7);
        var subtype = Number(set, 8);
        var title =
            Titles.FirstOrDefault(t => Number(t, 0) == category && Number(t, 1) == subtype) is { } found
            && found.TryGetValue(2, out var text)
                ? text as string
                : null;
        if (title is { Length: > 0 } && ExerciseCatalog.Default.Find(title) is not null)
            return title;
        return FitExercises.Name(category, subtype) ?? title ?? "Unknown exercise (FIT)";
    }

    private static string Sport(int? sport, int? subSport, bool hasSets) =>
        sport switch
        {
            1 => "running",
            2 => "cycling",
            5 => "swimming",
            11 or 17 => "walking",
            15 => "rowing",
            _ when subSport == 20 || hasSets => "strength",
            _ => "other",
        };

    private static ulong? Number(Dictionary<byte, object> message, byte field) =>
        message.TryGetValue(field, out var v)
            ? v switch
            {
                ulong u => u,
                long l when l >= 0 => (ulong)l,
                ulong[] a when a.Length > 0 => a[0],
                _ => null,
            }
            : null;
}
