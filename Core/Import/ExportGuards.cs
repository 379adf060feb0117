using System.IO.Compression;

namespace BackSignal.Core.Import;

/// <summary>
/// The entry count a zip declares in its end-of-central-directory record (or the zip64 one), read from the last
/// 64 KiB without parsing the directory. Null when no end record is found (ZipArchive then says what is wrong).
/// Written here because System.IO.Compression reads the whole directory before it tells the count.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50,
        Zip64LocatorSignature = 0x07064b50,
        Zip64EndSignature = 0x06064b50;

    public static long? EntryCount(Stream stream)
    {
        var tailLength = (int)Math.Min(stream.Length, 22 + ushort.MaxValue + 20);
        var tail = new byte[tailLength];
        stream.Position = stream.Length - tailLength;
        stream.ReadExactly(tail);
        for (var i = tailLength - 22; i >= 0; i--)
        {
            if (ReadUInt32(tail, i) != EndSignature)
                continue;
            long count = BitConverter.ToUInt16(tail, i + 10);
            if (count != ushort.MaxValue)
                return count;
            // Zip64: the locator just before the end record points at the zip64 end record, which has the count.
            if (i < 20 || ReadUInt32(tail, i - 20) != Zip64LocatorSignature)
                return count;
            var zip64End = BitConverter.ToInt64(tail, i - 20 + 8);
            if (zip64End < 0 || zip64End + 56 > stream.Length)
                return count;
            var record = new byte[56];
            stream.Position = zip64End;
            stream.ReadExactly(record);
            return ReadUInt32(record, 0) == Zip64EndSignature
                ? (long)Math.Min(BitConverter.ToUInt64(record, 32), long.MaxValue)
                : count;
        }
        return null;
    }

    private static uint ReadUInt32(byte[] bytes, int at) => BitConverter.ToUInt32(bytes, at);
}

/// <summary>
/// Refuses XML with more than a limit of bytes between two '&lt;' (which cannot occur inside an attribute value
/// or UTF-8 sequence): no attribute or text node of a real export is that long, and XmlReader would hold it whole.
/// </summary>
internal sealed class MarkupGuardStream(Stream inner, int maxBytes, string file) : ForwardOnlyStream
{
    private long _sinceMarkup;
    private long _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        ReadOnlySpan<byte> rest = buffer[..n];
        int at;
        while ((at = rest.IndexOf((byte)'<')) >= 0)
        {
            if (_sinceMarkup + at > maxBytes)
                Refuse();
            _sinceMarkup = 0;
            rest = rest[(at + 1)..];
        }
        _sinceMarkup += rest.Length;
        if (_sinceMarkup > maxBytes)
            Refuse();
        _position += n;
        return n;
    }

    private void Refuse() =>
        throw new ImportException(
            file,
            $"More than {maxBytes:N0} bytes of XML without a tag (one attribute or text that long): not an Apple "
                + $"Health export.",
            byteOffset: _position,
            kind: ImportFailure.OverLimit
        );
}
