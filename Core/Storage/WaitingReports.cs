using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// Import reports waiting for the hourly email: an athlete gets at most one import-report email an hour, and the
/// reports that come after it wait here (Training rows "import-waiting|{uploadId}", so an export and an erasure take
/// them) until the hourly timer sends them in one email. An index row (Athletes, partition "~import-waiting") lets
/// the timer find the athletes without a scan; an erasure removes it too.
/// </summary>
public sealed class WaitingReports(StorageClients storage)
{
    private const string Prefix = "import-waiting|";
    private const string Index = "~import-waiting";
    private readonly TableClient _training = storage.Tables.GetTableClient(TableNames.Training);
    private readonly TableClient _athletes = storage.Tables.GetTableClient(TableNames.Athletes);

    public async Task AddAsync(string athleteId, IEnumerable<string> uploadIds, CancellationToken ct)
    {
        foreach (var upload in uploadIds)
            await _training.UpsertEntityAsync(new TableEntity(athleteId, Prefix + upload), TableUpdateMode.Replace, ct);
        await _athletes.UpsertEntityAsync(new TableEntity(Index, athleteId), TableUpdateMode.Replace, ct);
    }

    /// <summary>The athletes with reports waiting.</summary>
    public async Task<IReadOnlyList<string>> AthletesAsync(CancellationToken ct)
    {
        var ids = new List<string>();
        await foreach (
            var e in _athletes.QueryAsync<TableEntity>(
                e => e.PartitionKey == Index,
                select: ["RowKey"],
                cancellationToken: ct
            )
        )
            ids.Add(e.RowKey);
        return ids;
    }

    public async Task<IReadOnlyList<string>> UploadsAsync(string athleteId, CancellationToken ct)
    {
        var uploads = new List<string>();
        var filter = RowKeys.Range(athleteId, Prefix, Prefix + RowKeys.End);
        await foreach (var e in _training.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
            uploads.Add(e.RowKey[Prefix.Length..]);
        return uploads;
    }

    /// <summary>
    /// Forgets what was sent or erased: the upload rows given, and the index row when none is left (a row already
    /// gone is no error: the SDK's delete outside a transaction succeeds on 404).
    /// </summary>
    public async Task RemoveAsync(string athleteId, IEnumerable<string> uploadIds, CancellationToken ct)
    {
        foreach (var upload in uploadIds)
            await _training.DeleteEntityAsync(athleteId, Prefix + upload, ETag.All, ct);
        if ((await UploadsAsync(athleteId, ct)).Count == 0)
            await _athletes.DeleteEntityAsync(Index, athleteId, ETag.All, ct);
    }
}
