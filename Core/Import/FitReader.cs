using System.Buffers.Binary;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Garmin FIT activity files, decoded from the public FIT protocol description (written here: no C# FIT decoder is
/// served from this project's package registries). Reads the file header, normal and compressed-timestamp record
/// headers, definition messages in either byte order, data messages with invalid-value sentinels per base type,
/// skips developer fields by their declared sizes, and checks both CRCs. Produces one canonical workout per
/// `session` (18), with the active sets of `set` (225) named from their exercise category and subtype (or the
/// `exercise_title` (264) when the catalog knows it) and heart rate for TRIMP.
/// </summary>
public static class FitReader
{
    public const int MaxFileBytes = 64 << 20;
    /// <summary>
    /// A triathlon has five sessions and a long strength session a few hundred sets; a file that declares more is
    /// hostile (4,000 sessions × 2,000 untimed sets once became 8 million sets): refused while reading.
    /// </summary>
    public const int MaxSessions = 64, MaxSets = 5_000;
    private static readonly DateTimeOffset FitEpoch = new(1989, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private const ushort FileIdMessage = 0, SessionMessage = 18, SetMessage = 225, ExerciseTitleMessage = 264;
    private const byte TimestampField = 253;

    /// <summary>Reads a whole FIT file from <paramref name="stream"/> (at most <see cref="MaxFileBytes"/>).</summary>
    public static void Read(Stream stream, string file, ImportCollector into)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + n > MaxFileBytes) throw new ImportException(file, $"A FIT file larger than {MaxFileBytes:N0} bytes is not read.");
            buffer.Write(chunk, 0, n);
        }
        into.Format(ExportFormat.Fit);
        var data = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var activity = Decode(data, file);
        // Files chained one after another (a device that appends): each is read; a damaged later one is reported
        // and what came before it stays.
        var offset = activity.Length;
        for (var part = 2; offset < data.Length; part++)
        {
            try
            {
                var next = Decode(data[offset..], file, activity, offset);
                offset += next.Length;
            }
            catch (ImportException e)
            {
                into.Reject(file, 0, null, $"FIT file {part} chained in it (from byte {offset}) was not read: {e.Reason}");
                break;
            }
        }
        foreach (var workout in activity.Workouts(into.Context, file, into)) into.Add(workout, file, 0);
    }

    /// <summary>Decodes the messages BackSignal uses; throws <see cref="ImportException"/> with the byte offset of what is wrong.</summary>
    public static FitActivity Decode(ReadOnlySpan<byte> data, string file) => Decode(data, file, new FitActivity(), 0);

    /// <summary>Decodes one FIT file at the start of <paramref name="data"/> into <paramref name="activity"/>.</summary>
    private static FitActivity Decode(ReadOnlySpan<byte> data, string file, FitActivity activity, long at)
    {
        try
        {
            activity.Length = DecodeOne(data, file, activity);
            return activity;
        }
        catch (ImportException e) when (at > 0 && e.ByteOffset is { } offset)
        {
            throw new ImportException(file, e.Reason, byteOffset: offset + at);
        }
    }

    private static int DecodeOne(ReadOnlySpan<byte> data, string file, FitActivity activity)
    {
        if (data.Length < 12) throw new ImportException(file, $"Only {data.Length} bytes: a FIT file starts with a 12- or 14-byte header.", byteOffset: 0);
        int headerSize = data[0];
        if (headerSize is not (12 or 14) || !data.Slice(8, 4).SequenceEqual(".FIT"u8))
            throw new ImportException(file, "No FIT header (size 12 or 14 and the signature \".FIT\" at bytes 8–11).", byteOffset: 0);
        if (data.Length < headerSize) throw new ImportException(file, "The FIT header is cut short.", byteOffset: data.Length);
        var dataSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..8]);
        if (headerSize == 14)
        {
            var headerCrc = BinaryPrimitives.ReadUInt16LittleEndian(data[12..14]);
            if (headerCrc != 0 && headerCrc != FitCrc.Compute(data[..12]))
                throw new ImportException(file, $"The header CRC is 0x{headerCrc:X4}, the header's bytes give 0x{FitCrc.Compute(data[..12]):X4}: the file is damaged.", byteOffset: 12);
        }
        var end = headerSize + (long)dataSize;
        if (end + 2 > data.Length)
            throw new ImportException(file, $"The file is truncated: the header announces {dataSize:N0} bytes of records and a CRC, {data.Length - headerSize:N0} bytes follow the header.", byteOffset: data.Length);
        var fileCrc = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice((int)end, 2));
        var computed = FitCrc.Compute(data[..(int)end]);
        if (fileCrc != computed)
            throw new ImportException(file, $"The file CRC is 0x{fileCrc:X4}, the file's bytes give 0x{computed:X4}: the file is damaged.", byteOffset: end);

        var definitions = new Definition?[16];
        uint lastTimestamp = 0;
        var offset = headerSize;
        while (offset < end)
        {
            var recordStart = offset;
            var header = data[offset++];
            if ((header & 0x80) != 0)
            {
                // Compressed timestamp header: local type in bits 5–6, a 5-bit offset from the last full timestamp.
                var local = (header >> 5) & 0x03;
                var timeOffset = (uint)(header & 0x1F);
                var timestamp = (lastTimestamp & ~0x1Fu) + timeOffset;
                if (timeOffset < (lastTimestamp & 0x1F)) timestamp += 0x20;
                lastTimestamp = timestamp;
                var definition = definitions[local] ?? throw new ImportException(file, $"A data message of local type {local} comes before its definition.", byteOffset: recordStart);
                offset = ReadData(data, offset, end, definition, timestamp, activity, ref lastTimestamp, file);
                continue;
            }

            var localType = header & 0x0F;
            if ((header & 0x40) != 0)
            {
                var developer = (header & 0x20) != 0;
                if (offset + 5 > end) throw Truncated(file, recordStart);
                var bigEndian = data[offset + 1] switch
                {
                    0 => false,
                    1 => true,
                    var other => throw new ImportException(file, $"Architecture byte {other} is neither 0 (little endian) nor 1 (big endian).", byteOffset: offset + 1),
                };
                var global = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset + 2, 2)) : BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(offset + 2, 2));
                int fieldCount = data[offset + 4];
                offset += 5;
                if (offset + fieldCount * 3 > end) throw Truncated(file, recordStart);
                var fields = new FieldDefinition[fieldCount];
                for (var i = 0; i < fieldCount; i++, offset += 3)
                {
                    var baseType = data[offset + 2];
                    if (!BaseTypes.IsKnown(baseType)) throw new ImportException(file, $"Field {data[offset]} of message {global} has an unknown base type 0x{baseType:X2}.", byteOffset: offset + 2);
                    fields[i] = new FieldDefinition(data[offset], data[offset + 1], baseType);
                }
                var developerBytes = 0;
                if (developer)
                {
                    if (offset >= end) throw Truncated(file, recordStart);
                    int devCount = data[offset++];
                    if (offset + devCount * 3 > end) throw Truncated(file, recordStart);
                    // Developer fields are skipped by their declared sizes; BackSignal reads none of them.
                    for (var i = 0; i < devCount; i++, offset += 3) developerBytes += data[offset + 1];
                }
                definitions[localType] = new Definition(global, bigEndian, fields, developerBytes);
            }
            else
            {
                var definition = definitions[localType] ?? throw new ImportException(file, $"A data message of local type {localType} comes before its definition.", byteOffset: recordStart);
                offset = ReadData(data, offset, end, definition, null, activity, ref lastTimestamp, file);
            }
        }
        return (int)end + 2;
    }

    private static int ReadData(ReadOnlySpan<byte> data, int offset, long end, Definition definition, uint? compressedTimestamp,
        FitActivity activity, ref uint lastTimestamp, string file)
    {
        if (offset + definition.Size > end) throw Truncated(file, offset - 1);
        var wanted = definition.Global is FileIdMessage or SessionMessage or SetMessage or ExerciseTitleMessage;
        var message = wanted ? new Dictionary<byte, object>() : null;
        foreach (var field in definition.Fields)
        {
            var bytes = data.Slice(offset, field.Size);
            offset += field.Size;
            // Any message's timestamp (253) resets the base of compressed timestamps.
            if (field.Number == TimestampField && field.Size == 4)
            {
                var value = definition.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                if (value != 0xFFFFFFFF) lastTimestamp = value;
            }
            if (message is not null && BaseTypes.Decode(bytes, field.BaseType, definition.BigEndian) is { } decoded) message[field.Number] = decoded;
        }
        offset += definition.DeveloperBytes;
        if (message is null) return offset;
        if (compressedTimestamp is { } t) message[TimestampField] = (ulong)t;

        switch (definition.Global)
        {
            case FileIdMessage: activity.FileId ??= message; break;
            case SessionMessage:
                if (activity.Sessions.Count >= MaxSessions)
                    throw new ImportException(file, $"More than {MaxSessions} sessions: no real activity has that many.", byteOffset: offset);
                activity.Sessions.Add(message);
                break;
            case SetMessage:
                if (activity.Sets.Count >= MaxSets)
                    throw new ImportException(file, $"More than {MaxSets:N0} sets: no real activity has that many.", byteOffset: offset);
                activity.Sets.Add(message);
                break;
            case ExerciseTitleMessage: activity.Titles.Add(message); break;
        }
        return offset;
    }

    private static ImportException Truncated(string file, long offset) =>
        new(file, "A record runs past the end of the records the header announced.", byteOffset: offset);

    /// <summary>
    /// A FIT date_time; null for values below 0x10000000, which the protocol defines as seconds since the device
    /// powered on, not a date (an old Forerunner writes its start_time so), and for values past any real date.
    /// </summary>
    internal static DateTimeOffset? Time(ulong? fitSeconds) =>
        fitSeconds is >= 0x10000000 and <= uint.MaxValue ? FitEpoch.AddSeconds(fitSeconds.Value) : null;

    private sealed record FieldDefinition(byte Number, byte Size, byte BaseType);

    private sealed record Definition(ushort Global, bool BigEndian, FieldDefinition[] Fields, int DeveloperBytes)
    {
        public int Size { get; } = Fields.Sum(f => f.Size) + DeveloperBytes;
    }
}

