namespace BackSignal.Core.Import;

/// <summary>What one upload produced (stored in table Ingestions by upload).</summary>
public sealed record IngestionReport
{
    public const string Done = "done";
    public const string Failed = "failed";

    public required string AthleteId { get; init; }
    public required string UploadId { get; init; }
    public required string FileName { get; init; }

    /// <summary>done (some or all rows went in) or failed (the file could not be read at all).</summary>
    public required string Status { get; init; }
    public IReadOnlyList<string> Formats { get; init; } = [];
    public long Bytes { get; init; }
    public int Workouts { get; init; }
    public int Sets { get; init; }

    /// <summary>Rows with no usable workout in them.</summary>
    public int RejectedCount { get; init; }

    /// <summary>The first rejected rows with file, line, field and reason (all of them up to a limit).</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; init; } = [];

    /// <summary>Values dropped from rows that were kept (file, line, field, reason, what was done).</summary>
    public int WarningCount { get; init; }
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];
    public IReadOnlyList<UnknownExercise> UnknownExercises { get; init; } = [];
    public IReadOnlyDictionary<string, int> Skipped { get; init; } = new Dictionary<string, int>();
    public DateOnly? FirstDay { get; init; }
    public DateOnly? LastDay { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}
