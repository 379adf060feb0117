using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Storage;

/// <summary>A "recompute from this day" marker as read, with the ETag that tells whether it was written again since.</summary>
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
public sealed class RecomputeLeaseLostException(string athleteId) : Exception($"The recompute lease of an athlete ({athleteId.Length} chars) was lost.");

/// <summary>A stored alert with its delivery decision.</summary>
public sealed record StoredAlert(Alert Alert, bool Notify, string? SuppressedBecause, bool Queued);

/// <summary>The Training table: workouts, day rollups, metrics, alerts and the recompute state of each athlete.</summary>
public sealed class TrainingStore(StorageClients storage)
{
    // Azure caps a string property at 64 KiB (32 K UTF-16 chars); long set lists are split over properties.
    private const int JsonChunkChars = 30_000;
    // Azure also caps an entity at 1 MiB: 15 chunks of 60 KB (UTF-16) and the other properties stay below it.
    // WorkoutValidation.Repair keeps every workout within this (MaxStoredJsonChars).
    private const int MaxJsonChunks = 15;
    // JSON is escaped once more on the wire; 1.5 M characters stays well inside a transaction's 4 MiB.
    private const long MaxBatchJsonChars = 1_500_000;

    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Training);

    public TableClient Table => _table;

    /// <summary>
    /// Stores workouts (replacing earlier copies of the same workout) and marks their days dirty, in the same
    /// entity-group transactions. A marker is written again (new ETag) even when it exists, so that a recompute
    /// running meanwhile cannot clear it: it deletes markers only with the ETag it read.
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
            // Room for this workout and its day's marker, within the 4 MiB payload of a transaction.
            if (batch.Count + 2 > Transactions.MaxOperations || batchChars + chars > MaxBatchJsonChars)
            {
                await _table.SubmitTransactionAsync(batch, ct);
                batch.Clear();
                markedDays.Clear();
                batchChars = 0;
            }
            batchChars += chars;
            batch.Add(new(TableTransactionActionType.UpsertReplace, entity));
            if (markedDays.Add(day))
                batch.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(athleteId, RowKeys.DirtyKey(day)) { ["At"] = DateTimeOffset.UtcNow }));
        }
        if (batch.Count > 0) await _table.SubmitTransactionAsync(batch, ct);
    }

    /// <summary>The dirty markers (with their ETags) and how far metrics were computed; null before any input.</summary>
    public async Task<RecomputeState?> ReadRecomputeStateAsync(string athleteId, CancellationToken ct)
    {
        var (state, markers) = await ReadStateRowsAsync(athleteId, ct);
        return state is null && markers.Count == 0 ? null : new RecomputeState(markers, LastComputedDay(state));
    }

    /// <summary>One range query: the state row and the dirty markers, which sort just before it.</summary>
    private async Task<(TableEntity? State, List<DirtyMarker> Markers)> ReadStateRowsAsync(string athleteId, CancellationToken ct)
    {
        var markers = new List<DirtyMarker>();
        TableEntity? state = null;
        var filter = RowKeys.Range(athleteId, RowKeys.Dirty, RowKeys.Dirty + RowKeys.End + RowKeys.End);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (e.RowKey == RowKeys.RecomputeState) state = e;
            else if (e.RowKey != RowKeys.RecomputeDeferred) markers.Add(new DirtyMarker(RowKeys.ParseDate(e.RowKey[RowKeys.Dirty.Length..]), e.ETag));
        }
        return (state, markers);
    }

    private static DateOnly? LastComputedDay(TableEntity? state) =>
        state?.GetString("LastComputedDay") is { } day ? RowKeys.ParseDate(day) : null;

    /// <summary>
    /// Takes the athlete's recompute lease (one recompute per athlete at a time) and returns what the recompute
    /// starts from: one query reads the state row and the dirty markers, one conditional write takes the lease.
    /// Returns null with the time the current holder's lease ends when another recompute holds it.
    /// </summary>
    public async Task<(RecomputeLease? Lease, DateTimeOffset HeldUntil)> TryAcquireRecomputeLeaseAsync(string athleteId, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken ct,
        bool optimistic = false)
    {
        var (state, markers) = await ReadStateRowsAsync(athleteId, ct);
        var lease = new TableEntity(athleteId, RowKeys.RecomputeState) { ["LeaseOwner"] = owner, ["LeaseUntil"] = now + duration };
        try
        {
            ETag fence;
            if (state is null)
                fence = (await _table.AddEntityAsync(lease, ct)).Headers.ETag!.Value;
            else
            {
                var held = state.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue;
                if (held > now && state.GetString("LeaseOwner") != owner) return (null, held);
                if (optimistic) return (new RecomputeLease(state.ETag, new RecomputeState(markers, LastComputedDay(state)), Optimistic: true), default);
                fence = (await _table.UpdateEntityAsync(lease, state.ETag, TableUpdateMode.Merge, ct)).Headers.ETag!.Value;
            }
            return (new RecomputeLease(fence, new RecomputeState(markers, LastComputedDay(state))), default);
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
    public async Task<bool> TryClaimDeferredRecomputeAsync(string athleteId, DateTimeOffset now, DateTimeOffset due, CancellationToken ct)
    {
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, RowKeys.RecomputeDeferred, cancellationToken: ct);
        if (existing.HasValue && existing.Value!.GetDateTimeOffset("Due") is { } pending && pending > now) return false;
        var row = new TableEntity(athleteId, RowKeys.RecomputeDeferred) { ["Due"] = due };
        try
        {
            if (existing.HasValue) await _table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, ct);
            else await _table.AddEntityAsync(row, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task ReleaseRecomputeLeaseAsync(string athleteId, ETag fence, CancellationToken ct)
    {
        try
        {
            await _table.UpdateEntityAsync(new TableEntity(athleteId, RowKeys.RecomputeState) { ["LeaseUntil"] = LeaseReleased }, fence, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Someone else holds it now: nothing of ours to release.
        }
    }

    // Table Storage dates start in 1601; any instant in the past frees a lease.
    private static readonly DateTimeOffset LeaseReleased = new(1601, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Stores a check-in (replacing the day's earlier one) and marks its day dirty, in one transaction.</summary>
    public Task SaveCheckinAsync(PainCheckin checkin, CancellationToken ct) => _table.SubmitTransactionAsync(
    [
        new(TableTransactionActionType.UpsertReplace, new TableEntity(checkin.AthleteId, RowKeys.CheckinKey(checkin.Date)) { ["Json"] = Json.Serialize(checkin) }),
        new(TableTransactionActionType.UpsertReplace, new TableEntity(checkin.AthleteId, RowKeys.DirtyKey(checkin.Date)) { ["At"] = DateTimeOffset.UtcNow }),
    ], ct);

    public async Task<IReadOnlyList<PainCheckin>> GetCheckinsAsync(string athleteId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var result = new List<PainCheckin>();
        var filter = RowKeys.Range(athleteId, RowKeys.CheckinKey(from), RowKeys.CheckinKey(to.AddDays(1)));
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            if (Json.Deserialize<PainCheckin>(e.GetString("Json") ?? "null") is { } checkin) result.Add(checkin);
        return result;
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
    /// Writes a recompute's rows in entity-group transactions, deletes the dirty markers it read and releases the
    /// lease, all fenced: every transaction carries the state row with the fence ETag (and takes the new one), so
    /// if the lease was taken over the transaction fails whole and <see cref="RecomputeLeaseLostException"/> stops
    /// the writer. A marker is deleted only with the ETag it was read with; one written again meanwhile (new input)
    /// is left and counted. The last transaction records the last computed day and frees the lease.
    /// Returns how many markers were written again.
    /// </summary>
    public async Task<int> CommitRecomputeAsync(string athleteId, ETag fence, DateOnly? lastComputedDay, IReadOnlyList<TableTransactionAction> rows,
        IReadOnlyList<DirtyMarker> markers, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        const int perBatch = Transactions.MaxOperations - 1;
        var deletes = markers.Select(m => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(athleteId, RowKeys.DirtyKey(m.Day)), m.ETag));
        var batches = rows.Concat(deletes).Chunk(perBatch).Select(b => b.ToList()).ToList();
        if (batches.Count == 0) batches.Add([]);
        var redirtied = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            var last = i == batches.Count - 1;
            var stateRow = new TableEntity(athleteId, RowKeys.RecomputeState) { ["LeaseUntil"] = last ? LeaseReleased : leaseUntil };
            if (last && lastComputedDay is { } day) stateRow["LastComputedDay"] = RowKeys.Date(day);
            while (true)
            {
                try
                {
                    var response = await _table.SubmitTransactionAsync([.. batches[i], new(TableTransactionActionType.UpdateMerge, stateRow, fence)], ct);
                    fence = response.Value[^1].Headers.ETag ?? throw new InvalidOperationException("The table service returned no ETag for the state row.");
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status is 412 or 404 && e.FailedTransactionActionIndex is { } index && index < batches[i].Count
                                                                  && batches[i][index].ActionType == TableTransactionActionType.Delete)
                {
                    // A marker written again since it was read (412), or already gone (404): keep it out and retry.
                    if (e.Status == 412) redirtied++;
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

    /// <summary>
    /// The stored metrics rows from <paramref name="from"/> to <paramref name="to"/> with what the next days need of
    /// their rollups (load, spinal load, hinge volume, exercises): one range query gives a recompute its history.
    /// </summary>
    public async Task<IReadOnlyList<(DayMetrics Metrics, TrainingDay Day, bool HeavyHinge, bool HeavySquat)>> GetHistoryAsync(
        string athleteId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var result = new List<(DayMetrics, TrainingDay, bool, bool)>();
        var filter = RowKeys.Range(athleteId, RowKeys.MetricsKey(from), RowKeys.MetricsKey(to.AddDays(1)));
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var metrics = ReadMetrics(e);
            result.Add((metrics, new TrainingDay(metrics.Date, metrics.Load, null, 0, 0, 0)
            {
                SpinalLoadKg = metrics.SpinalLoad,
                HingeVolumeKg = e.GetDouble("HingeVolumeKg") ?? 0,
                Exercises = ReadExercises(e.GetString("Exercises")),
            }, e.GetBoolean("HeavyHinge") ?? false, e.GetBoolean("HeavySquat") ?? false));
        }
        return result;
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
        ["Exercises"] = ExercisesJson(day.Exercises),
        ["Pain"] = day.Pain,
    };

    public static TableEntity MetricsEntity(string athleteId, DayMetrics m, StrengthDay? strength = null, TrainingDay? day = null) => new(athleteId, RowKeys.MetricsKey(m.Date))
    {
        // What the next recompute needs of this day, so that one range query over metrics rows is its whole history.
        ["HingeVolumeKg"] = day?.HingeVolumeKg,
        ["Exercises"] = day is null ? null : ExercisesJson(day.Exercises),
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
        ["SpinalLoad"] = m.SpinalLoad,
        ["SpinalAcuteEwma"] = m.SpinalAcuteEwma,
        ["SpinalChronicEwma"] = m.SpinalChronicEwma,
        ["SpinalAcwrEwma"] = m.SpinalAcwrEwma,
        ["WeeklyLoad"] = m.WeeklyLoad,
        ["WeeklyLoadChange"] = m.WeeklyLoadChange,
        ["WeeklySpinalLoad"] = m.WeeklySpinalLoad,
        ["WeeklySpinalChange"] = m.WeeklySpinalChange,
        ["PreviousFourWeekLoad"] = m.PreviousFourWeekLoad,
        ["PreviousFourWeekSpinalLoad"] = m.PreviousFourWeekSpinalLoad,
        ["HeavyHinge"] = strength?.HeavyHinge,
        ["HeavySquat"] = strength?.HeavySquat,
        ["HeavyHingeReason"] = strength?.HeavyHingeReason,
        ["Progressions"] = strength is { Progressions.Count: > 0 } ? ProgressionsJson(strength.Progressions) : null,
    };

    /// <summary>
    /// The day's exercises as JSON within one string property (32 K characters). A day of hundreds of distinct
    /// exercises keeps the spine-loading ones and the largest by volume: those are what the rules look at.
    /// </summary>
    private static string? ExercisesJson(IReadOnlyDictionary<string, ExerciseDay> exercises)
    {
        if (exercises.Count == 0) return null;
        var json = Json.Serialize(exercises);
        if (json.Length <= JsonChunkChars) return json;
        var kept = new Dictionary<string, ExerciseDay>();
        var length = 2;
        foreach (var (name, day) in exercises.OrderByDescending(e => e.Value.SpineFactor > 0).ThenByDescending(e => e.Value.VolumeKg))
        {
            var entry = Json.Serialize(new Dictionary<string, ExerciseDay> { [name] = day }).Length;
            if (length + entry > JsonChunkChars) break;
            kept[name] = day;
            length += entry;
        }
        return Json.Serialize(kept);
    }

    /// <summary>The day's progressions within one string property: a day of hundreds of spine-loading exercises keeps the heaviest.</summary>
    internal static string ProgressionsJson(IReadOnlyList<ExerciseProgression> progressions)
    {
        var json = Json.Serialize(progressions);
        if (json.Length <= JsonChunkChars) return json;
        var kept = progressions.OrderByDescending(p => p.TopWeightKg).ToList();
        while (json.Length > JsonChunkChars) json = Json.Serialize(kept = kept.Take(kept.Count * 3 / 4).ToList());
        return json;
    }

    private static IReadOnlyDictionary<string, ExerciseDay> ReadExercises(string? json) => json is null
        ? new Dictionary<string, ExerciseDay>()
        : new Dictionary<string, ExerciseDay>(Json.Deserialize<Dictionary<string, ExerciseDay>>(json) ?? [], StringComparer.OrdinalIgnoreCase);

    /// <summary>The strength pass of a stored metrics row (heavy hinge flag and progressions).</summary>
    public static StrengthDay ReadStrength(TableEntity e) => new(
        RowKeys.ParseDate(e.RowKey[RowKeys.Metrics.Length..]),
        e.GetBoolean("HeavyHinge") ?? false,
        e.GetString("HeavyHingeReason"),
        e.GetString("Progressions") is { } p ? Json.Deserialize<List<ExerciseProgression>>(p) ?? [] : [])
    {
        HeavySquat = e.GetBoolean("HeavySquat") ?? false,
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

    internal static TableEntity WorkoutEntity(string athleteId, DateOnly day, WorkoutSummary workout)
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
        Exercises = ReadExercises(e.GetString("Exercises")),
        Pain = e.GetInt32("Pain"),
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
        e.GetDouble("Tsb") ?? 0)
    {
        SpinalLoad = e.GetDouble("SpinalLoad") ?? 0,
        SpinalAcuteEwma = e.GetDouble("SpinalAcuteEwma") ?? 0,
        SpinalChronicEwma = e.GetDouble("SpinalChronicEwma") ?? 0,
        SpinalAcwrEwma = e.GetDouble("SpinalAcwrEwma"),
        WeeklyLoad = e.GetDouble("WeeklyLoad") ?? 0,
        WeeklyLoadChange = e.GetDouble("WeeklyLoadChange"),
        WeeklySpinalLoad = e.GetDouble("WeeklySpinalLoad") ?? 0,
        WeeklySpinalChange = e.GetDouble("WeeklySpinalChange"),
        PreviousFourWeekLoad = e.GetDouble("PreviousFourWeekLoad"),
        PreviousFourWeekSpinalLoad = e.GetDouble("PreviousFourWeekSpinalLoad"),
    };

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
