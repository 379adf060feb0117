using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// The one-hop path's window (RowKey <see cref="RowKeys.LatestWindow"/>): a copy of the rows the path's query reads
/// (metrics, latest workouts, check-ins, alerts, the profile's copy) and the last computed day, written by its
/// commits, so that a workout of today is one point read and one commit instead of a query and a commit.
/// </summary>
/// <remarks>
/// Why it can be trusted: a valid window is exactly what the query would read, as of its ETag. Every other writer
/// of those rows, and of the recompute state row, writes <see cref="Invalidation"/> over the window in the same
/// entity-group transaction as its write (<see cref="TrainingStore"/>, <see cref="RecomputeLeases"/>, the profile's
/// copy in <see cref="AthleteStore"/>); a one-hop commit replaces the window only over the ETag it read. So a write
/// since the read fails the commit (the caller takes the recompute path), and a window left invalid sends the next
/// input through the query, whose commit writes a fresh one. Erasure deletes it with the partition.
/// </remarks>
public static class LatestWindow
{
    private const string Valid = nameof(Valid);
    private const string LastComputed = nameof(LastComputed);
    private const string Chunks = nameof(Chunks);

    /// <summary>A binary property holds at most 64 KiB.</summary>
    private const int ChunkBytes = 60_000;

    /// <summary>
    /// What every other writer of the window's rows writes over it with its write: the mark alone, replacing the
    /// copy, so that the query an invalid window sends the next input through does not read the stale copy back.
    /// </summary>
    public static TableTransactionAction Invalidation(string athleteId) =>
        new(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(athleteId, RowKeys.LatestWindow) { [Valid] = false }
        );

