using System.IO.Compression;

namespace BackSignal.Core.Import;

/// <summary>
/// Reads any supported export into canonical workouts: sniffs the format from the content, streams it through
/// the matching reader, and opens zips (Apple Health's export.zip, bulk exports) entry by entry without
/// unpacking them to disk. A file that is no export at all throws <see cref="ImportException"/>; a file that
/// breaks part-way keeps what was read before the break and reports where it broke.
/// </summary>
public static class ExportReader
{
    public static ImportResult ReadFile(string path, ImportContext context)
    {
        using var stream = new FileStream(
            path,
            FileMode.Open,
            FileAccess.Read,
            FileShare.Read,
            1 << 16,
            FileOptions.SequentialScan
        );
        return Read(stream, context);
    }

    /// <summary>Reads one export. Zips need a seekable stream (a file); anything else may be a plain stream.</summary>
    public static ImportResult Read(Stream stream, ImportContext context)
    {
        var length = stream.CanSeek ? stream.Length : -1;
        if (length > context.Limits.MaxFileBytes)
            throw new ImportException(
                context.FileName,
                $"{length:N0} bytes is over the {context.Limits.MaxFileBytes:N0}-byte upload limit.",
                kind: ImportFailure.OverLimit
            );
        var collector = new ImportCollector(context);
        try
        {
            ReadInto(stream, context.FileName, length, collector, inZip: false);
        }
        catch (Exception e) when (IsContentFault(e))
        {
            // Whatever the content made a reader throw ends as a report, never as a retried (poisoned) message.
            throw new ImportException(context.FileName, $"The file could not be read ({Describe(e)}).");
        }
        return collector.Result();
    }

    /// <summary>
    /// Faults a file's content can cause in a reader (a value past a type's range, a malformed structure),
    /// as opposed to cancellation and memory exhaustion, which are the host's and must surface.
    /// </summary>
    private static bool IsContentFault(Exception e) =>
        e is not (ImportException or OperationCanceledException or OutOfMemoryException);

    private static string Describe(Exception e) =>
        e switch
        {
            CsvHelper.MaxFieldSizeException => "a field is longer than any real export has",
            _ => $"{e.GetType().Name}: {e.Message.Split('\n')[0]}",
        };

    private static void ReadInto(Stream stream, string file, long length, ImportCollector into, bool inZip)
    {
        var limits = into.Context.Limits;
        var limit = inZip ? limits.MaxEntryBytes : limits.MaxFileBytes;
        var metered = new MeteredStream(
            stream,
            limit,
            length,
            into.Context.Progress,
            read => new ImportException(
                file,
                $"More than {limit:N0} bytes came out of it: over the limit (a zip bomb, or far bigger than any "
                    + $"export).",
                kind: ImportFailure.OverLimit
            )
        );
        var head = new byte[ExportSniffer.HeadBytes];
        var headLength = Fill(metered, head);
        var sniffed = ExportSniffer.Detect(head.AsSpan(0, headLength), file);

        if (sniffed.Format == ExportFormat.Zip)
        {
            if (inZip)
                throw new ImportException(file, "A zip inside a zip is not read: unpack the outer one.");
            if (!stream.CanSeek)
                throw new ImportException(file, "A zip can only be read from a file (it needs random access).");
            stream.Position = 0;
            ReadZip(stream, file, into);
            return;
        }

        var body = new ReplayStream(head, headLength, metered);
        try
        {
            switch (sniffed.Format)
            {
                case ExportFormat.Strong:
                    StrongCsvReader.Read(body, sniffed.HeaderLine!, file, into);
                    break;
                case ExportFormat.Hevy:
                    HevyCsvReader.Read(body, sniffed.HeaderLine!, file, into);
                    break;
                case ExportFormat.GarminActivities:
                    GarminActivitiesReader.Read(body, sniffed.HeaderLine!, file, into);
                    break;
                case ExportFormat.StravaActivities:
                    StravaActivitiesReader.Read(body, sniffed.HeaderLine!, file, into);
                    break;
                case ExportFormat.AppleHealth:
                    AppleHealthReader.Read(new MarkupGuardStream(body, limits.MaxMarkupBytes, file), file, into);
                    break;
                case ExportFormat.CanonicalJson:
                    if (length > limits.MaxJsonBytes)
                        throw new ImportException(
                            file,
                            $"{length:N0} bytes of JSON is over the {limits.MaxJsonBytes:N0}-byte limit for canonical "
                                + $"JSON: split it into smaller files.",
                            kind: ImportFailure.OverLimit
                        );
                    CanonicalJsonReader.Read(
                        new MeteredStream(
                            body,
                            limits.MaxJsonBytes,
                            length,
                            null,
                            _ => new ImportException(
                                file,
                                $"More than {limits.MaxJsonBytes:N0} bytes of JSON: over the limit for canonical JSON.",
                                kind: ImportFailure.OverLimit
                            )
                        ),
                        file,
                        into
                    );
                    break;
                case ExportFormat.Fit:
                    FitReader.Read(body, file, into);
                    break;
                default:
                    throw new ImportException(file, $"No reader for {sniffed.Format}.");
            }
        }
        catch (ImportException e) when (!e.IsFormatError)
        {
            // What was read before the break stays in; the break itself is reported where it happened.
            var where = e.ByteOffset is { } offset ? $"At byte {offset}: " : "";
            into.Reject(file, e.Line ?? 0, null, where + e.Reason + " The rest of the file was not read.");
        }
        catch (Exception e) when (IsContentFault(e))
        {
            var line = (e as CsvHelper.CsvHelperException)?.Context?.Parser?.RawRow ?? 0;
            into.Reject(file, line, null, $"Reading stopped here: {Describe(e)}. The rest of the file was not read.");
        }
        into.Context.Progress?.Invoke(metered.BytesRead, length);
    }

