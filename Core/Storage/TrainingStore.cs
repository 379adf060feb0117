using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Storage;

/// <summary>What a recompute starts from: the days marked dirty, how far metrics were computed, and the ETag that guards it.</summary>
public sealed record RecomputeState(IReadOnlyList<DateOnly> DirtyDays, DateOnly? LastComputedDay, ETag ETag);

/// <summary>A stored alert with its delivery decision.</summary>
public sealed record StoredAlert(Alert Alert, bool Notify, string? SuppressedBecause, bool Queued);

/// <summary>The Training table: workouts, day rollups, metrics, alerts and the recompute state of each athlete.</summary>
public sealed class TrainingStore(StorageClients storage)
{
    // Azure caps a string property at 64 KiB (32 K UTF-16 chars); long set lists are split over properties.
    private const int JsonChunkChars = 30_000;
    private const int MaxJsonChunks = 25;
    // JSON is escaped once more on the wire; 1.5 M characters stays well inside a transaction's 4 MiB.
    private const long MaxBatchJsonChars = 1_500_000;

    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Training);

    public TableClient Table => _table;

    /// <summary>
    /// Stores workouts (replacing earlier copies of the same workout), marks their days dirty and touches the
    /// recompute state, all in the same entity-group transactions: a recompute that read older inputs fails
    /// its next write and starts again.
    /// </summary>
    public async Task SaveWorkoutsAsync(string athleteId, IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> workouts, CancellationToken ct)
    {
        var batch = new List<TableTransactionAction>();
        var markedDays = new HashSet<DateOnly>();
        long batchChars = 0;
        foreach (var (day, workout) in workouts)
        {
            var entity = WorkoutEntity(athleteId, day, workout);
            var chars = ((IDictionary<string, object>)entity).Values.Sum(v => v is string text ? (long)text.Length : 16);
            // Room for this workout, its day's marker and the state row, within the 4 MiB payload of a transaction.
            if (batch.Count + 3 > Transactions.MaxOperations || batchChars + chars > MaxBatchJsonChars)
            {
                await SubmitInputBatchAsync(athleteId, batch, ct);
                batch.Clear();
                markedDays.Clear();
                batchChars = 0;
            }
            batchChars += chars;
            batch.Add(new(TableTransactionActionType.UpsertReplace, entity));
            if (markedDays.Add(day))
                batch.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(athleteId, RowKeys.DirtyKey(day))));
        }
        if (batch.Count > 0) await SubmitInputBatchAsync(athleteId, batch, ct);
    }

    private Task SubmitInputBatchAsync(string athleteId, List<TableTransactionAction> batch, CancellationToken ct)
    {
        var touch = new TableEntity(athleteId, RowKeys.RecomputeState) { ["InputChangedAt"] = DateTimeOffset.UtcNow };
        return _table.SubmitTransactionAsync([.. batch, new(TableTransactionActionType.UpsertMerge, touch)], ct);
    }

    public async Task<RecomputeState?> ReadRecomputeStateAsync(string athleteId, CancellationToken ct)
    {
        var dirty = new List<DateOnly>();
        TableEntity? state = null;
        var filter = RowKeys.Range(athleteId, RowKeys.Dirty, RowKeys.Dirty + RowKeys.End + RowKeys.End);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (e.RowKey == RowKeys.RecomputeState) state = e;
            else dirty.Add(RowKeys.ParseDate(e.RowKey[RowKeys.Dirty.Length..]));
        }
        if (state is null) return null;
        var last = state.GetString("LastComputedDay") is { } s ? RowKeys.ParseDate(s) : (DateOnly?)null;
        return new RecomputeState(dirty, last, state.ETag);
    }

    public async Task<IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)>> GetWorkoutsAsync(string athleteId, DateOnly from, CancellationToken ct)
    {
        var result = new List<(DateOnly, WorkoutSummary)>();
        var filter = RowKeys.Range(athleteId, RowKeys.Workout + RowKeys.Date(from), RowKeys.Workout + RowKeys.End);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var day = RowKeys.ParseDate(e.RowKey.Substring(RowKeys.Workout.Length, 8));
            result.Add((day, ReadWorkout(e)));
        }
        return result;
    }

    public async Task<IReadOnlyList<TrainingDay>> GetDaysAsync(string athleteId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var result = new List<TrainingDay>();
        var filter = RowKeys.Range(athleteId, RowKeys.DayKey(from), RowKeys.DayKey(to.AddDays(1)));
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            result.Add(ReadDay(e));
        return result;
    }

    public async Task<IReadOnlyList<DayMetrics>> GetMetricsAsync(string athleteId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var result = new List<DayMetrics>();
        var filter = RowKeys.Range(athleteId, RowKeys.MetricsKey(from), RowKeys.MetricsKey(to.AddDays(1)));
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            result.Add(ReadMetrics(e));
        return result;
    }

    public async Task<IReadOnlyList<StoredAlert>> GetAlertsAsync(string athleteId, DateOnly from, CancellationToken ct)
    {
        var result = new List<StoredAlert>();
        var filter = RowKeys.Range(athleteId, RowKeys.Alert + RowKeys.Date(from), RowKeys.Alert + RowKeys.End);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            result.Add(ReadAlert(e));
        return result;
    }

    public async Task<StoredAlert?> FindAlertAsync(string athleteId, string alertKey, CancellationToken ct)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, RowKeys.AlertKey(alertKey), cancellationToken: ct);
        return response.HasValue ? ReadAlert(response.Value!) : null;
    }

    /// <summary>
    /// Writes a recompute's rows. Every transaction also updates the state row with the ETag read at the start
    /// (and then the one each transaction returns): if a workout arrived or another recompute wrote in between,
    /// the transaction fails with 412 and nothing of it is applied. The last transaction clears the dirty markers
    /// that were read, so a recompute that dies half-way leaves its days dirty for the next one.
    /// </summary>
    public async Task CommitRecomputeAsync(string athleteId, RecomputeState state, DateOnly lastComputedDay,
        IReadOnlyList<TableTransactionAction> rows, CancellationToken ct)
    {
        // One slot of every transaction is the guarded state row.
        const int perBatch = Transactions.MaxOperations - 1;
        var batches = rows.Chunk(perBatch).Select(c => c.ToList()).ToList();
        var closing = state.DirtyDays.Select(d =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(athleteId, RowKeys.DirtyKey(d)), ETag.All));
        foreach (var marker in closing)
        {
            if (batches.Count == 0 || batches[^1].Count >= perBatch) batches.Add([]);
            batches[^1].Add(marker);
        }
        if (batches.Count == 0) batches.Add([]);

        var etag = state.ETag;
        for (var i = 0; i < batches.Count; i++)
        {
            var stateRow = new TableEntity(athleteId, RowKeys.RecomputeState);
            if (i == batches.Count - 1) stateRow["LastComputedDay"] = RowKeys.Date(lastComputedDay);
            var response = await _table.SubmitTransactionAsync([.. batches[i], new(TableTransactionActionType.UpdateMerge, stateRow, etag)], ct);
            etag = response.Value[^1].Headers.ETag ?? throw new InvalidOperationException("The table service returned no ETag for the state row.");
        }
    }

    public async Task MarkAlertQueuedAsync(string athleteId, string alertKey, CancellationToken ct)
    {
        var entity = new TableEntity(athleteId, RowKeys.AlertKey(alertKey)) { ["Queued"] = true };
        await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, ct);
    }

    public static TableEntity DayEntity(string athleteId, TrainingDay day) => new(athleteId, RowKeys.DayKey(day.Date))
    {
        ["Load"] = day.Load,
        ["LoadMethod"] = day.LoadMethod?.ToString().ToLowerInvariant(),
        ["VolumeLoadKg"] = day.VolumeLoadKg,
        ["Sessions"] = day.Sessions,
        ["Sets"] = day.Sets,
        ["SpinalLoadKg"] = day.SpinalLoadKg,
        ["HingeVolumeKg"] = day.HingeVolumeKg,
        ["SetsByPattern"] = day.SetsByPattern.Count > 0 ? Json.Serialize(day.SetsByPattern) : null,
    };

    public static TableEntity MetricsEntity(string athleteId, DayMetrics m) => new(athleteId, RowKeys.MetricsKey(m.Date))
    {
        ["Load"] = m.Load,
        ["HistoryDays"] = m.HistoryDays,
        ["AcuteEwma"] = m.AcuteEwma,
        ["ChronicEwma"] = m.ChronicEwma,
        ["AcwrEwma"] = m.AcwrEwma,
        ["AcwrCoupled"] = m.AcwrCoupled,
        ["AcwrUncoupled"] = m.AcwrUncoupled,
        ["Monotony"] = m.Monotony,
        ["Strain"] = m.Strain,
        ["Ctl"] = m.Ctl,
        ["Atl"] = m.Atl,
        ["Tsb"] = m.Tsb,
    };

    /// <summary>An alert row: upserted with merge so that a recompute never overwrites its delivery state.</summary>
    public static TableEntity AlertEntity(string athleteId, Alert alert, bool? notify, string? suppressedBecause)
    {
        var entity = new TableEntity(athleteId, RowKeys.AlertKey(alert.Key))
        {
            ["Rule"] = alert.Rule,
            ["Date"] = RowKeys.Date(alert.Date),
            ["Tier"] = alert.Tier.ToString().ToLowerInvariant(),
            ["Evidence"] = alert.Evidence,
            ["Advice"] = alert.Advice,
        };
        if (notify is { } n)
        {
            entity["Notify"] = n;
            entity["SuppressedBecause"] = suppressedBecause;
            entity["Queued"] = false;
        }
        return entity;
    }

    private static TableEntity WorkoutEntity(string athleteId, DateOnly day, WorkoutSummary workout)
    {
        var json = Json.Serialize(workout);
        var chunks = (json.Length + JsonChunkChars - 1) / JsonChunkChars;
        if (chunks > MaxJsonChunks)
            throw new InvalidDataException($"Workout {workout.WorkoutId} is too large to store ({json.Length:N0} characters of JSON).");
        var entity = new TableEntity(athleteId, RowKeys.WorkoutKey(day, workout.WorkoutId))
        {
            ["Start"] = workout.Start,
            ["Source"] = workout.Source,
            ["JsonChunks"] = chunks,
        };
        for (var i = 0; i < chunks; i++)
            entity[i == 0 ? "Json" : $"Json{i}"] = json.Substring(i * JsonChunkChars, Math.Min(JsonChunkChars, json.Length - i * JsonChunkChars));
        return entity;
    }

    private static WorkoutSummary ReadWorkout(TableEntity e)
    {
        var chunks = e.GetInt32("JsonChunks") ?? 1;
        var json = chunks == 1 ? e.GetString("Json") : string.Concat(Enumerable.Range(0, chunks).Select(i => e.GetString(i == 0 ? "Json" : $"Json{i}")));
        return Json.Deserialize<WorkoutSummary>(json ?? "{}") ?? throw new InvalidDataException($"Stored workout {e.RowKey} is empty.");
    }

    private static TrainingDay ReadDay(TableEntity e) => new(
        RowKeys.ParseDate(e.RowKey[RowKeys.Day.Length..]),
        e.GetDouble("Load") ?? 0,
        Enum.TryParse<LoadMethod>(e.GetString("LoadMethod"), ignoreCase: true, out var method) ? method : null,
        e.GetDouble("VolumeLoadKg") ?? 0,
        e.GetInt32("Sessions") ?? 0,
        e.GetInt32("Sets") ?? 0)
    {
        SpinalLoadKg = e.GetDouble("SpinalLoadKg") ?? 0,
        HingeVolumeKg = e.GetDouble("HingeVolumeKg") ?? 0,
        SetsByPattern = e.GetString("SetsByPattern") is { } patterns ? Json.Deserialize<Dictionary<string, int>>(patterns) ?? [] : new Dictionary<string, int>(),
    };

    private static DayMetrics ReadMetrics(TableEntity e) => new(
        RowKeys.ParseDate(e.RowKey[RowKeys.Metrics.Length..]),
        e.GetDouble("Load") ?? 0,
        e.GetInt32("HistoryDays") ?? 0,
        e.GetDouble("AcuteEwma") ?? 0,
        e.GetDouble("ChronicEwma") ?? 0,
        e.GetDouble("AcwrEwma"),
        e.GetDouble("AcwrCoupled"),
        e.GetDouble("AcwrUncoupled"),
        e.GetDouble("Monotony"),
        e.GetDouble("Strain"),
        e.GetDouble("Ctl") ?? 0,
        e.GetDouble("Atl") ?? 0,
        e.GetDouble("Tsb") ?? 0);

    private static StoredAlert ReadAlert(TableEntity e)
    {
        var alert = new Alert(
            e.GetString("Rule") ?? "",
            RowKeys.ParseDate(e.GetString("Date") ?? e.RowKey.Substring(RowKeys.Alert.Length, 8)),
            Enum.TryParse<AlertTier>(e.GetString("Tier"), ignoreCase: true, out var tier) ? tier : AlertTier.Overload,
            e.GetString("Evidence") ?? "",
            e.GetString("Advice") ?? "");
        return new StoredAlert(alert, e.GetBoolean("Notify") ?? false, e.GetString("SuppressedBecause"), e.GetBoolean("Queued") ?? false);
    }
}