/// <summary>The FIT messages BackSignal uses, as field number → value (integers as ulong/long, strings, doubles).</summary>
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
            into.Reject(file, 0, null, "The FIT file has no session message: not an activity (a course, settings or monitoring file?).");
            yield break;
        }
        var serial = FileId is not null && Number(FileId, 3) is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var created = FileId is not null ? Number(FileId, 4) : null;
        var rest = Sets.Count(x => Number(x, 5) == 0);
        if (rest > 0) into.Skip("FIT rest sets", rest);

        var starts = Sessions.Select(SessionStart).ToList();
        var owner = AssignSets(starts);
        for (var index = 0; index < Sessions.Count; index++)
        {
            var session = Sessions[index];
            if (starts[index] is not { } start)
            {
                into.Reject(file, 0, "session.start_time", $"Session {index + 1} has no date: its device wrote only times "
                    + "relative to being switched on (below 0x10000000, 1990 if read as a date), and no clock time to "
                    + "anchor them. Its day cannot be known.");
                continue;
            }
            var seconds = (Number(session, 8) ?? Number(session, 7) ?? 0) / 1000.0;
            var perExercise = new Dictionary<string, int>();
            var sets = new List<WorkoutSet>();
            for (var i = 0; i < Sets.Count; i++)
            {
                if (owner[i] != index) continue;
                var set = Sets[i];
                var name = Name(set);
                perExercise[name] = perExercise.GetValueOrDefault(name) + 1;
                var weight = Number(set, 4);
                var reps = Number(set, 3);
                var duration = Number(set, 0);
                sets.Add(new WorkoutSet
                {
                    Exercise = name,
                    // Garmin logs a warm-up as its own exercise category.
                    Kind = Number(set, 7) == 31 ? "warmup" : "normal",
                    SetIndex = perExercise[name],
                    WeightKg = weight is { } w ? Math.Round(w / 16.0, 3) : null,
                    Reps = reps is { } r ? (int)r : null,
                    Seconds = duration is { } d ? Math.Round(d / 1000.0, 1) : null,
                });
            }
            var sport = (int?)Number(session, 5);
            var subSport = (int?)Number(session, 6);
            var kind = Sport(sport, subSport, sets.Count > 0);
            yield return new WorkoutSummary
            {
                AthleteId = context.AthleteId,
                Source = "garmin-fit",
                SourceId = serial is not null && created is not null ? $"{serial}-{created}-{Number(session, 2) ?? 0}" : null,
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
        if (FitReader.Time(Number(session, 2)) is { } start) return start;
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
        var fallback = Enumerable.Range(0, Sessions.Count)
            .FirstOrDefault(i => Sport((int?)Number(Sessions[i], 5), (int?)Number(Sessions[i], 6), false) is "strength" or "other");
        var ordered = Enumerable.Range(0, Sessions.Count).Where(i => starts[i] is not null).OrderBy(i => starts[i]).ToList();
        for (var i = 0; i < Sets.Count; i++)
        {
            owner[i] = -1;
            if (Number(Sets[i], 5) != 1) continue; // rest sets belong to none
            owner[i] = fallback;
            if (SetTime(Sets[i]) is not { } at) continue;
            foreach (var session in ordered)
                if (starts[session] <= at) owner[i] = session;
        }
        return owner;
    }

    private static DateTimeOffset? SetTime(Dictionary<byte, object> set) =>
        FitReader.Time(Number(set, 6) ?? Number(set, 254) ?? Number(set, 253)); // 253: a compressed-timestamp header

    /// <summary>The set's exercise as BackSignal's catalog names it; the exercise_title when the catalog knows that title.</summary>
    private string Name(Dictionary<byte, object> set)
    {
        var category = Number(set, 7);
        var subtype = Number(set, 8);
        var title = Titles.FirstOrDefault(t => Number(t, 0) == category && Number(t, 1) == subtype) is { } found && found.TryGetValue(2, out var text) ? text as string : null;
        if (title is { Length: > 0 } && ExerciseCatalog.Default.Find(title) is not null) return title;
        return FitExercises.Name(category, subtype) ?? title ?? "Unknown exercise (FIT)";
    }

    private static string Sport(int? sport, int? subSport, bool hasSets) => sport switch
    {
        1 => "running",
        2 => "cycling",
        5 => "swimming",
        11 or 17 => "walking",
        15 => "rowing",
        _ when subSport == 20 || hasSets => "strength",
        _ => "other",
    };

    private static ulong? Number(Dictionary<byte, object> message, byte field) => message.TryGetValue(field, out var v) ? v switch
    {
        ulong u => u,
        long l when l >= 0 => (ulong)l,
        ulong[] a when a.Length > 0 => a[0],
        _ => null,
    } : null;
}

