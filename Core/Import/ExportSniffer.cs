using System.Text;

namespace BackSignal.Core.Import;

/// <summary>What the first bytes of a file say it is.</summary>
public sealed record Sniffed(ExportFormat Format, string? HeaderLine);

/// <summary>
/// Tells the export formats apart by their first bytes (header line, XML root, signatures), never by file name.
/// </summary>
public static class ExportSniffer
{
    public const int HeadBytes = 16 * 1024;

    /// <summary>
    /// Decides the format from the head of a file; throws <see cref="ImportException"/> with the reason when it is
    /// none.
    /// </summary>
    public static Sniffed Detect(ReadOnlySpan<byte> head, string file)
    {
        if (head.Length == 0)
            throw new ImportException(kind: ImportFailure.NotAnExport, file: file, message: "The file is empty.");
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
            return new(ExportFormat.Zip, null);
        if (head.Length >= 12 && head[8..12].SequenceEqual(".FIT"u8))
            return new(ExportFormat.Fit, null);

        var text = Decode(head);
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0)
            throw new ImportException(
                kind: ImportFailure.NotAnExport,
                file: file,
                message: "The file holds only white space."
            );
        if (LooksBinary(text))
            throw new ImportException(
                kind: ImportFailure.NotAnExport,
                file: file,
                message: "This is binary content, not an export this program reads (Strong, Hevy, Garmin Connect or "
                    + "Strava CSV, Apple Health XML or zip, Garmin FIT, canonical JSON)."
            );
        if (trimmed[0] == '<')
        {
            if (trimmed.Contains("<HealthData", StringComparison.Ordinal))
                return new(ExportFormat.AppleHealth, null);
            throw new ImportException(
                kind: ImportFailure.NotAnExport,
                file: file,
                message: "This XML is not an Apple Health export (no <HealthData> root near the start)."
            );
        }
        if (trimmed[0] is '{' or '[')
            return new(ExportFormat.CanonicalJson, null);

        var header = trimmed.Split('\n', 2)[0].TrimEnd('\r');
        var columns = header
            .Split(CsvSource.GuessDelimiter(header))
            .Select(c => c.Trim().Trim('"').Trim())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (columns.Contains("Exercise Name") && columns.Contains("Set Order"))
            return new(ExportFormat.Strong, header);
        if (columns.Contains("exercise_title") && columns.Contains("set_type"))
            return new(ExportFormat.Hevy, header);
        if (columns.Contains("Activity ID") && columns.Contains("Activity Date"))
            return new(ExportFormat.StravaActivities, header);
        // Garmin Connect's Activities.csv in any language it exports: the names differ, the columns do not.
        if (GarminLanguages.Of(columns) is not null)
            return new(ExportFormat.GarminActivities, header);

        var shown = header.Length > 80 ? header[..80] + "…" : header;
        throw new ImportException(
            kind: ImportFailure.NotAnExport,
            file: file,
            message: $"Not an export this program reads: the first line is '{shown}' (expected the header of a "
                + $"Strong, Hevy, Garmin Connect Activities or Strava activities CSV).",
            line: 1
        );
    }

    private static string Decode(ReadOnlySpan<byte> head)
    {
        // Cut at the last complete UTF-8 sequence so that a multi-byte character split by the buffer does not count as
        // garbage.
        var end = head.Length;
        while (end > 0 && end > head.Length - 4 && (head[end - 1] & 0xC0) == 0x80)
            end--;
        if (end > 0 && head[end - 1] >= 0xC0)
            end--;
        return Encoding.UTF8.GetString(head[..end]);
    }

    private static bool LooksBinary(string text)
    {
        var control = 0;
        foreach (var c in text)
            if ((c < 0x20 && c is not ('\r' or '\n' or '\t' or '\f')) || c == '\uFFFD')
                control++;
        return control > Math.Max(2, text.Length / 100);
    }
}

/// <summary>Returns a head already read from a stream, then the rest of it: sniffing without seeking.</summary>
internal sealed class ReplayStream(byte[] head, int headLength, Stream rest) : ForwardOnlyStream
{
    private int _headPosition;
    private long _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_headPosition < headLength)
        {
            n = Math.Min(buffer.Length, headLength - _headPosition);
            head.AsSpan(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
        }
        else
            n = rest.Read(buffer);
        _position += n;
        return n;
    }
}

/// <summary>
/// Counts the bytes read through it, reports progress now and then, and stops at a limit whatever a header
/// claimed (a zip entry that says 1 KB and inflates to 10 GB).
/// </summary>
internal sealed class MeteredStream(
    Stream inner,
    long limit,
    long total,
    Action<long, long>? progress,
    Func<long, Exception> overLimit
) : ForwardOnlyStream
{
    private const long ReportEvery = 1 << 20;
    private long _read;
    private long _nextReport = ReportEvery;

    public long BytesRead => _read;
    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read += n;
        if (_read > limit)
            throw overLimit(_read);
        if (progress is not null && _read >= _nextReport)
        {
            progress(_read, total);
            _nextReport = _read + ReportEvery;
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>What every read-once wrapper here shares: readable, not seekable, not writable.</summary>
internal abstract class ForwardOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
