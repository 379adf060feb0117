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
public static partial class FitReader
{
    public const int MaxFileBytes = 64 << 20;

    /// <summary>
    /// A triathlon has five sessions and a long strength session a few hundred sets; a file that declares more is
    /// hostile (4,000 sessions × 2,000 untimed sets once became 8 million sets): refused while reading.
    /// </summary>
    public const int MaxSessions = 64,
        MaxSets = 5_000;
    private static readonly DateTimeOffset FitEpoch = new(1989, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private const ushort FileIdMessage = 0,
        SessionMessage = 18,
        SetMessage = 225,
        ExerciseTitleMessage = 264;
    private const byte TimestampField = 253;

    /// <summary>Reads a whole FIT file from <paramref name="stream"/> (at most <see cref="MaxFileBytes"/>).</summary>
    public static void Read(Stream stream, string file, ImportCollector into)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + n > MaxFileBytes)
                throw new ImportException(file, $"A FIT file larger than {MaxFileBytes:N0} bytes is not read.");
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
                into.Reject(
                    file,
                    0,
                    null,
                    $"FIT file {part} chained in it (from byte {offset}) was not read: {e.Reason}"
                );
                break;
            }
        }
        foreach (var workout in activity.Workouts(into.Context, file, into))
            into.Add(workout, file, 0);
    }

    /// <summary>
    /// Decodes the messages BackSignal uses; throws <see cref="ImportException"/> with the byte offset of what is
    /// wrong.
    /// </summary>
    public static FitActivity Decode(ReadOnlySpan<byte> data, string file) => Decode(data, file, new FitActivity(), 0);

    /// <summary>
    /// Decodes one FIT file at the start of <paramref name="data"/> into <paramref name="activity"/>.
    /// </summary>
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
        if (data.Length < 12)
            throw new ImportException(
                file,
                $"Only {data.Length} bytes: a FIT file starts with a 12- or 14-byte header.",
                byteOffset: 0
            );
        int headerSize = data[0];
        if (headerSize is not (12 or 14) || !data.Slice(8, 4).SequenceEqual(".FIT"u8))
            throw new ImportException(
                file,
                "No FIT header (size 12 or 14 and the signature \".FIT\" at bytes 8–11).",
                byteOffset: 0
            );
        if (data.Length < headerSize)
            throw new ImportException(file, "The FIT header is cut short.", byteOffset: data.Length);
        var dataSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..8]);
        if (headerSize == 14)
        {
            var headerCrc = BinaryPrimitives.ReadUInt16LittleEndian(data[12..14]);
            if (headerCrc != 0 && headerCrc != FitCrc.Compute(data[..12]))
                throw new ImportException(
                    file,
                    $"The header CRC is 0x{headerCrc:X4}, the header's bytes give 0x{FitCrc.Compute(data[..12]):X4}: "
                        + $"the file is damaged.",
                    byteOffset: 12
                );
        }
        var end = headerSize + (long)dataSize;
        if (end + 2 > data.Length)
            throw new ImportException(
                file,
                $"The file is truncated: the header announces {dataSize:N0} bytes of records and a CRC, "
                    + $"{data.Length - headerSize:N0} bytes follow the header.",
                byteOffset: data.Length
            );
        var fileCrc = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice((int)end, 2));
        var computed = FitCrc.Compute(data[..(int)end]);
        if (fileCrc != computed)
            throw new ImportException(
                file,
                $"The file CRC is 0x{fileCrc:X4}, the file's bytes give 0x{computed:X4}: the file is damaged.",
                byteOffset: end
            );

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
                if (timeOffset < (lastTimestamp & 0x1F))
                    timestamp += 0x20;
                lastTimestamp = timestamp;
                var definition =
                    definitions[local]
                    ?? throw new ImportException(
                        file,
                        $"A data message of local type {local} comes before its definition.",
                        byteOffset: recordStart
                    );
                offset = ReadData(data, offset, end, definition, timestamp, activity, ref lastTimestamp, file);
                continue;
            }

            var localType = header & 0x0F;
            if ((header & 0x40) != 0)
            {
                var developer = (header & 0x20) != 0;
                if (offset + 5 > end)
                    throw Truncated(file, recordStart);
                var bigEndian = data[offset + 1] switch
                {
                    0 => false,
                    1 => true,
                    var other => throw new ImportException(
                        file,
                        $"Architecture byte {other} is neither 0 (little endian) nor 1 (big endian).",
                        byteOffset: offset + 1
                    ),
                };
                var global = bigEndian
                    ? BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset + 2, 2))
                    : BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(offset + 2, 2));
                int fieldCount = data[offset + 4];
                offset += 5;
                if (offset + fieldCount * 3 > end)
                    throw Truncated(file, recordStart);
                var fields = new FieldDefinition[fieldCount];
                for (var i = 0; i < fieldCount; i++, offset += 3)
                {
                    var baseType = data[offset + 2];
                    if (!BaseTypes.IsKnown(baseType))
                        throw new ImportException(
                            file,
                            $"Field {data[offset]} of message {global} has an unknown base type 0x{baseType:X2}.",
                            byteOffset: offset + 2
                        );
                    fields[i] = new FieldDefinition(data[offset], data[offset + 1], baseType);
                }
                var developerBytes = 0;
                if (developer)
                {
                    if (offset >= end)
                        throw Truncated(file, recordStart);
                    int devCount = data[offset++];
                    if (offset + devCount * 3 > end)
                        throw Truncated(file, recordStart);
                    // Developer fields are skipped by their declared sizes; BackSignal reads none of them.
                    for (var i = 0; i < devCount; i++, offset += 3)
                        developerBytes += data[offset + 1];
                }
                definitions[localType] = new Definition(global, bigEndian, fields, developerBytes);
            }
            else
            {
                var definition =
                    definitions[localType]
                    ?? throw new ImportException(
                        file,
                        $"A data message of local type {localType} comes before its definition.",
                        byteOffset: recordStart
                    );
                offset = ReadData(data, offset, end, definition, null, activity, ref lastTimestamp, file);
            }
        }
        return (int)end + 2;
    }
}
