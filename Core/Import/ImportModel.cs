using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>The export formats BackSignal reads, told apart by content, never by file name.</summary>
public enum ExportFormat { Strong, Hevy, GarminActivities, StravaActivities, AppleHealth, CanonicalJson, Fit, Zip }

/// <summary>Limits that keep a hostile or broken upload from eating the machine.</summary>
public sealed record ImportLimits
{
    /// <summary>The largest file accepted (an Apple Health export.zip of several years is a few hundred MB).</summary>
    public long MaxFileBytes { get; init; } = 1L << 30;
    /// <summary>The most bytes read out of one zip entry, whatever its header claims.</summary>
    public long MaxEntryBytes { get; init; } = 4L << 30;
    /// <summary>Above this ratio of uncompressed to compressed size a zip entry is treated as a bomb.</summary>
    public double MaxCompressionRatio { get; init; } = 200;
    public int MaxZipEntries { get; init; } = 20_000;
    /// <summary>No real export row is this long; a longer one means the file is not what it claims.</summary>
    public int MaxLineChars { get; init; } = 1 << 20;
    /// <summary>Canonical JSON is read whole, so it gets a tighter cap.</summary>
    public long MaxJsonBytes { get; init; } = 64L << 20;
    /// <summary>Rejected rows kept with their detail; beyond this only the count goes on.</summary>
    public int MaxRejectedKept { get; init; } = 1_000;

    public static ImportLimits Default { get; } = new();
}

/// <summary>What a reader needs beyond the bytes: who the workouts belong to and how to read what the export leaves implicit.</summary>
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

    public static ImportContext For(AthleteProfile profile, string fileName, DateTimeOffset now) => new()
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

/// <summary>What one file produced: the workouts, the rows that could not be read, and what was skipped on purpose.</summary>
public sealed record ImportResult(
    string File,
    IReadOnlyList<ExportFormat> Formats,
    IReadOnlyList<WorkoutSummary> Workouts,
    int Sets,
    IReadOnlyList<RejectedRow> Rejected,
    int RejectedCount,
    IReadOnlyList<UnknownExercise> UnknownExercises,
    IReadOnlyDictionary<string, int> Skipped);

/// <summary>A file that cannot be read at all: not a known export, or past a limit. Names the file and where.</summary>
public sealed class ImportException(string file, string message, long? line = null, long? byteOffset = null, bool formatError = false)
    : Exception(Describe(file, message, line, byteOffset))
{
    /// <summary>True when the file is not a readable export at all (as opposed to one that breaks part-way).</summary>
    public bool IsFormatError { get; } = formatError;
    public string File { get; } = file;
    public long? Line { get; } = line;
    public long? ByteOffset { get; } = byteOffset;
    public string Reason { get; } = message;

    private static string Describe(string file, string message, long? line, long? offset) =>
        line is { } l ? $"{file}:{l}: {message}" : offset is { } o ? $"{file} at byte {o}: {message}" : $"{file}: {message}";
}
