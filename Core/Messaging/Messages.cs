using BackSignal.Core.Model;

namespace BackSignal.Core.Messaging;

/// <summary>
/// Queue `recompute`: recompute an athlete's days from <see cref="FromDate"/> (a hint: dirty markers decide).
/// </summary>
public sealed record RecomputeRequest(string AthleteId, DateOnly FromDate, int V = 1);

/// <summary>
/// Queue `emails`: send one email to one recipient — about one alert, or the weekly summary of one athlete and
/// ISO week, or the weekly digest of one coach (named by an opaque reference, never by address) and ISO week.
/// </summary>
public sealed record EmailRequest(
    EmailKind Kind,
    string AthleteId,
    Recipient Recipient,
    string? AlertKey = null,
    int V = 1
)
{
    /// <summary>
    /// Several overload alerts in one email; each keeps its own ledger row (<see cref="LedgerKeyOf"/>).
    /// </summary>
    public IReadOnlyList<string>? AlertKeys { get; init; }

    /// <summary>
    /// The alerts this email is about: <see cref="AlertKeys"/>, or the single <see cref="AlertKey"/>.
    /// </summary>
    public IReadOnlyList<string> Alerts =>
        AlertKeys is { Count: > 0 } keys ? keys
        : AlertKey is { } key ? [key]
        : [];

    /// <summary>The ledger key of one alert's email to this recipient.</summary>
    public string LedgerKeyOf(string alertKey) => LedgerKeys.Alert(alertKey, Recipient);

    /// <summary>yyyy-Www, for the weekly kinds.</summary>
    public string? Week { get; init; }

    /// <summary>The coach's opaque reference (a hash of the address), for the digest.</summary>
    public string? CoachRef { get; init; }

    /// <summary>For the import report: which uploads it covers, and the key of its one ledger row.</summary>
    public ImportReply? Reply { get; init; }

    /// <summary>The ledger key of this email: one send per kind, subject and recipient.</summary>
    public string LedgerKey =>
        Kind switch
        {
            EmailKind.Alert => LedgerKeys.Alert(AlertKey ?? "", Recipient),
            EmailKind.ImportReport => $"{LedgerKeys.Wire(Kind)}|{Reply?.Key}|{LedgerKeys.Wire(Recipient)}",
            _ => $"{LedgerKeys.Wire(Kind)}|{Week}|{LedgerKeys.Wire(Recipient)}",
        };

    /// <summary>The ledger partition: the athlete's, or the coach's for the digest.</summary>
    public string LedgerPartition => Kind == EmailKind.CoachDigest ? CoachRefs.Partition(CoachRef ?? "") : AthleteId;
}

/// <summary>The email ledger's keys, with kinds and recipients written as on the wire.</summary>
public static class LedgerKeys
{
    /// <summary>Every ledger key of one alert's emails starts with this.</summary>
    public static string AlertPrefix(string alertKey) => $"{Wire(EmailKind.Alert)}|{alertKey}|";

    public static string Alert(string alertKey, Recipient recipient) => AlertPrefix(alertKey) + Wire(recipient);

    public static string Wire(EmailKind kind) => EmailWire.Of(kind);

    public static string Wire(Recipient recipient) => EmailWire.Of(recipient);
}

/// <summary>What every message names, read without parsing the whole message.</summary>
public static class MessageFields
{
    /// <summary>The top-level athleteId of a JSON message (or claim-check body), "" when there is none.</summary>
    public static string AthleteIdOf(string body)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(body));
            while (reader.Read())
                if (
                    reader.TokenType == System.Text.Json.JsonTokenType.PropertyName
                    && reader.CurrentDepth == 1
                    && reader.ValueTextEquals("athleteId"u8)
                    && reader.Read()
                    && reader.TokenType == System.Text.Json.JsonTokenType.String
                )
                    return reader.GetString() ?? "";
        }
        catch (System.Text.Json.JsonException) { }
        return "";
    }
}

/// <summary>A message whose body lives in a blob because it is larger than a queue message may be.</summary>
public sealed record ClaimCheck(string ClaimCheckBlob);

/// <summary>
/// Queue `exports`: an export file uploaded to blob container `exports` as {athleteId}/{uploadId}/{fileName},
/// to be read into workouts for that athlete.
/// </summary>
public sealed record ExportUploaded(string AthleteId, string UploadId, string BlobName, string FileName, int V = 1)
{
    /// <summary>Uploads that asked for an import report by email (mail-in, upload links): one reply per key.</summary>
    public ImportReply? Reply { get; init; }
}

/// <summary>
/// One import report by email, sent once every upload it names has been processed (a mail with two exports gets
/// one reply). <see cref="Key"/> names the ledger row: the same mail delivered twice replies once.
/// </summary>
public sealed record ImportReply(string Key, IReadOnlyList<string> UploadIds);
