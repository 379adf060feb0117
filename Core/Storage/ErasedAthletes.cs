using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Observability;

namespace BackSignal.Core.Storage;

/// <summary>
/// Tombstones of erased athletes (table Athletes, partition "~erased"): the keyed one-way hash of the id and when,
/// nothing else. A message already on its way when an athlete was erased finds the tombstone: it records nothing
/// that names them, and what it wrote is erased again. Kept <see cref="Kept"/>, longer than any message lives.
/// </summary>
public sealed class ErasedAthletes(StorageClients storage, TimeProvider wallClock)
{
    public static readonly TimeSpan Kept = TimeSpan.FromDays(30);
    private const string Partition = "~erased";
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);

    public Task MarkAsync(string athleteId, CancellationToken ct) =>
        _table.UpsertEntityAsync(
            new TableEntity(Partition, LogIds.Keyed(athleteId)) { ["At"] = wallClock.GetUtcNow() },
            TableUpdateMode.Replace,
            ct
        );

    public async Task<bool> IsErasedAsync(string athleteId, CancellationToken ct) =>
        !string.IsNullOrEmpty(athleteId)
        && (
            await _table.GetEntityIfExistsAsync<TableEntity>(Partition, LogIds.Keyed(athleteId), cancellationToken: ct)
        ).HasValue;

    /// <summary>Forgets tombstones older than <see cref="Kept"/>.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = wallClock.GetUtcNow() - Kept;
        var swept = 0;
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: ct))
            if ((e.GetDateTimeOffset("At") ?? e.Timestamp) < before)
            {
                await _table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, ct);
                swept++;
            }
        return swept;
    }
}
