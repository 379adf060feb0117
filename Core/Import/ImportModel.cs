using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>The export formats BackSignal reads, told apart by content, never by file name.</summary>
public enum ExportFormat
{
    Strong,
    Hevy,
    GarminActivities,
    StravaActivities,
    AppleHealth,
    CanonicalJson,
    Fit,
    Zip,
}

/// <summary>
/// Limits that keep a hostile or broken upload from eating the machine, sized to the memory of the instance that
/// reads it (setting <c>Import__InstanceMemoryMb</c>, the Flex Consumption instance size: 512, 2048 or 4096;
/// default 2048). Files are streamed, so what must fit in memory is what is held while reading: the sets read
/// (<see cref="MaxSetsPerFile"/>), a FIT or canonical JSON file read whole, and one field, line or XML node.
/// </summary>
public sealed record ImportLimits
{
    public const int DefaultInstanceMemoryMb = 2048;

    /// <summary>The largest file accepted (512 MiB on a 2 GB instance: an Apple Health export.zip of years).</summary>
    public long MaxFileBytes { get; init; } = 512L << 20;

    /// <summary>The most bytes read out of one zip entry, whatever its header claims (streamed: bounds time).</summary>
    public long MaxEntryBytes { get; init; } = 2L << 30;

    /// <summary>Above this ratio of uncompressed to compressed size a zip entry is treated as a bomb.</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Checked in the zip's end record before its directory is read (300,000 entries took 222 MB).</summary>
    public int MaxZipEntries { get; init; } = 20_000;

    /// <summary>No real export row is this long; a longer one means the file is not what it claims.</summary>
    public int MaxLineChars { get; init; } = 1 << 20;

    /// <summary>One CSV field (a quoted field may span lines, so the line limit alone does not bound it).</summary>
    public int MaxFieldChars { get; init; } = 64 << 10;

    /// <summary>
    /// Bytes of XML without a '&lt;': bounds any one attribute or text node (a 100 MB attribute took 2 GB).
    /// </summary>
    public int MaxMarkupBytes { get; init; } = 1 << 20;

    /// <summary>Canonical JSON is read whole, so it gets a tighter cap.</summary>
    public long MaxJsonBytes { get; init; } = 64L << 20;

    /// <summary>Sets held while one file is read (about 100 bytes each).</summary>
    public int MaxSetsPerFile { get; init; } = 2_000_000;

    /// <summary>Rejected rows (and warnings) kept with their detail; beyond this only the count goes on.</summary>
    public int MaxRejectedKept { get; init; } = 1_000;

    public static ImportLimits Default { get; } = new();

    /// <summary>
    /// The limits for an instance of <paramref name="megabytes"/> MB: the memory-bound ones scale with it.
    /// </summary>
    public static ImportLimits ForInstanceMemory(int megabytes)
    {
        var scale = Math.Clamp(megabytes, 256, 65_536) / (double)DefaultInstanceMemoryMb;
        return new ImportLimits
        {
            MaxFileBytes = (long)(Default.MaxFileBytes * scale),
            MaxEntryBytes = (long)(Default.MaxEntryBytes * scale),
            MaxJsonBytes = (long)(Default.MaxJsonBytes * scale),
            MaxSetsPerFile = (int)(Default.MaxSetsPerFile * scale),
        };
    }
}

/// <summary>
/// What a reader needs beyond the bytes: who the workouts belong to and how to read what the export leaves implicit.
/// </summary>
public sealed record ImportContext
{
    public required string FileName { get; init; }
    public string AthleteId { get; init; } = "";

    /// <summary>kg or lb: the unit of exports without a unit column (Strong).</summary>
    public string WeightUnit { get; init; } = "kg";

    /// <summary>The zone of exports that write local times without an offset (Strong, Hevy, Garmin CSV).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    public ImportLimits Limits { get; init; } = ImportLimits.Default;

    /// <summary>Bytes read so far and the total, for a progress bar; called now and then, not per row.</summary>
    public Action<long, long>? Progress { get; init; }

    public static ImportContext For(AthleteProfile profile, string fileName, DateTimeOffset now) =>
        new()
        {
            FileName = fileName,
            AthleteId = profile.AthleteId,
            WeightUnit = profile.WeightUnit,
            TimeZone = profile.ResolveTimeZone(),
            Now = now,
        };
}

/// <summary>An exercise name the catalog does not know, and how many sets carried it.</summary>
public sealed record UnknownExercise(string Name, int Sets);

/// <summary>
/// What one file produced: the workouts, the rows that could not be read, and what was skipped on purpose.
/// </summary>
public sealed record ImportResult(
    string File,
    IReadOnlyList<ExportFormat> Formats,
    IReadOnlyList<WorkoutSummary> Workouts,
    int Sets,
    IReadOnlyList<RejectedRow> Rejected,
    int RejectedCount,
    IReadOnlyList<UnknownExercise> UnknownExercises,
    IReadOnlyDictionary<string, int> Skipped
)
{
    /// <summary>
    /// Values dropped from rows that were kept (up to a limit; <see cref="WarningCount"/> counts all).
    /// </summary>
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];
    public int WarningCount { get; init; }
}

/// <summary>Why a file could not be read: what the front door answers (400 or 413) and the reader does next.</summary>
public enum ImportFailure
{
    /// <summary>A known export that breaks part-way (a truncated file, a corrupt record).</summary>
    Unreadable,

    /// <summary>Not a readable export at all (empty, an unknown layout, a binary that is none).</summary>
    NotAnExport,

    /// <summary>Past a limit: too many bytes, entries or sets.</summary>
    OverLimit,
}

/// <summary>A file that cannot be read at all: not a known export, or past a limit. Names the file and where.</summary>
public sealed class ImportException(
    string file,
    string message,
    long? line = null,
    long? byteOffset = null,
    ImportFailure kind = ImportFailure.Unreadable
) : Exception(Describe(file, message, line, byteOffset))
{
    public ImportFailure Kind { get; } = kind;

    /// <summary>True when the file is not a readable export at all (as opposed to one that breaks part-way).</summary>
    public bool IsFormatError => Kind == ImportFailure.NotAnExport;
    public string File { get; } = file;
    public long? Line { get; } = line;
    public long? ByteOffset { get; } = byteOffset;
    public string Reason { get; } = message;

    private static string Describe(string file, string message, long? line, long? offset) =>
        line is { } l ? $"{file}:{l}: {message}"
        : offset is { } o ? $"{file} at byte {o}: {message}"
        : $"{file}: {message}";
}