    /// <summary>
    /// The window holding <paramref name="rows"/> (all rows of their kinds from the starts of
    /// <paramref name="ranges"/> on); an invalid one when they do not fit one entity, or are null.
    /// </summary>
    public static TableEntity Of(
        string athleteId,
        LatestDayRanges ranges,
        DateOnly? lastComputed,
        IEnumerable<TableEntity>? rows
    )
    {
        var compressed = rows is null ? [] : Compressed(rows);
        var chunks = (compressed.Length + ChunkBytes - 1) / ChunkBytes;
        var valid = rows is not null && chunks <= StoredJson.MaxChunks;
        var window = new TableEntity(athleteId, RowKeys.LatestWindow) { [Valid] = valid };
        if (!valid)
            return window;
        window[nameof(LatestDayRanges.MetricsFrom)] = RowKeys.Date(ranges.MetricsFrom);
        window[nameof(LatestDayRanges.WorkoutsFrom)] = RowKeys.Date(ranges.WorkoutsFrom);
        window[nameof(LatestDayRanges.CheckinsFrom)] = RowKeys.Date(ranges.CheckinsFrom);
        window[nameof(LatestDayRanges.AlertsFrom)] = RowKeys.Date(ranges.AlertsFrom);
        if (lastComputed is { } day)
            window[LastComputed] = RowKeys.Date(day);
        window[Chunks] = chunks;
        for (var i = 0; i < chunks; i++)
            window[ChunkName(i)] = compressed
                .AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, compressed.Length - i * ChunkBytes))
                .ToArray();
        return window;
    }

    /// <summary>
    /// The rows a valid window holds, the starts of their ranges (it holds every row since, so its end is open) and
    /// the last computed day (null before any: no state row); null for an invalid one.
    /// </summary>
    public static (LatestDayRanges Ranges, DateOnly? LastComputed, List<TableEntity> Rows)? Read(TableEntity window)
    {
        if (window.GetBoolean(Valid) != true || window.GetInt32(Chunks) is not { } chunks)
            return null;
        var parts = Enumerable.Range(0, chunks).Select(i => window.GetBinary(ChunkName(i))).ToList();
        if (parts.Any(p => p is null))
            return null;
        var ranges = new LatestDayRanges(
            DateOf(window, nameof(LatestDayRanges.MetricsFrom)),
            DateOf(window, nameof(LatestDayRanges.WorkoutsFrom)),
            DateOf(window, nameof(LatestDayRanges.CheckinsFrom)),
            DateOf(window, nameof(LatestDayRanges.AlertsFrom)),
            LatestDayRanges.Open
        );
        var rows = Deserialize(window.PartitionKey, Decompress(parts.Count == 1 ? parts[0]! : Joined(parts!)));
        var last = window.GetString(LastComputed) is { } computed ? RowKeys.ParseDate(computed) : (DateOnly?)null;
        return (ranges, last, rows);
    }

    /// <summary>The property that holds the <paramref name="index"/>th chunk of the compressed rows.</summary>
    private static string ChunkName(int index) => "Rows" + index;

    private static DateOnly DateOf(TableEntity window, string name) =>
        RowKeys.ParseDate(window.GetString(name) ?? throw new InvalidDataException($"The window has no {name}."));

    private static byte[] Joined(List<byte[]> parts)
    {
        var joined = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(joined, at);
            at += part.Length;
        }
        return joined;
    }

    // Each row: [rowKey, {name: [type, value]}]; the type keeps what a query reads back (Int32, Int64, Double…).
    // Compressed as written: the JSON is never copied out of its buffer.
    private static byte[] Compressed(IEnumerable<TableEntity> rows)
    {
        var buffer = new ArrayBufferWriter<byte>(16_384);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartArray();
                json.WriteStringValue(row.RowKey);
                json.WriteStartObject();
                foreach (var (name, value) in row)
                {
                    if (value is null || EntityRows.IsServiceKey(name))
                        continue;
                    json.WriteStartArray(name);
                    Write(json, value);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Compress(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case string s:
                json.WriteStringValue("s");
                json.WriteStringValue(s);
                break;
            case int i:
                json.WriteStringValue("i");
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteStringValue("l");
                json.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                json.WriteStringValue("d");
                json.WriteNumberValue(d);
                break;
            case double d:
                json.WriteStringValue("D");
                json.WriteStringValue(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool b:
                json.WriteStringValue("b");
                json.WriteBooleanValue(b);
                break;
            case DateTimeOffset t:
                json.WriteStringValue("t");
                json.WriteStringValue(t.ToUniversalTime());
                break;
            case Guid g:
                json.WriteStringValue("g");
                json.WriteStringValue(g);
                break;
            case byte[] bytes:
                json.WriteStringValue("x");
                json.WriteBase64StringValue(bytes);
                break;
            default:
                throw new NotSupportedException($"A row property of type {value.GetType().Name} is not kept.");
        }
    }

    private static List<TableEntity> Deserialize(string partitionKey, ReadOnlyMemory<byte> utf8)
    {
        var rows = new List<TableEntity>();
        using var document = JsonDocument.Parse(utf8);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var row = new TableEntity(partitionKey, item[0].GetString());
            foreach (var property in item[1].EnumerateObject())
            {
                var value = property.Value[1];
                row[property.Name] = property.Value[0].GetString() switch
                {
                    "s" => value.GetString(),
                    "i" => value.GetInt32(),
                    "l" => value.GetInt64(),
                    "d" => value.GetDouble(),
                    "D" => double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                    "b" => value.GetBoolean(),
                    "t" => value.GetDateTimeOffset(),
                    "g" => value.GetGuid(),
                    "x" => value.GetBytesFromBase64(),
                    var type => throw new InvalidDataException($"The window holds a value of unknown type {type}."),
                };
            }
            rows.Add(row);
        }
        return rows;
    }

    // Brotli at a low quality: the rows repeat their property names, and the window is written on every commit.
    private static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
        if (!BrotliEncoder.TryCompress(data, output, out var written, quality: 1, window: 22))
            throw new InvalidOperationException("The window did not compress.");
        return output[..written];
    }

    /// <summary>The JSON, in the decompression's own buffer (not copied out of it).</summary>
    private static ReadOnlyMemory<byte> Decompress(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        var output = new MemoryStream(data.Length * 6);
        brotli.CopyTo(output);
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }
}
