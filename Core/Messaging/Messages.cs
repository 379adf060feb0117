using System.Text.Json.Serialization;
using BackSignal.Core.Model;

namespace BackSignal.Core.Messaging;

/// <summary>
/// Queue `recompute`: recompute an athlete's days from <see cref="FromDate"/> (a hint: dirty markers decide).
/// </summary>
public sealed record RecomputeRequest(string AthleteId, DateOnly FromDate, int V = 1);

/// <summary>
/// Queue `emails`: one email to one recipient, one type per kind — about alerts, the weekly summary of one athlete
/// and ISO week, the weekly digest of one coach (named by an opaque reference, never by address), an import report.
/// On the wire the kind is the "kind" field, as it always was, so messages queued before these types still read.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(AlertEmail), "alert")]
[JsonDerivedType(typeof(WeeklySummaryEmail), "weekly")]
[JsonDerivedType(typeof(CoachDigestEmail), "coach-digest")]
[JsonDerivedType(typeof(ImportReportEmail), "import-report")]
[JsonDerivedType(typeof(DataRightsEmail), "data-rights")]
[JsonDerivedType(typeof(InvitationEmail), "invitation")]
[JsonDerivedType(typeof(VerificationEmail), "verification")]
[JsonDerivedType(typeof(FreshLinkEmail), "fresh-link")]
[JsonDerivedType(typeof(AthleteLeftEmail), "athlete-left")]
[JsonDerivedType(typeof(RemovedFromSquadEmail), "removed-from-squad")]
public abstract record EmailMessage
{
    public int V { get; init; } = 1;

    /// <summary>The athlete the email is about ("" for a coach's digest).</summary>
    public string AthleteId { get; init; } = "";

    /// <summary>The ledger partition: the athlete's, or the coach's for the digest.</summary>
    [JsonIgnore]
    public virtual string LedgerPartition => AthleteId;

    /// <summary>The ledger key of this email: one send per kind, subject and recipient.</summary>
    [JsonIgnore]
    public abstract string LedgerKey { get; }

    /// <summary>The message as queued, the kind written first (serialized as the base type).</summary>
    public string ToJson() => Json.Serialize<EmailMessage>(this);
}

/// <summary>One or several alerts of one athlete, to the athlete or their coach; each alert keeps its own ledger row.
/// </summary>
public sealed record AlertEmail : EmailMessage
{
    public AlertEmail(string athleteId, Recipient recipient, params IReadOnlyList<string> alertKeys)
    {
        AthleteId = athleteId;
        Recipient = recipient;
        AlertKeys = alertKeys ?? [];
    }

    public Recipient Recipient { get; init; }

    public IReadOnlyList<string> AlertKeys { get; init; } = [];

    /// <summary>Messages queued before several alerts could share an email named their one alert here.</summary>
    public string? AlertKey { get; init; }

    /// <summary>The alerts this email is about.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Alerts =>
        AlertKeys is { Count: > 0 } keys ? keys
        : AlertKey is { } key ? [key]
        : [];

    /// <summary>The ledger key of one alert's email to this recipient.</summary>
    public string LedgerKeyOf(string alertKey) => LedgerKeys.Alert(alertKey, Recipient);

    public override string LedgerKey => LedgerKeyOf(Alerts.FirstOrDefault() ?? "");
}

/// <summary>The weekly summary of one athlete and ISO week (yyyy-Www).</summary>
public sealed record WeeklySummaryEmail(string Week) : EmailMessage
{
    public override string LedgerKey => $"{LedgerKeys.Wire(EmailKind.Weekly)}|{Week}|athlete";
}

/// <summary>The weekly digest of one coach (an opaque reference, a hash of the address) and ISO week.</summary>
public sealed record CoachDigestEmail(string CoachRef, string Week) : EmailMessage
{
    public override string LedgerPartition => CoachRefs.Partition(CoachRef);

    public override string LedgerKey => $"{LedgerKeys.Wire(EmailKind.CoachDigest)}|{Week}|coach";
}

/// <summary>An import report to the athlete: which uploads it covers, and the key of its one ledger row.</summary>
public sealed record ImportReportEmail(ImportReply Reply) : EmailMessage
{
    public override string LedgerKey => $"{LedgerKeys.Wire(EmailKind.ImportReport)}|{Reply.Key}|athlete";
}

