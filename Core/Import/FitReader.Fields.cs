using System.Buffers.Binary;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

public static partial class FitReader
{
    private static int ReadData(
        ReadOnlySpan<byte> data,
        int offset,
        long end,
        Definition definition,
        uint? compressedTimestamp,
        FitActivity activity,
        ref uint lastTimestamp,
        string file
    )
    {
        if (offset + definition.Size > end)
            throw Truncated(file, offset - 1);
        var wanted = definition.Global is FileIdMessage or SessionMessage or SetMessage or ExerciseTitleMessage;
        var message = wanted ? new Dictionary<byte, object>() : null;
        foreach (var field in definition.Fields)
        {
            var bytes = data.Slice(offset, field.Size);
            offset += field.Size;
            // Any message's timestamp (253) resets the base of compressed timestamps.
            if (field.Number == TimestampField && field.Size == 4)
            {
                var value = definition.BigEndian
                    ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
                    : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                if (value != 0xFFFFFFFF)
                    lastTimestamp = value;
            }
            if (message is not null && BaseTypes.Decode(bytes, field.BaseType, definition.BigEndian) is { } decoded)
                message[field.Number] = decoded;
        }
        offset += definition.DeveloperBytes;
        if (message is null)
            return offset;
        if (compressedTimestamp is { } t)
            message[TimestampField] = (ulong)t;

        switch (definition.Global)
        {
            case FileIdMessage:
                activity.FileId ??= message;
                break;
            case SessionMessage:
                if (activity.Sessions.Count >= MaxSessions)
                    throw new ImportException(
                        file,
                        $"More than {MaxSessions} sessions: no real activity has that many.",
                        byteOffset: offset,
                        kind: ImportFailure.OverLimit
                    );
                activity.Sessions.Add(message);
                break;
            case SetMessage:
                if (activity.Sets.Count >= MaxSets)
                    throw new ImportException(
                        file,
                        $"More than {MaxSets:N0} sets: no real activity has that many.",
                        byteOffset: offset,
                        kind: ImportFailure.OverLimit
                    );
                activity.Sets.Add(message);
                break;
            case ExerciseTitleMessage:
                activity.Titles.Add(message);
                break;
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
