using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>
/// The storage of the one-hop path: a point read of the window (<see cref="LatestWindow"/>), or one read of the key
/// ranges when it is not valid, and one entity-group transaction fenced by the window's ETag or the recompute state
/// row's, which writes the window anew.
/// </summary>
/// <remarks>
/// Concurrency: every writer of computed rows (a recompute's commit, its lease, another one-hop commit) changes the
/// state row, so a commit fenced by it succeeds only if nobody computed anything for the athlete since the read; a
/// fresh athlete's state row is inserted, which fails if another writer created it first. Every writer of the rows
/// the window copies, and of the state row, other than a one-hop commit, writes its invalidation over the window in
/// the same transaction; so a commit fenced by the window's ETag succeeds only if nobody wrote any of those rows since
/// the window was written, and its state row write needs no ETag (it must exist: an erasure deletes it). A
/// commit after a query replaces the window over the ETag the query read (or inserts it), so its new window never
/// misses a row written meanwhile. A workout or check-in stored meanwhile by the recompute path leaves its dirty
/// marker, and its recompute computes again from that day, this commit's rows included.
/// </remarks>
public sealed class LatestDayStore(StorageClients storage)
{
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Training);

    public async Task<LatestDays> ReadAsync(string athleteId, LatestDayRanges ranges, CancellationToken ct)
    {
        var filter = RowKeys.AnyOf(athleteId, [.. ranges.KeyRanges()]);
        RecomputeStateRow? state = null;
        var markers = 0;
        ETag? window = null;
        var rows = new List<TableEntity>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var key = e.RowKey;
            if (key == RowKeys.RecomputeState)
                state = RecomputeStateRow.From(e);
            else if (key == RowKeys.RecomputeDeferred)
                continue;
            else if (key == RowKeys.LatestWindow)
                window = e.ETag;
            else if (key.StartsWith(RowKeys.Dirty, StringComparison.Ordinal))
                markers++;
            else
                rows.Add(e);
        }
        return Parse(rows) with
        {
            HasState = state is not null,
            StateETag = state?.ETag ?? default,
            LastComputedDay = state?.LastComputed,
            LeaseUntil = state?.LeaseUntil,
            Markers = markers,
            Ranges = ranges,
            WindowETag = window,
        };
    }

    /// <summary>
    /// The window, when it is valid: what a read of its ranges would return, one point read instead of a query.
    /// Null when there is none or it was invalidated (read with <see cref="ReadAsync"/>).
    /// </summary>
    public async Task<LatestDays?> ReadWindowAsync(string athleteId, CancellationToken ct)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(
            athleteId,
            RowKeys.LatestWindow,
            cancellationToken: ct
        );
        if (found is not { HasValue: true, Value: { } entity } || LatestWindow.Read(entity) is not { } window)
            return null;
        return Parse(window.Rows) with
        {
            HasState = window.LastComputed is not null,
            LastComputedDay = window.LastComputed,
            Ranges = window.Ranges,
            WindowETag = entity.ETag,
            FromWindow = true,
        };
    }

    /// <summary>The rows of a read, as the computation takes them (in key order, as a query returns them).</summary>
    private static LatestDays Parse(List<TableEntity> rows)
    {
        var stored = new List<StoredDay>();
        var workouts = new List<(DateOnly, WorkoutSummary)>();
        var checkins = new List<PainCheckin>();
        var checkinETags = new Dictionary<DateOnly, ETag>();
        var alerts = new List<StoredAlert>();
        AthleteProfile? profile = null;
        foreach (var e in rows)
        {
            var key = e.RowKey;
            if (key == RowKeys.ProfileCopy)
                profile = AthleteStore.FromCopy(e);
            else if (key.StartsWith(RowKeys.Metrics, StringComparison.Ordinal))
                stored.Add(EntityRows.As<MetricsRow>(e).ToStoredDay());
            else if (key.StartsWith(RowKeys.Workout, StringComparison.Ordinal))
                workouts.Add(WorkoutRow.Read(e));
            else if (key.StartsWith(RowKeys.Checkin, StringComparison.Ordinal))
            {
                if (EntityRows.As<CheckinRow>(e).ToCheckin() is { } checkin)
                {
                    checkins.Add(checkin);
                    checkinETags[checkin.Date] = e.ETag;
                }
            }
            else if (key.StartsWith(RowKeys.Alert, StringComparison.Ordinal))
                alerts.Add(EntityRows.As<AlertDeliveryRow>(e).ToStored());
        }
        return new LatestDays(false, default, null, null, 0, stored, workouts, checkins, alerts)
        {
            CheckinETags = checkinETags,
            Profile = profile,
            Rows = rows,
        };
    }

    /// <summary>Whether the rows fit one transaction with the state row and the window (operations and payload).
    /// </summary>
    public static bool FitsOneTransaction(IReadOnlyList<ITableEntity> rows) =>
        Fits(rows.Count, rows.Sum(Transactions.CharsOf));

    private static bool Fits(int rows, long chars) =>
        rows + 2 <= Transactions.MaxOperations && chars <= Transactions.MaxJsonChars;

    /// <summary>
    /// Writes the rows, the new last computed day and the window they leave in one transaction, fenced by the window
    /// as read when the read came from it, else by the state row as read. False when another writer got there
    /// first: nothing was written, and the caller takes the recompute path.
    /// </summary>
    public async Task<bool> TryCommitAsync(
        string athleteId,
        LatestDays read,
        DateOnly lastComputedDay,
        IReadOnlyList<ITableEntity> rows,
        CancellationToken ct
    )
    {
        var rowChars = rows.Sum(Transactions.CharsOf);
        if (!Fits(rows.Count, rowChars))
            throw new ArgumentException("More rows than one transaction takes.", nameof(rows));
        var ranges = read.Ranges ?? throw new ArgumentException("A read without its ranges.", nameof(read));
        var state = RecomputeStateRow.Write(
            athleteId,
            RecomputeStateRow.LeaseReleased,
            lastComputedDay: lastComputedDay
        );
        var fenced =
            !read.HasState ? new TableTransactionAction(TableTransactionActionType.Add, state)
            : read.FromWindow ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, state, ETag.All)
            : new TableTransactionAction(TableTransactionActionType.UpdateMerge, state, read.StateETag);
        var window = LatestWindow.Of(athleteId, ranges, lastComputedDay, After(read.Rows, rows, ranges));
        // A window that would not fit the transaction's payload is left invalid: the next input takes the query.
        if (rowChars + Transactions.CharsOf(window) > Transactions.MaxJsonChars)
            window = LatestWindow.Of(athleteId, ranges, lastComputedDay, null);
        var windowWrite = read.WindowETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, window, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, window);
        try
        {
            await _table.SubmitTransactionAsync([.. rows.Select(Transactions.WriteOf), fenced, windowWrite], ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // 412: the state row or the window changed since the read; 409: a fresh athlete's state row or window
            // was created meanwhile; 404: they were deleted meanwhile (an erasure).
            return false;
        }
    }

    /// <summary>
    /// The rows within <paramref name="ranges"/> as the commit leaves them: those read, with the written ones
    /// replacing them (merged into them, for the rows written with merge), in key order.
    /// </summary>
    private static IEnumerable<TableEntity> After(
        IReadOnlyList<TableEntity> read,
        IReadOnlyList<ITableEntity> written,
        LatestDayRanges ranges
    )
    {
        var keys = ranges.KeyRanges();
        var rows = read.ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        foreach (var row in written)
        {
            if (!LatestDayRanges.Holds(keys, row.RowKey))
                continue;
            var entity = EntityRows.ToEntity(row);
            if (
                Transactions.WriteOf(row).ActionType == TableTransactionActionType.UpsertMerge
                && rows.TryGetValue(row.RowKey, out var stored)
            )
            {
                var merged = EntityRows.ToEntity(stored);
                foreach (var (name, value) in entity)
                    merged[name] = value;
                entity = merged;
            }
            rows[row.RowKey] = entity;
        }
        return rows.Values.OrderBy(r => r.RowKey, StringComparer.Ordinal);
    }

    /// <summary>The stored form of an input, read back: what a recompute would read of it.</summary>
    public static (ITableEntity Row, (DateOnly Day, WorkoutSummary Workout) Read) Stored(
        string athleteId,
        DateOnly day,
        WorkoutSummary workout
    )
    {
        var row = WorkoutRow.Of(athleteId, day, workout);
        return (row, WorkoutRow.Read(row));
    }

    /// <summary>
    /// The stored form of a check-in merged into the day's stored one (<paramref name="stored"/>, read with
    /// <paramref name="etag"/>), read back; its row replaces that one only if unchanged since, or is inserted.
    /// </summary>
    /// <param name="fenced">
    /// False when the commit is fenced by the window, which every other writer of check-ins invalidates.
    /// </param>
    public static (ITableEntity Row, PainCheckin Read) Stored(
        PainCheckin checkin,
        PainCheckin? stored,
        ETag? etag,
        bool fenced = true
    )
    {
        var row = CheckinRow.Of(checkin.MergedInto(stored));
        row.Fenced = fenced;
        row.ETag = etag ?? default;
        return (row, row.ToCheckin() ?? checkin);
    }
}