/// <summary>FIT exercise categories and the subtypes BackSignal distinguishes, named as the exercise catalog spells them.</summary>
public static class FitExercises
{
    public static string? Name(ulong? category, ulong? subtype) => (category, subtype) switch
    {
        (8, 0) => "Deadlift (Barbell)",
        (8, 1) => "Romanian Deadlift (Barbell)",
        (8, 7) => "Rack Pull",
        (8, 15) => "Sumo Deadlift (Barbell)",
        (8, 17) => "Trap Bar Deadlift",
        (8, _) => "Deadlift",
        (28, 0) => "Leg Press",
        (28, 6) => "Squat (Barbell)",
        (28, 8) => "Front Squat (Barbell)",
        (28, 37) => "Goblet Squat",
        (28, _) => "Squat",
        (10, _) => "Glute Bridge",
        (12, _) => "Kettlebell Swing",
        (13, _) => "Back Extension",
        (17, _) => "Lunge",
        (18, _) => "Power Clean",
        (23, _) => "Row",
        (0, _) => "Bench Press (Barbell)",
        (3, _) => "Farmers Walk",
        (7, _) => "Bicep Curl (Dumbbell)",
        (21, _) => "Pull Up",
        (22, _) => "Push Up",
        (24, _) => "Overhead Press (Barbell)",
        (19, _) => "Plank",
        (31, _) => "Warm Up",
        _ => null,
    };
}

