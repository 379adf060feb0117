using System.IO.Compression;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>What an athlete's export or erasure covered: rows per table and blobs per container.</summary>
public sealed record AthleteDataCounts(IReadOnlyDictionary<string, int> Rows, IReadOnlyDictionary<string, int> Blobs)
{
    public int Total => Rows.Values.Sum() + Blobs.Values.Sum();

    public override string ToString() =>
        string.Join(
            ", ",
            Rows.Select(r => $"{r.Value} {r.Key} rows").Concat(Blobs.Select(b => $"{b.Value} {b.Key} blobs"))
        );
}

/// <summary>
/// Everything stored about one athlete (docs/design.md#privacy): the profile (Athletes), workouts, days, metrics,
/// alerts, check-ins and the email ledger (Training), upload reports (Ingestions), the rejected messages that named
/// them (Rejections), their raw uploads (blob container exports) and claim-check bodies that name them (claims). An
/// export writes all of it to a zip; an erasure deletes all of it and is idempotent (a second run finds nothing). An
/// erasure leaves a keyed tombstone first (<see cref="ErasedAthletes"/>), removes the athlete's messages from every
/// queue and poison queue, then deletes; a message on its way meanwhile records nothing that names them.
/// </summary>
public sealed class AthleteData(
    StorageClients storage,
    AccessRefs access,
    AthleteStore athletes,
    ErasedAthletes erased,
    QueuePurge purge,
    WaitingReports waiting,
    MessageQueue queue,
    ConnectedAccounts connections,
    WeeklyMarks weeklyMarks
)
{
    private static readonly string[] PartitionedTables =
    [
        TableNames.Athletes,
        TableNames.Training,
        TableNames.Ingestions,
        TableNames.Connections,
    ];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<AthleteDataCounts> ExportAsync(string athleteId, Stream output, CancellationToken ct)
    {
        AthleteIds.EnsureValid(athleteId);
        var rows = new Dictionary<string, int>();
        var blobs = new Dictionary<string, int>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var table in PartitionedTables.Append(TableNames.Rejections))
        {
            // The one-hop path's window is a compressed copy of rows the export holds already.
            var entities = (await RowsAsync(table, athleteId, ct))
                .Where(e => !(table == TableNames.Training && e.RowKey == RowKeys.LatestWindow))
                .ToList();
            rows[table] = entities.Count;
            await using var writer = new StreamWriter(zip.CreateEntry($"tables/{table}.json").Open());
            await writer.WriteAsync(JsonSerializer.Serialize(entities.Select(Plain).ToList(), Indented));
        }
        foreach (var (container, names) in await BlobsAsync(athleteId, ct))
        {
            blobs[container] = names.Count;
            foreach (var name in names)
            {
                await using var entry = zip.CreateEntry($"blobs/{container}/{name}").Open();
                await storage.Blobs.GetBlobContainerClient(container).GetBlobClient(name).DownloadToAsync(entry, ct);
            }
        }
        return new AthleteDataCounts(rows, blobs);
    }

    public async Task<AthleteDataCounts> DeleteAsync(string athleteId, CancellationToken ct)
    {
        AthleteIds.EnsureValid(athleteId);
        // The tombstone first: from now on a message on its way records nothing that names the athlete.
        await erased.MarkAsync(athleteId, ct);
        await purge.RemoveAsync(athleteId, ct);
        // Connected apps first: the webhook and access at the provider, the secrets (kept outside any table).
        await connections.DisconnectAllAsync(athleteId, ct);
        // The access reference's index row lives outside the athlete's partition: revoked first, so that no link or
        // import address resolves to the athlete, and no row names them, once the erasure is done.
        await access.RevokeAsync(athleteId, ct);
        await weeklyMarks.RemoveAthleteAsync(athleteId, ct);
        if (await athletes.FindAsync(athleteId, ct) is { CoachEmail: { Length: > 0 } coach } leaving)
        {
            await athletes.RemoveFromCoachAsync(CoachRefs.Of(coach), athleteId, ct);
            // The coach is told the athlete left: the name, no reason, no data (queued after the purge above).
            var name = leaving.DisplayName is { Length: > 0 } n ? n : "An athlete";
            // One notice per athlete whatever the erasure's retries: its key is a one-way reference of the athlete.
            await queue.SendAsync(new AthleteLeftEmail(coach, name, CoachRefs.Of("left|" + athleteId)), ct);
        }
        // Waiting import reports: their rows go with the partition below, their index row here.
        await waiting.RemoveAsync(athleteId, await waiting.UploadsAsync(athleteId, ct), ct);
        var rows = new Dictionary<string, int>();
        var blobs = new Dictionary<string, int>();
        foreach (var table in PartitionedTables.Append(TableNames.Rejections))
        {
            var client = storage.Tables.GetTableClient(table);
            var entities = await RowsAsync(table, athleteId, ct);
            // One partition per transaction, at most 100 operations each (Azurite fails oddly past 100).
            foreach (var batch in entities.GroupBy(e => e.PartitionKey).SelectMany(p => p.Chunk(100)))
            {
                try
                {
                    await client.SubmitTransactionAsync(
                        batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)),
                        ct
                    );
                }
                catch (TableTransactionFailedException e) when (e.Status == 404)
                {
                    // Someone deleted a row meanwhile (a second erasure at once): delete the rest one by one.
                    foreach (var entity in batch)
                        await client.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, ct);
                }
            }
            rows[table] = entities.Count;
        }
        foreach (var (container, names) in await BlobsAsync(athleteId, ct))
        {
            var client = storage.Blobs.GetBlobContainerClient(container);
            foreach (var name in names)
                await client.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: ct);
            blobs[container] = names.Count;
        }
        return new AthleteDataCounts(rows, blobs);
    }

    private async Task<List<TableEntity>> RowsAsync(string table, string athleteId, CancellationToken ct)
    {
        var client = storage.Tables.GetTableClient(table);
        var query =
            table == TableNames.Rejections
                ? client.QueryAsync<TableEntity>(
                    TableClient.CreateQueryFilter($"AthleteId eq {athleteId}"),
                    cancellationToken: ct
                )
                : client.QueryAsync<TableEntity>(e => e.PartitionKey == athleteId, cancellationToken: ct);
        var result = new List<TableEntity>();
        await foreach (var entity in query)
            result.Add(entity);
        return result;
    }

    /// <summary>The athlete's raw uploads (their own prefix) and the claim-check bodies that name them.</summary>
    private async Task<Dictionary<string, List<string>>> BlobsAsync(string athleteId, CancellationToken ct)
    {
        var uploads = new List<string>();
        await foreach (
            var blob in storage
                .Blobs.GetBlobContainerClient(ContainerNames.Exports)
                .GetBlobsAsync(
                    Azure.Storage.Blobs.Models.BlobTraits.None,
                    Azure.Storage.Blobs.Models.BlobStates.None,
                    $"{athleteId}/",
                    ct
                )
        )
            uploads.Add(blob.Name);
        var claims = new List<string>();
        var claimContainer = storage.Blobs.GetBlobContainerClient(ContainerNames.Claims);
        await foreach (
            var blob in claimContainer.GetBlobsAsync(
                Azure.Storage.Blobs.Models.BlobTraits.None,
                Azure.Storage.Blobs.Models.BlobStates.None,
                null,
                ct
            )
        )
        {
            var content = (
                await claimContainer.GetBlobClient(blob.Name).DownloadContentAsync(ct)
            ).Value.Content.ToString();
            if (MessageFields.AthleteIdOf(content) == athleteId)
                claims.Add(blob.Name);
        }
        return new() { [ContainerNames.Exports] = uploads, [ContainerNames.Claims] = claims };
    }

    /// <summary>A row as plain JSON values (keys, timestamp and every property).</summary>
    private static Dictionary<string, object?> Plain(TableEntity entity) =>
        entity
            .Where(p => p.Key != "odata.etag")
            .ToDictionary(p => p.Key, p => p.Value is BinaryData b ? b.ToString() : (object?)p.Value);
}
