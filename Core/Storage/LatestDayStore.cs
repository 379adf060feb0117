using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>
/// What the intake's one-hop path reads of an athlete in one query: the recompute state (its ETag, the lease, the
/// last computed day, whether any day is marked dirty), the stored days of the rolling windows and the strength
/// look-back, the latest workouts, the check-ins of the pain windows and the alerts of the delivery look-back.
/// </summary>
public sealed record LatestDays(
    bool HasState,
    ETag StateETag,
    DateOnly? LastComputedDay,
    DateTimeOffset? LeaseUntil,
    int Markers,
    IReadOnlyList<StoredDay> Stored,
    IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> Workouts,
    IReadOnlyList<PainCheckin> Checkins,
    IReadOnlyList<StoredAlert> Alerts
)
{
    /// <summary>The ETag of each day's stored check-in: a one-hop commit replaces it only as read.</summary>
    public IReadOnlyDictionary<DateOnly, ETag> CheckinETags { get; init; } = new Dictionary<DateOnly, ETag>();

    public bool LeaseHeld(DateTimeOffset now) => LeaseUntil is { } until && until > now;

    /// <summary>Nothing stored of the athlete in the ranges read, and no recompute ever ran.</summary>
    public bool Empty => !HasState && Markers == 0 && Stored.Count == 0 && Workouts.Count == 0 && Checkins.Count == 0;

    /// <summary>The profile's copy in the partition (<see cref="RowKeys.ProfileCopy"/>), when there is one.</summary>
    public AthleteProfile? Profile { get; init; }

    /// <summary>
    /// What a read of <paramref name="ranges"/> would have returned, from a read of ranges that contain them: the
    /// rows outside are left out, so that the computation sees exactly what it always saw.
    /// </summary>
    public LatestDays Within(LatestDayRanges ranges) =>
        this with
        {
            Stored = Stored
                .Where(s => s.Metrics.Date >= ranges.MetricsFrom && s.Metrics.Date <= ranges.Through)
                .ToList(),
            Workouts = Workouts.Where(w => w.Day >= ranges.WorkoutsFrom && w.Day <= ranges.Through).ToList(),
            Checkins = Checkins.Where(c => c.Date >= ranges.CheckinsFrom && c.Date <= ranges.Through).ToList(),
            CheckinETags = CheckinETags
                .Where(c => c.Key >= ranges.CheckinsFrom && c.Key <= ranges.Through)
                .ToDictionary(),
            Alerts = Alerts.Where(a => a.Alert.Date >= ranges.AlertsFrom).ToList(),
        };
}

/// <summary>The days each kind of row is read from (inclusive), all up to <see cref="Through"/>.</summary>
public sealed record LatestDayRanges(
    DateOnly MetricsFrom,
    DateOnly WorkoutsFrom,
    DateOnly CheckinsFrom,
    DateOnly AlertsFrom,
    DateOnly Through
)
{
    /// <summary>Whether a read of these ranges holds every row a read of <paramref name="other"/> would.</summary>
    public bool Covers(LatestDayRanges other) =>
        MetricsFrom <= other.MetricsFrom
        && WorkoutsFrom <= other.WorkoutsFrom
        && CheckinsFrom <= other.CheckinsFrom
        && AlertsFrom <= other.AlertsFrom
        && Through >= other.Through;
}