/// <summary>FIT base types: sizes, byte order and the invalid-value sentinel of each.</summary>
internal static class BaseTypes
{
    public static bool IsKnown(byte baseType) => (baseType & 0x1F) <= 0x10;

    /// <summary>The field's value, null when every element is the type's invalid value.</summary>
    public static object? Decode(ReadOnlySpan<byte> bytes, byte baseType, bool bigEndian)
    {
        switch (baseType & 0x1F)
        {
            case 0x07: // string, NUL-terminated UTF-8
                var nul = bytes.IndexOf((byte)0);
                var text = System.Text.Encoding.UTF8.GetString(nul < 0 ? bytes : bytes[..nul]);
                return text.Length == 0 ? null : text;
            case 0x08: // float32
                if (bytes.Length < 4) return null;
                var f = bigEndian ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes);
                return BinaryPrimitives.ReadUInt32LittleEndian(bytes) == 0xFFFFFFFF || !float.IsFinite(f) ? null : (double)f;
            case 0x09: // float64
                if (bytes.Length < 8) return null;
                var d = bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes);
                return BinaryPrimitives.ReadUInt64LittleEndian(bytes) == ulong.MaxValue || !double.IsFinite(d) ? null : d;
        }
        var size = Size(baseType);
        if (size == 0 || bytes.Length < size) return null;
        var count = bytes.Length / size;
        var values = new List<ulong>(count);
        for (var i = 0; i < count; i++)
        {
            var element = bytes.Slice(i * size, size);
            ulong raw = size switch
            {
                1 => element[0],
                2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(element) : BinaryPrimitives.ReadUInt16LittleEndian(element),
                4 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(element) : BinaryPrimitives.ReadUInt32LittleEndian(element),
                _ => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(element) : BinaryPrimitives.ReadUInt64LittleEndian(element),
            };
            if (raw != Invalid(baseType)) values.Add(raw);
        }
        if (values.Count == 0) return null;
        if (IsSigned(baseType))
        {
            long Signed(ulong raw) => size switch { 1 => (sbyte)raw, 2 => (short)raw, 4 => (int)raw, _ => (long)raw };
            return count == 1 ? Signed(values[0]) : values.Select(Signed).ToArray();
        }
        return count == 1 ? values[0] : values.ToArray();
    }

    private static int Size(byte baseType) => (baseType & 0x1F) switch
    {
        0x00 or 0x01 or 0x02 or 0x0A or 0x0D => 1,
        0x03 or 0x04 or 0x0B => 2,
        0x05 or 0x06 or 0x0C => 4,
        0x0E or 0x0F or 0x10 => 8,
        _ => 0,
    };

    private static bool IsSigned(byte baseType) => (baseType & 0x1F) is 0x01 or 0x03 or 0x05 or 0x0E;

    private static ulong Invalid(byte baseType) => (baseType & 0x1F) switch
    {
        0x00 or 0x02 or 0x0D => 0xFF,        // enum, uint8, byte
        0x01 => 0x7F,                        // sint8
        0x03 => 0x7FFF,                      // sint16
        0x04 => 0xFFFF,                      // uint16
        0x05 => 0x7FFFFFFF,                  // sint32
        0x06 => 0xFFFFFFFF,                  // uint32
        0x0A or 0x0B or 0x0C or 0x10 => 0,   // uint8z, uint16z, uint32z, uint64z
        0x0E => 0x7FFFFFFFFFFFFFFF,          // sint64
        _ => ulong.MaxValue,                 // uint64
    };
}

/// <summary>The FIT CRC-16 (polynomial 0xA001, reflected, nibble-wise as the protocol describes).</summary>
public static class FitCrc
{
    private static readonly ushort[] Table =
        [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400];

    public static ushort Compute(ReadOnlySpan<byte> bytes, ushort crc = 0)
    {
        foreach (var b in bytes)
        {
            var tmp = Table[crc & 0xF];
            crc = (ushort)(((crc >> 4) & 0x0FFF) ^ tmp ^ Table[b & 0xF]);
            tmp = Table[crc & 0xF];
            crc = (ushort)(((crc >> 4) & 0x0FFF) ^ tmp ^ Table[(b >> 4) & 0xF]);
        }
        return crc;
    }
}
