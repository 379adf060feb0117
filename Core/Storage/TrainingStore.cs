using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Storage;

/// <summary>
/// The Training table's data rows: workouts, check-ins, day rollups, metrics and alerts of each athlete (one
/// partition per athlete). The recompute protocol's rows are <see cref="RecomputeLeases"/>'; each row kind's
/// mapping is its own type (<see cref="DayRow"/>, <see cref="MetricsRow"/>, <see cref="AlertRow"/>…).
/// </summary>
public sealed partial class TrainingStore(StorageClients storage, TimeProvider wallClock)
{
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Training);

    /// <summary>
    /// A transaction of the athlete's rows that the one-hop path's window copies: it invalidates the window in the
    /// same transaction (<see cref="LatestWindow"/>), so that no window outlives a write it does not hold.
    /// </summary>
    private Task<Response<IReadOnlyList<Response>>> SubmitAsync(
        string athleteId,
        IEnumerable<TableTransactionAction> actions,
        CancellationToken ct
    ) => _table.SubmitTransactionAsync([.. actions, LatestWindow.Invalidation(athleteId)], ct);

    /// <summary>
    /// Stores workouts (replacing earlier copies of the same workout) and marks their days dirty, in the same
    /// entity-group transactions. A marker is written again (new ETag) even when it exists, so that a recompute
    /// running meanwhile cannot clear it: it deletes markers only with the ETag it read.
    /// </summary>
    public async Task SaveWorkoutsAsync(
        string athleteId,
        IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> workouts,
        CancellationToken ct
    )
    {
        var batch = new List<TableTransactionAction>();
        var markedDays = new HashSet<DateOnly>();
        long batchChars = 0;
        foreach (var (day, workout) in workouts)
        {
            var entity = WorkoutRow.Of(athleteId, day, workout);
            var chars = Transactions.CharsOf(entity);
            // Room for this workout, its day's marker and the window's invalidation, within the 4 MiB payload of a
            // transaction.
            if (batch.Count + 3 > Transactions.MaxOperations || batchChars + chars > Transactions.MaxJsonChars)
            {
                await SubmitAsync(athleteId, batch, ct);
                batch.Clear();
                markedDays.Clear();
                batchChars = 0;
            }
            batchChars += chars;
            batch.Add(new(TableTransactionActionType.UpsertReplace, entity));
            if (markedDays.Add(day))
                batch.Add(new(TableTransactionActionType.UpsertReplace, DirtyMarkerRow(athleteId, day)));
        }
        if (batch.Count > 0)
            await SubmitAsync(athleteId, batch, ct);
    }

    /// <summary>
    /// Stores a check-in as the day's answer, merged into the day's earlier one (no sign reported earlier that day
    /// is dropped), and marks its day dirty, in one transaction.
    /// </summary>
    /// <remarks>
    /// Concurrency: the merge is read, then written over the ETag it read (or inserted when there was none), so two
    /// check-ins of one day arriving at once cannot drop each other's signs: the loser of the race reads again and
    /// merges into the winner's row. The one-hop path writes its merged row the same way.
    /// </remarks>
    public async Task SaveCheckinAsync(PainCheckin checkin, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _table.GetEntityIfExistsAsync<CheckinRow>(
                checkin.AthleteId,
                RowKeys.CheckinKey(checkin.Date),
                cancellationToken: ct
            );
            var existing = stored.HasValue ? stored.Value : null;
            var row = CheckinRow.Of(checkin.MergedInto(existing?.ToCheckin()));
            row.Fenced = true;
            row.ETag = existing?.ETag ?? default;
            try
            {
                await SubmitAsync(
                    checkin.AthleteId,
                    [
                        Transactions.WriteOf(row),
                        new(TableTransactionActionType.UpsertReplace, DirtyMarkerRow(checkin.AthleteId, checkin.Date)),
                    ],
                    ct
                );
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404 && attempt < 5)
            {
                // Another check-in of the day was stored meanwhile: merge into it.
            }
        }
    }

    /// <summary>"Recompute from this day": its ETag changes on every write, which is what a recompute checks.</summary>
    private TableEntity DirtyMarkerRow(string athleteId, DateOnly day) =>
        new(athleteId, RowKeys.DirtyKey(day)) { ["At"] = wallClock.GetUtcNow() };

    public async Task<IReadOnlyList<PainCheckin>> GetCheckinsAsync(
        string athleteId,
        DateOnly from,
        DateOnly to,
        CancellationToken ct
    )
    {
        var result = new List<PainCheckin>();
        var filter = RowKeys.Range(athleteId, RowKeys.CheckinKey(from), RowKeys.CheckinKey(to.AddDays(1)));
        await foreach (var row in _table.QueryAsync<CheckinRow>(filter, cancellationToken: ct))
            if (row.ToCheckin() is { } checkin)
                result.Add(checkin);
        return result;
    }

    public async Task<IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)>> GetWorkoutsAsync(
        string athleteId,
        DateOnly from,
        CancellationToken ct
    )
    {
        var result = new List<(DateOnly, WorkoutSummary)>();
        var filter = RowKeys.Range(athleteId, RowKeys.Workout + RowKeys.Date(from), RowKeys.Workout + RowKeys.End);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            result.Add(WorkoutRow.Read(e));
        return result;
    }

    public async Task<IReadOnlyList<TrainingDay>> GetDaysAsync(
        string athleteId,
        DateOnly from,
        DateOnly to,
        CancellationToken ct
    )
    {
        var result = new List<TrainingDay>();
        var filter = RowKeys.Range(athleteId, RowKeys.DayKey(from), RowKeys.DayKey(to.AddDays(1)));
        await foreach (var row in _table.QueryAsync<DayRow>(filter, cancellationToken: ct))
            result.Add(row.ToDay());
        return result;
    }

    public async Task<IReadOnlyList<DayMetrics>> GetMetricsAsync(
        string athleteId,
        DateOnly from,
        DateOnly to,
        CancellationToken ct
    ) => (await GetStoredDaysAsync(athleteId, from, to, ct)).Select(d => d.Metrics).ToList();

    /// <summary>
    /// The stored metrics rows from <paramref name="from"/> to <paramref name="to"/> with what the next days need of
    /// their rollups (load, spinal load, hinge volume, exercises): one range query gives a recompute its history.
    /// </summary>
    public async Task<IReadOnlyList<StoredDay>> GetStoredDaysAsync(
        string athleteId,
        DateOnly from,
        DateOnly to,
        CancellationToken ct
    )
    {
        var result = new List<StoredDay>();
        var filter = RowKeys.Range(athleteId, RowKeys.MetricsKey(from), RowKeys.MetricsKey(to.AddDays(1)));
        await foreach (var row in _table.QueryAsync<MetricsRow>(filter, cancellationToken: ct))
            result.Add(row.ToStoredDay());
        return result;
    }

    public async Task<IReadOnlyList<StoredAlert>> GetAlertsAsync(string athleteId, DateOnly from, CancellationToken ct)
    {
        var result = new List<StoredAlert>();
        var filter = RowKeys.Range(athleteId, RowKeys.Alert + RowKeys.Date(from), RowKeys.Alert + RowKeys.End);
        await foreach (var row in _table.QueryAsync<AlertDeliveryRow>(filter, cancellationToken: ct))
            result.Add(row.ToStored());
        return result;
    }

    public async Task<StoredAlert?> FindAlertAsync(string athleteId, string alertKey, CancellationToken ct)
    {
        var response = await _table.GetEntityIfExistsAsync<AlertDeliveryRow>(
            athleteId,
            RowKeys.AlertKey(alertKey),
            cancellationToken: ct
        );
        return response.HasValue ? response.Value!.ToStored() : null;
    }

    /// <summary>Records that the alerts' emails are queued: one transaction per 100 alerts.</summary>
    public async Task MarkAlertsQueuedAsync(string athleteId, IEnumerable<string> alertKeys, CancellationToken ct)
    {
        foreach (var keys in alertKeys.Distinct(StringComparer.Ordinal).Chunk(Transactions.MaxOperations - 1))
            await SubmitAsync(
                athleteId,
                keys.Select(key => new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    AlertDeliveryRow.MarkQueued(athleteId, key),
                    ETag.All
                )),
                ct
            );
    }

    /// <summary>
    /// The rows a recompute writes for its days and alerts, for <see cref="RecomputeLeases.CommitAsync"/>.
    /// </summary>
    public static IEnumerable<ITableEntity> RecomputedRows(
        string athleteId,
        IReadOnlyList<ComputedDay> days,
        IReadOnlyList<AlertDecision> alerts,
        string claim,
        DateTimeOffset at
    ) =>
        days.Select(d => (ITableEntity)DayRow.Of(athleteId, d.Day))
            .Concat(days.Select(d => MetricsRow.Of(athleteId, d)))
            .Concat(alerts.Select(a => AlertRow.Of(athleteId, a, claim, at)));
}