/// <summary>
/// The storage of the one-hop path: one read of five key ranges, and one entity-group transaction fenced by the
/// recompute state row's ETag.
/// </summary>
/// <remarks>
/// Concurrency: every writer of computed rows (a recompute's commit, its lease, another one-hop commit) changes the
/// state row, so a commit here succeeds only if nobody computed anything for the athlete since the read; a
/// fresh athlete's state row is inserted, which fails if another writer created it first. A workout or check-in
/// stored meanwhile by the recompute path does not touch the state row but leaves its dirty marker, and its
/// recompute computes again from that day, this commit's rows included.
/// </remarks>
public sealed class LatestDayStore(StorageClients storage)
{
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Training);

    public async Task<LatestDays> ReadAsync(string athleteId, LatestDayRanges ranges, CancellationToken ct)
    {
        var after = ranges.Through.AddDays(1);
        var filter = RowKeys.AnyOf(
            athleteId,
            (RowKeys.Alert + RowKeys.Date(ranges.AlertsFrom), RowKeys.Alert + RowKeys.End),
            (RowKeys.CheckinKey(ranges.CheckinsFrom), RowKeys.CheckinKey(after)),
            (RowKeys.MetricsKey(ranges.MetricsFrom), RowKeys.MetricsKey(after)),
            (RowKeys.Dirty, RowKeys.RecomputeRowsEnd),
            (RowKeys.ProfileCopy, RowKeys.ProfileCopy + RowKeys.End),
            (RowKeys.Workout + RowKeys.Date(ranges.WorkoutsFrom), RowKeys.Workout + RowKeys.Date(after))
        );
        RecomputeStateRow? state = null;
        var markers = 0;
        var stored = new List<StoredDay>();
        var workouts = new List<(DateOnly, WorkoutSummary)>();
        var checkins = new List<PainCheckin>();
        var checkinETags = new Dictionary<DateOnly, ETag>();
        var alerts = new List<StoredAlert>();
        AthleteProfile? profile = null;
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var key = e.RowKey;
            if (key == RowKeys.RecomputeState)
                state = RecomputeStateRow.From(e);
            else if (key == RowKeys.RecomputeDeferred)
                continue;
            else if (key == RowKeys.ProfileCopy)
                profile = AthleteStore.FromCopy(e);
            else if (key.StartsWith(RowKeys.Dirty, StringComparison.Ordinal))
                markers++;
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
        return new LatestDays(
            state is not null,
            state?.ETag ?? default,
            state?.LastComputed,
            state?.LeaseUntil,
            markers,
            stored,
            workouts,
            checkins,
            alerts
        )
        {
            CheckinETags = checkinETags,
            Profile = profile,
        };
    }

    /// <summary>Whether the rows fit one transaction with the state row (operations and payload).</summary>
    public static bool FitsOneTransaction(IReadOnlyList<ITableEntity> rows) =>
        rows.Count + 1 <= Transactions.MaxOperations && rows.Sum(Transactions.CharsOf) <= Transactions.MaxJsonChars;

    /// <summary>
    /// Writes the rows and the new last computed day in one transaction fenced by the state row as read. False when
    /// another writer got there first: nothing was written, and the caller takes the recompute path.
    /// </summary>
    public async Task<bool> TryCommitAsync(
        string athleteId,
        LatestDays read,
        DateOnly lastComputedDay,
        IReadOnlyList<ITableEntity> rows,
        CancellationToken ct
    )
    {
        if (!FitsOneTransaction(rows))
            throw new ArgumentException("More rows than one transaction takes.", nameof(rows));
        var state = RecomputeStateRow.Write(
            athleteId,
            RecomputeStateRow.LeaseReleased,
            lastComputedDay: lastComputedDay
        );
        var fenced = read.HasState
            ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, state, read.StateETag)
            : new TableTransactionAction(TableTransactionActionType.Add, state);
        try
        {
            await _table.SubmitTransactionAsync([.. rows.Select(Transactions.WriteOf), fenced], ct);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // 412: the state row changed since the read; 409: a fresh athlete's state row was created meanwhile;
            // 404: it was deleted meanwhile (an erasure).
            return false;
        }
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
    public static (ITableEntity Row, PainCheckin Read) Stored(PainCheckin checkin, PainCheckin? stored, ETag? etag)
    {
        var row = CheckinRow.Of(checkin.MergedInto(stored));
        row.Fenced = true;
        row.ETag = etag ?? default;
        return (row, row.ToCheckin() ?? checkin);
    }
}