    private static void ReadZip(Stream stream, string file, ImportCollector into)
    {
        var limits = into.Context.Limits;
        // The directory is counted in the zip's end record first: ZipArchive reads every entry of it into memory.
        if (ZipDirectory.EntryCount(stream) is { } declared && declared > limits.MaxZipEntries)
            throw new ImportException(
                file,
                $"The zip holds {declared:N0} files, more than the {limits.MaxZipEntries:N0} an export has.",
                kind: ImportFailure.OverLimit
            );
        stream.Position = 0;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ImportException(file, $"The zip is damaged or cut short ({e.Message}).");
        }
        using (zip)
        {
            var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (entries.Count > limits.MaxZipEntries)
                throw new ImportException(
                    file,
                    $"The zip holds {entries.Count:N0} files, more than the {limits.MaxZipEntries:N0} an export has.",
                    kind: ImportFailure.OverLimit
                );
            // Apple Health's export.zip: only export.xml holds the workouts (export_cda.xml, routes and ECGs are
            // skipped).
            var apple = entries.FirstOrDefault(e => e.FullName is "apple_health_export/export.xml" or "export.xml");
            var chosen = apple is not null ? [apple] : entries;
            if (apple is not null)
                into.Skip("other files of the Apple Health zip", entries.Count - 1);
            foreach (var entry in chosen)
            {
                var name = $"{file}/{entry.FullName}";
                if (entry.Length > limits.MaxEntryBytes)
                {
                    into.Reject(
                        name,
                        0,
                        null,
                        $"It inflates to {entry.Length:N0} bytes, over the {limits.MaxEntryBytes:N0}-byte limit; not "
                            + $"read."
                    );
                    continue;
                }
                if (
                    entry.CompressedLength > 0
                    && entry.Length > (1 << 20)
                    && entry.Length / (double)entry.CompressedLength > limits.MaxCompressionRatio
                )
                {
                    into.Reject(
                        name,
                        0,
                        null,
                        $"It is compressed {entry.Length / (double)entry.CompressedLength:N0} to 1, which no real "
                            + $"export is: treated as a zip bomb and not read."
                    );
                    continue;
                }
                try
                {
                    using var content = entry.Open();
                    ReadInto(content, name, entry.Length, into, inZip: true);
                }
                catch (ImportException e) when (e.IsFormatError && apple is null)
                {
                    // A bulk export also holds files that are not workouts (readme, gpx): count them, do not fail.
                    into.Skip("zip entries that are not exports");
                }
                catch (InvalidDataException e)
                {
                    into.Reject(name, 0, null, $"The zip entry is damaged ({e.Message}); not read.");
                }
            }
        }
    }

    private static int Fill(Stream stream, byte[] buffer)
    {
        var total = 0;
        int n;
        while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0)
            total += n;
        return total;
    }
}
