namespace BackSignal.Core.Messaging;

/// <summary>Queue `recompute`: recompute an athlete's days from <see cref="FromDate"/> (a hint: dirty markers decide).</summary>
public sealed record RecomputeRequest(string AthleteId, DateOnly FromDate, int V = 1);

/// <summary>Queue `emails`: send one email to one recipient about one alert.</summary>
public sealed record EmailRequest(string Kind, string AthleteId, string Recipient, string? AlertKey = null, int V = 1)
{
    public const string AlertKind = "alert";
    public const string ToAthlete = "athlete";
    public const string ToCoach = "coach";

    /// <summary>The ledger key of this email: one send per kind, subject and recipient.</summary>
    public string LedgerKey => $"{Kind}|{AlertKey}|{Recipient}";
}

/// <summary>A message whose body lives in a blob because it is larger than a queue message may be.</summary>
public sealed record ClaimCheck(string ClaimCheckBlob);

/// <summary>
/// Queue `exports`: an export file uploaded to blob container `exports` as {athleteId}/{uploadId}/{fileName},
/// to be read into workouts for that athlete.
/// </summary>
public sealed record ExportUploaded(string AthleteId, string UploadId, string BlobName, string FileName, int V = 1);
