using System.Buffers.Binary;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// FIT exercise categories and the subtypes BackSignal distinguishes, named as the exercise catalog spells them.
/// </summary>
public static class FitExercises
{
    public static string? Name(ulong? category, ulong? subtype) =>
        (category, subtype) switch
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
                if (bytes.Length < 4)
                    return null;
                var f = bigEndian
                    ? BinaryPrimitives.ReadSingleBigEndian(bytes)
                    : BinaryPrimitives.ReadSingleLittleEndian(bytes);
                return BinaryPrimitives.ReadUInt32LittleEndian(bytes) == 0xFFFFFFFF || !float.IsFinite(f)
                    ? null
                    : (double)f;
            case 0x09: // float64
                if (bytes.Length < 8)
                    return null;
                var d = bigEndian
                    ? BinaryPrimitives.ReadDoubleBigEndian(bytes)
                    : BinaryPrimitives.ReadDoubleLittleEndian(bytes);
                return BinaryPrimitives.ReadUInt64LittleEndian(bytes) == ulong.MaxValue || !double.IsFinite(d)
                    ? null
                    : d;
        }
        var size = Size(baseType);
        if (size == 0 || bytes.Length < size)
            return null;
        var count = bytes.Length / size;
        var values = new List<ulong>(count);
        for (var i = 0; i < count; i++)
        {
            var element = bytes.Slice(i * size, size);
            ulong raw = size switch
            {
                1 => element[0],
                2 => bigEndian
                    ? BinaryPrimitives.ReadUInt16BigEndian(element)
                    : BinaryPrimitives.ReadUInt16LittleEndian(element),
                4 => bigEndian
                    ? BinaryPrimitives.ReadUInt32BigEndian(element)
                    : BinaryPrimitives.ReadUInt32LittleEndian(element),
                _ => bigEndian
                    ? BinaryPrimitives.ReadUInt64BigEndian(element)
                    : BinaryPrimitives.ReadUInt64LittleEndian(element),
            };
            if (raw != Invalid(baseType))
                values.Add(raw);
        }
        if (values.Count == 0)
            return null;
        if (IsSigned(baseType))
        {
            long Signed(ulong raw) =>
                size switch
                {
                    1 => (sbyte)raw,
                    2 => (short)raw,
                    4 => (int)raw,
                    _ => (long)raw,
                };
            return count == 1 ? Signed(values[0]) : values.Select(Signed).ToArray();
        }
        return count == 1 ? values[0] : values.ToArray();
    }

    private static int Size(byte baseType) =>
        (baseType & 0x1F) switch
        {
            0x00 or 0x01 or 0x02 or 0x0A or 0x0D => 1,
            0x03 or 0x04 or 0x0B => 2,
            0x05 or 0x06 or 0x0C => 4,
            0x0E or 0x0F or 0x10 => 8,
            _ => 0,
        };

    private static bool IsSigned(byte baseType) => (baseType & 0x1F) is 0x01 or 0x03 or 0x05 or 0x0E;

    private static ulong Invalid(byte baseType) =>
        (baseType & 0x1F) switch
        {
            0x00 or 0x02 or 0x0D => 0xFF, // enum, uint8, byte
            0x01 => 0x7F, // sint8
            0x03 => 0x7FFF, // sint16
            0x04 => 0xFFFF, // uint16
            0x05 => 0x7FFFFFFF, // sint32
            0x06 => 0xFFFFFFFF, // uint32
            0x0A or 0x0B or 0x0C or 0x10 => 0, // uint8z, uint16z, uint32z, uint64z
            0x0E => 0x7FFFFFFFFFFFFFFF, // sint64
            _ => ulong.MaxValue, // uint64
        };
}

/// <summary>The FIT CRC-16 (polynomial 0xA001, reflected, nibble-wise as the protocol describes).</summary>
public static class FitCrc
{
    private static readonly ushort[] Table =
    [
        0x0000,
        0xCC01,
        0xD801,
        0x1400,
        0xF001,
        0x3C00,
        0x2800,
        0xE401,
        0xA001,
        0x6C00,
        0x7800,
        0xB401,
        0x5000,
        0x9C01,
        0x8801,
        0x4400,
    ];

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
