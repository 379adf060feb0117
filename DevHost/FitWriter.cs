using System.Buffers.Binary;
using System.Text;
using BackSignal.Core.Import;

namespace BackSignal.DevHost;

/// <summary>
/// Writes FIT files for the tests: definition and data messages in either byte order, compressed-timestamp
/// headers, developer fields, and the header and file CRCs — the fixtures no public sample provides.
/// </summary>
public sealed class FitWriter
{
    public static readonly DateTimeOffset Epoch = new(1989, 12, 31, 0, 0, 0, TimeSpan.Zero);
    private readonly List<byte> _records = [];
    private readonly Dictionary<
        byte,
        (bool BigEndian, (byte Number, byte Size, byte BaseType)[] Fields, int DeveloperBytes)
    > _definitions = [];

    public static uint Time(DateTimeOffset at) => (uint)(at - Epoch).TotalSeconds;

    public FitWriter Define(
        byte local,
        ushort global,
        (byte Number, byte Size, byte BaseType)[] fields,
        bool bigEndian = false,
        (byte Number, byte Size, byte Index)[]? developer = null
    )
    {
        _records.Add((byte)(0x40 | (developer is null ? 0 : 0x20) | local));
        _records.Add(0);
        _records.Add(bigEndian ? (byte)1 : (byte)0);
        var number = new byte[2];
        if (bigEndian)
            BinaryPrimitives.WriteUInt16BigEndian(number, global);
        else
            BinaryPrimitives.WriteUInt16LittleEndian(number, global);
        _records.AddRange(number);
        _records.Add((byte)fields.Length);
        foreach (var f in fields)
            _records.AddRange([f.Number, f.Size, f.BaseType]);
        if (developer is not null)
        {
            _records.Add((byte)developer.Length);
            foreach (var d in developer)
                _records.AddRange([d.Number, d.Size, d.Index]);
        }
        _definitions[local] = (bigEndian, fields, developer?.Sum(d => d.Size) ?? 0);
        return this;
    }

    /// <summary>A data message; each value is a number (ulong), an array of numbers, or a string.</summary>
    public FitWriter Data(byte local, params object?[] values) => Write((byte)local, local, values);

    /// <summary>
    /// A data message with a compressed-timestamp header: local type 0–3 and the low 5 bits of the timestamp.
    /// </summary>
    public FitWriter Compressed(byte local, uint timestamp, params object?[] values) =>
        Write((byte)(0x80u | ((uint)local << 5) | (timestamp & 0x1Fu)), local, values);

    private FitWriter Write(byte header, byte local, object?[] values)
    {
        var (bigEndian, fields, developerBytes) = _definitions[local];
        _records.Add(header);
        for (var i = 0; i < fields.Length; i++)
        {
            var (_, size, baseType) = fields[i];
            var bytes = new byte[size];
            var elementSize = (baseType & 0x1F) switch
            {
                0x03 or 0x04 or 0x0B => 2,
                0x05 or 0x06 or 0x0C or 0x08 => 4,
                0x0E or 0x0F or 0x10 or 0x09 => 8,
                _ => 1,
            };
            switch (values[i])
            {
                case string text:
                    Encoding.UTF8.GetBytes(text).AsSpan(0, Math.Min(text.Length, size - 1)).CopyTo(bytes);
                    break;
                case ulong[] array:
                    for (var e = 0; e < array.Length; e++)
                        Put(bytes.AsSpan(e * elementSize, elementSize), array[e], bigEndian);
                    break;
                case null:
                    bytes.AsSpan().Fill(0xFF);
                    break;
                default:
                    Put(bytes, Convert.ToUInt64(values[i]), bigEndian);
                    break;
            }
            _records.AddRange(bytes);
        }
        _records.AddRange(Enumerable.Repeat((byte)0xAB, developerBytes));
        return this;
    }

    private static void Put(Span<byte> target, ulong value, bool bigEndian)
    {
        for (var b = 0; b < target.Length; b++)
            target[bigEndian ? target.Length - 1 - b : b] = (byte)(value >> (8 * b));
    }

    public byte[] ToArray()
    {
        var header = new byte[14];
        header[0] = 14;
        header[1] = 0x20;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 21_194);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)_records.Count);
        ".FIT"u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), FitCrc.Compute(header.AsSpan(0, 12)));
        var file = header.Concat(_records).ToList();
        var crc = FitCrc.Compute(file.ToArray());
        file.Add((byte)crc);
        file.Add((byte)(crc >> 8));
        return [.. file];
    }

    // Base types used by the fixtures.
    public const byte Enum = 0x00,
        UInt8 = 0x02,
        UInt16 = 0x84,
        UInt32 = 0x86,
        UInt32z = 0x8C,
        String = 0x07;

    /// <summary>file_id, session and the 5 × 5 working sets (plus warm-ups and rests) of a strength session.</summary>
    public static FitWriter Strength(DateTimeOffset start, bool bigEndian = false, bool developer = false)
    {
        var fit = new FitWriter()
            .Define(0, 0, [(0, 1, Enum), (3, 4, UInt32z), (4, 4, UInt32)], bigEndian)
            .Data(0, 4UL, 3_456_789UL, (ulong)Time(start))
            .Define(
                1,
                225,
                [
                    (254, 4, UInt32),
                    (0, 4, UInt32),
                    (3, 2, UInt16),
                    (4, 2, UInt16),
                    (5, 1, UInt8),
                    (6, 4, UInt32),
                    (7, 2, UInt16),
                    (8, 2, UInt16),
                ],
                bigEndian,
                developer ? [(0, 4, 0), (1, 2, 0)] : null
            );
        var t = Time(start);
        void Set(uint at, ulong category, ulong subtype, double kg, ulong reps, bool active = true) =>
            fit.Data(
                1,
                (ulong)(at + 40),
                40_000UL,
                active ? reps : null,
                active ? (ulong)(kg * 16) : null,
                active ? 1UL : 0UL,
                (ulong)at,
                category,
                subtype
            );
        Set(t, 31, 0, 40, 10);
        Set(t + 100, 31, 0, 60, 5);
        (ulong Category, ulong Subtype, double Kg, ulong Reps)[] exercises =
        [
            (8, 0, 120, 5),
            (28, 6, 100, 5),
            (0, 1, 80, 8),
            (23, 0, 70, 10),
            (8, 1, 90, 8),
        ];
        var at = t + 200;
        foreach (var (category, subtype, kg, reps) in exercises)
            for (var s = 0; s < 5; s++)
            {
                Set(at, category, subtype, kg, reps);
                Set(at + 45, 65534, 0, 0, 0, active: false); // the rest after each set
                at += 150;
            }
        return fit.Define(
                2,
                18,
                [
                    (253, 4, UInt32),
                    (2, 4, UInt32),
                    (5, 1, Enum),
                    (6, 1, Enum),
                    (7, 4, UInt32),
                    (8, 4, UInt32),
                    (16, 1, UInt8),
                    (17, 1, UInt8),
                ],
                bigEndian
            )
            .Data(2, (ulong)(t + 4000), (ulong)t, 10UL, 20UL, 4_000_000UL, 3_700_000UL, 112UL, 151UL);
    }
}