/// <summary>
/// The link that confirms an athlete's request from their page: "export" (a copy of their data) or "delete" (the
/// account's erasure), mailed to the address on file. One email per action and 10-minute window (<see cref="Window"/>).
/// </summary>
public sealed record DataRightsEmail(string Action, string Window) : EmailMessage
{
    public const string Export = "export";
    public const string Delete = "delete";

    public override string LedgerKey => $"data-rights|{Action}|{Window}|athlete";
}

/// <summary>A coach's invitation, mailed to the address the coach gave (held with the invitation, not here).</summary>
public sealed record InvitationEmail(string CoachRef, string InvitationId) : EmailMessage
{
    public override string LedgerPartition => Storage.Invitations.Partition(CoachRef);

    public override string LedgerKey => $"invitation|{InvitationId}";
}

/// <summary>The link that verifies a sign-up's address; the account exists only once it is opened.</summary>
public sealed record VerificationEmail(string SignupId) : EmailMessage
{
    public override string LedgerPartition => Storage.Invitations.Signups;

    public override string LedgerKey => $"verification|{SignupId}";
}

/// <summary>
/// A fresh link in place of an expired one, mailed to the address on file (never to one typed on a page): the
/// athlete's (<see cref="EmailMessage.AthleteId"/>) or the coach's (<see cref="CoachRef"/>); at most one an hour.
/// </summary>
public sealed record FreshLinkEmail(string Purpose, string Hour) : EmailMessage
{
    public string? CoachRef { get; init; }

    public override string LedgerPartition => CoachRef is { } coach ? CoachRefs.Partition(coach) : AthleteId;

    public override string LedgerKey => $"fresh-link|{Purpose}|{Hour}";
}

/// <summary>
/// Tells a coach that an athlete left (deleted their account): the name only, no reason and no data. It names no
/// athlete id, so the erasure's purge of the athlete's messages leaves it on its way.
/// </summary>
public sealed record AthleteLeftEmail(string CoachEmail, string Name, string Id) : EmailMessage
{
    public override string LedgerPartition => CoachRefs.Partition(CoachRefs.Of(CoachEmail));

    public override string LedgerKey => $"athlete-left|{Id}";
}

/// <summary>Tells an athlete that their coach removed them from the squad (the coach no longer sees them).</summary>
public sealed record RemovedFromSquadEmail(string CoachEmail, string Id) : EmailMessage
{
    public override string LedgerKey => $"removed-from-squad|{Id}";
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

/// <summary>
/// Queue `connections`: work for a connected account (docs/design.md#connected-accounts), one type per step. Each
/// names the connection's epoch: a message of a connection since removed or replaced does nothing.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(HevyBackfillPage), "hevy-backfill")]
[JsonDerivedType(typeof(HevyWorkoutDelivered), "hevy-workout")]
[JsonDerivedType(typeof(HevyEventsPage), "hevy-events")]
[JsonDerivedType(typeof(StravaEventReceived), "strava-event")]
[JsonDerivedType(typeof(StravaBackfillPage), "strava-backfill")]
public abstract record ConnectionMessage
{
    public int V { get; init; } = 1;
    public string AthleteId { get; init; } = "";
    public string Epoch { get; init; } = "";

    public string ToJson() => Json.Serialize<ConnectionMessage>(this);
}

/// <summary>
/// One page of the athlete's recent Strava activities (`GET /api/v3/athlete/activities?after=&amp;page=`): the weeks
/// the overload rules compare against. An empty page ends the backfill.
/// </summary>
public sealed record StravaBackfillPage(long After, int Page) : ConnectionMessage;

/// <summary>One page of the Hevy history (`GET /v1/workouts?page=`); the last page ends the backfill.</summary>
public sealed record HevyBackfillPage(int Page) : ConnectionMessage;

/// <summary>A workout Hevy's webhook announced, fetched by id.</summary>
public sealed record HevyWorkoutDelivered(string WorkoutId) : ConnectionMessage;

/// <summary>
/// One page of Hevy's events feed since <see cref="Since"/> (null on the first page: where the connection's feed
/// stands, read with the connection); <see cref="PolledAt"/> is where the next read starts once the last page is done.
/// </summary>
public sealed record HevyEventsPage(DateTimeOffset? Since, int Page, DateTimeOffset PolledAt) : ConnectionMessage;

/// <summary>A Strava webhook event as received (the athlete is found from its owner when handled).</summary>
public sealed record StravaEventReceived(
    string ObjectType,
    long ObjectId,
    string Aspect,
    long OwnerId,
    bool Deauthorized
) : ConnectionMessage;
