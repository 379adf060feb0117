using System.Text;
using System.Text.Json;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>A row or record that could not be read: where it is, which field, and why.</summary>
public sealed record RejectedRow(string File, int Line, string? Field, string Reason)
{
    public override string ToString() =>
        Field is null ? $"{File}:{Line}: {Reason}" : $"{File}:{Line}: {Field}: {Reason}";
}

/// <summary>
/// A value dropped from a row that was otherwise kept: where, which field, why, and what was done instead.
/// </summary>
public sealed record ImportWarning(string File, int Line, string? Field, string Reason, string Action)
{
    public override string ToString() =>
        (Field is null ? $"{File}:{Line}: " : $"{File}:{Line}: {Field}: ") + $"{Reason}; {Action}";
}

public sealed record ReadResult<T>(IReadOnlyList<T> Items, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// Canonical workout summaries (docs/design.md#canonical-workout) from a file: one object, an array of objects, or JSON
/// lines. Each workout is validated; a bad one is reported with the line it starts on and the rest still count.
/// </summary>
public static class CanonicalJsonReader
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = 16,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ReadResult<WorkoutSummary> ReadWorkouts(
        string text,
        string fileName,
        DateTimeOffset now,
        string? athleteId = null
    )
    {
        var collector = new ImportCollector(
            new ImportContext
            {
                FileName = fileName,
                AthleteId = athleteId ?? "",
                Now = now,
            }
        );
        Read(Encoding.UTF8.GetBytes(text), fileName, collector);
        var result = collector.Result();
        return new ReadResult<WorkoutSummary>(result.Workouts, result.Rejected);
    }

    internal static void Read(Stream stream, string file, ImportCollector into)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), file, into);
    }

    internal static void Read(ReadOnlySpan<byte> utf8, string file, ImportCollector into)
    {
        into.Format(ExportFormat.CanonicalJson);
        if (utf8.StartsWith("\uFEFF"u8))
            utf8 = utf8[3..];
        var documents = Documents(utf8, (l, reason) => into.Reject(file, l, null, reason));
        if (documents.Count > 0 && IsDatabaseFixture(utf8.Slice(documents[0].Start, documents[0].Length)))
            throw new ImportException(
                file,
                "This is a database fixture ({\"model\", \"pk\", \"fields\"}, as wger's source has), "
                    + "not a workout export: wger has no export of workout logs. Send Strong, Hevy, Garmin, Strava, "
                    + "Apple Health, FIT or BackSignal's own JSON.",
                1,
                kind: ImportFailure.NotAnExport
            );
        foreach (var (line, start, length) in documents)
        {
            var json = utf8.Slice(start, length);
            WorkoutSummary? workout;
            try
            {
                workout = JsonSerializer.Deserialize<WorkoutSummary>(json, Json.Options);
            }
            catch (JsonException e)
            {
                into.Reject(file, line + (e.LineNumber ?? 0), e.Path, e.Message);
                continue;
            }
            if (workout is not null)
                into.Add(workout with { Sport = Sports.Canonical(workout.Sport ?? "") }, file, line);
        }
    }

    /// <summary>
    /// A Django fixture record: an object with "model" and "fields" and none of a workout's properties.
    /// </summary>
    private static bool IsDatabaseFixture(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        bool model = false,
            fields = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                    model = true;
                else if (reader.ValueTextEquals("fields"u8))
                    fields = true;
                else if (reader.ValueTextEquals("start"u8) || reader.ValueTextEquals("sets"u8))
                    return false;
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return false;
        }
        return model && fields;
    }

    /// <summary>Finds each top-level object (alone, in an array, or one per line) with the line it starts on.</summary>
    internal static List<(long Line, int Start, int Length)> Documents(
        ReadOnlySpan<byte> utf8,
        Action<long, string> reject
    )
    {
        var found = new List<(long, int, int)>();
        int counted = 0;
        long lines = 1;
        var first = FirstNonSpace(utf8);
        if (first < 0)
        {
            reject(1, "The file is empty.");
            return found;
        }
        if (utf8[first] == (byte)'[')
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            try
            {
                reader.Read();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    var line = LineOf(utf8, start, ref counted, ref lines);
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reject(line, $"An array element is a {reader.TokenType}, not an object.");
                        reader.Skip();
                        continue;
                    }
                    reader.Skip();
                    found.Add((line, start, (int)reader.BytesConsumed - start));
                }
            }
            catch (JsonException e)
            {
                reject((e.LineNumber ?? 0) + 1, $"Invalid JSON: {e.Message} The rest of the file was not read.");
            }
            return found;
        }

        // One object over many lines, or one object per line (JSON lines): read objects one after another.
        var offset = first;
        while (offset < utf8.Length)
        {
            var next = FirstNonSpace(utf8[offset..]);
            if (next < 0)
                break;
            offset += next;
            var line = LineOf(utf8, offset, ref counted, ref lines);
            var reader = new Utf8JsonReader(utf8[offset..], ReaderOptions);
            try
            {
                reader.Read();
                reader.Skip();
                found.Add((line, offset, (int)reader.BytesConsumed));
                offset += (int)reader.BytesConsumed;
            }
            catch (JsonException e)
            {
                reject(line + (e.LineNumber ?? 0), $"Invalid JSON: {e.Message}");
                // Resume on the next line, as a JSON-lines reader would.
                var newline = utf8[offset..].IndexOf((byte)'\n');
                if (newline < 0)
                    break;
                offset += newline + 1;
            }
        }
        return found;
    }

    private static int FirstNonSpace(ReadOnlySpan<byte> utf8) => utf8.IndexOfAnyExcept(" \t\r\n"u8);

    /// <summary>
    /// The line of <paramref name="offset"/>, counting on from where the last call stopped (offsets only grow).
    /// </summary>
    private static long LineOf(ReadOnlySpan<byte> utf8, int offset, ref int counted, ref long line)
    {
        line += utf8[counted..offset].Count((byte)'\n');
        counted = offset;
        return line;
    }
}
