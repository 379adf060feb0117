using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// A "recompute from this day" marker as read, with the ETag that tells whether it was written again since.
/// </summary>
public sealed record DirtyMarker(DateOnly Day, ETag ETag);

/// <summary>What a recompute starts from: the days marked dirty and how far metrics were computed.</summary>
public sealed record RecomputeState(IReadOnlyList<DirtyMarker> Markers, DateOnly? LastComputedDay)
{
    public IReadOnlyList<DateOnly> DirtyDays => Markers.Select(m => m.Day).ToList();
}

/// <summary>A held recompute lease: the fence ETag of the state row and what the recompute starts from.</summary>
/// <param name="Optimistic">
/// True when no lease was written: nobody held one, so the recompute goes ahead fenced by the state row's ETag as
/// read, and falls back to taking the lease if anyone else wrote meanwhile (one table transaction saved).
/// </param>
public sealed record RecomputeLease(ETag Fence, RecomputeState State, bool Optimistic = false);

/// <summary>The recompute lease of an athlete was taken over (it expired): this recompute must stop writing.</summary>
public sealed class RecomputeLeaseLostException(string athleteId)
    : Exception($"The recompute lease of an athlete ({athleteId.Length} chars) was lost.");

/// <summary>
/// The recompute protocol's rows in the Training table: the dirty markers, the state row that carries the lease
/// and the last computed day, and the one deferred message per athlete.
/// </summary>
/// <remarks>
/// Concurrency: the lease is the state row's LeaseOwner/LeaseUntil, taken with a conditional write on the ETag as
/// read. Every commit carries the state row with the fence ETag and takes the new one, so a holder whose lease
/// was taken over fails whole. Markers are deleted only with the ETag they were read with, so input stored
/// mid-way (a marker written again) survives and is counted. Every write of the state row here invalidates the
/// one-hop path's window in the same transaction (<see cref="LatestWindow"/>).
/// </remarks>
public sealed class RecomputeLeases(StorageClients storage)
{
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Training);

    /// <summary>
    /// The dirty markers (with their ETags) and how far metrics were computed; null before any input.
    /// </summary>
    public async Task<RecomputeState?> ReadStateAsync(string athleteId, CancellationToken ct)
    {
        var (state, markers) = await ReadStateRowsAsync(athleteId, ct);
        return state is null && markers.Count == 0 ? null : new RecomputeState(markers, state?.LastComputed);
    }

    /// <summary>One range query: the state row and the dirty markers, which sort just before it.</summary>
    private async Task<(RecomputeStateRow? State, List<DirtyMarker> Markers)> ReadStateRowsAsync(
        string athleteId,
        CancellationToken ct
    )
    {
        var markers = new List<DirtyMarker>();
        RecomputeStateRow? state = null;
        var filter = RowKeys.Range(athleteId, RowKeys.Dirty, RowKeys.RecomputeRowsEnd);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (e.RowKey == RowKeys.RecomputeState)
                state = RecomputeStateRow.From(e);
            else if (e.RowKey != RowKeys.RecomputeDeferred)
                markers.Add(new DirtyMarker(RowKeys.ParseDate(e.RowKey[RowKeys.Dirty.Length..]), e.ETag));
        }
        return (state, markers);
    }

    /// <summary>
    /// Takes the athlete's recompute lease (one recompute per athlete at a time) and returns what the recompute
    /// starts from: one query reads the state row and the dirty markers, one conditional write takes the lease.
    /// Returns null with the time the current holder's lease ends when another recompute holds it.
    /// </summary>
    public async Task<(RecomputeLease? Lease, DateTimeOffset HeldUntil)> TryAcquireAsync(
        string athleteId,
        string owner,
        DateTimeOffset now,
        TimeSpan duration,
        CancellationToken ct,
        bool optimistic = false
    )
    {
        var (state, markers) = await ReadStateRowsAsync(athleteId, ct);
        var lease = RecomputeStateRow.Write(athleteId, now + duration, owner);
        try
        {
            ETag fence;
            if (state is null)
                fence = await WriteStateAsync(new(TableTransactionActionType.Add, lease), ct);
            else
            {
                var held = state.LeaseUntil ?? DateTimeOffset.MinValue;
                if (held > now && state.LeaseOwner != owner)
                    return (null, held);
                var read = new RecomputeState(markers, state.LastComputed);
                if (optimistic)
                    return (new RecomputeLease(state.ETag, read, Optimistic: true), default);
                fence = await WriteStateAsync(new(TableTransactionActionType.UpdateMerge, lease, state.ETag), ct);
            }
            return (new RecomputeLease(fence, new RecomputeState(markers, state?.LastComputed)), default);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another recompute took it between our read and our write.
            return (null, now + duration);
        }
    }

    /// <summary>
    /// Claims the one deferred recompute message of an athlete until <paramref name="due"/>: true when this caller
    /// should send it, false when one is already on its way.
    /// </summary>
    public async Task<bool> TryClaimDeferredAsync(
        string athleteId,
        DateTimeOffset now,
        DateTimeOffset due,
        CancellationToken ct
    )
    {
        var existing = await _table.GetEntityIfExistsAsync<DeferredRow>(
            athleteId,
            RowKeys.RecomputeDeferred,
            cancellationToken: ct
        );
        if (existing.HasValue && existing.Value!.Due is { } pending && pending > now)
            return false;
        var row = new DeferredRow { PartitionKey = athleteId, Due = due };
        try
        {
            if (existing.HasValue)
                await _table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, ct);
            else
                await _table.AddEntityAsync(row, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the state row with the one-hop path's window invalidated (<see cref="LatestWindow"/>: a window is valid
    /// only while nobody but a one-hop commit wrote the state row since); returns the state row's new ETag.
    /// </summary>
    /// <remarks>
    /// A recompute usually follows a dirty marker whose write invalidated the window already, and no one-hop commit
    /// writes a valid one while a marker stands; this holds the rule for a recompute without one (the days since the
    /// last computed one, brought up to today) and keeps it one rule for every writer.
    /// </remarks>
    private async Task<ETag> WriteStateAsync(TableTransactionAction state, CancellationToken ct)
    {
        var response = await _table.SubmitTransactionAsync(
            [state, LatestWindow.Invalidation(state.Entity.PartitionKey)],
            ct
        );
        return StateETag(response.Value[0]);
    }

    private static ETag StateETag(Response written) =>
        written.Headers.ETag
        ?? throw new InvalidOperationException("The table service returned no ETag for the state row.");

    public async Task ReleaseAsync(string athleteId, ETag fence, CancellationToken ct)
    {
        try
        {
            await WriteStateAsync(
                new(
                    TableTransactionActionType.UpdateMerge,
                    RecomputeStateRow.Write(athleteId, RecomputeStateRow.LeaseReleased),
                    fence
                ),
                ct
            );
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Someone else holds it now: nothing of ours to release.
        }
    }

    /// <summary>
    /// Writes a recompute's rows in entity-group transactions, deletes the dirty markers it read and releases the
    /// lease, all fenced: every transaction carries the state row with the fence ETag (and takes the new one), so
    /// if the lease was taken over the transaction fails whole and <see cref="RecomputeLeaseLostException"/> stops
    /// the writer. A marker is deleted only with the ETag it was read with; one written again meanwhile (new input)
    /// is left and counted. The last transaction records the last computed day and frees the lease.
    /// Returns how many markers were written again.
    /// </summary>
    public async Task<int> CommitAsync(
        string athleteId,
        RecomputeLease lease,
        DateOnly? lastComputedDay,
        IEnumerable<ITableEntity> rows,
        DateTimeOffset leaseUntil,
        CancellationToken ct
    )
    {
        // Room for the state row and the window's invalidation in each.
        const int perBatch = Transactions.MaxOperations - 2;
        var fence = lease.Fence;
        var writes = rows.Select(Transactions.WriteOf);
        var deletes = lease.State.Markers.Select(m => new TableTransactionAction(
            TableTransactionActionType.Delete,
            new TableEntity(athleteId, RowKeys.DirtyKey(m.Day)),
            m.ETag
        ));
        // Within the 100 operations and the 4 MiB of a transaction: days of hundreds of exercises make large rows.
        var batches = Transactions.Batches(writes.Concat(deletes), perBatch).ToList();
        if (batches.Count == 0)
            batches.Add([]);
        var redirtied = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            var last = i == batches.Count - 1;
            var state = RecomputeStateRow.Write(
                athleteId,
                last ? RecomputeStateRow.LeaseReleased : leaseUntil,
                lastComputedDay: last ? lastComputedDay : null
            );
            while (true)
            {
                try
                {
                    var fenced = new TableTransactionAction(TableTransactionActionType.UpdateMerge, state, fence);
                    var response = await _table.SubmitTransactionAsync(
                        [.. batches[i], LatestWindow.Invalidation(athleteId), fenced],
                        ct
                    );
                    fence = StateETag(response.Value[^1]);
                    break;
                }
                catch (TableTransactionFailedException e)
                    when (e.Status is 412 or 404
                        && e.FailedTransactionActionIndex is { } index
                        && index < batches[i].Count
                        && batches[i][index].ActionType == TableTransactionActionType.Delete
                    )
                {
                    // A marker written again since it was read (412), or already gone (404): keep it out and retry.
                    if (e.Status == 412)
                        redirtied++;
                    batches[i].RemoveAt(index);
                }
                catch (TableTransactionFailedException e) when (e.Status == 412)
                {
                    throw new RecomputeLeaseLostException(athleteId);
                }
            }
        }
        return redirtied;
    }

    private sealed class DeferredRow : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = RowKeys.RecomputeDeferred;
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }

        public DateTimeOffset? Due { get; set; }
    }
}
