using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>
/// Workouts of connected accounts (stored under their stable id, found again by the provider's id), and the removal of
/// days computed from inputs since deleted.
/// </summary>
public sealed partial class TrainingStore
{
    /// <summary>
    /// Stores workouts fetched from a provider (they carry its id), each with the row that says where it is stored,
    /// in one transaction per workout: an update whose start moved to another day or minute deletes the old row in
    /// the same transaction. Returns the earliest day touched (old days included), for the recompute.
    /// </summary>
    public async Task<DateOnly?> SaveProviderWorkoutsAsync(
        string athleteId,
        IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> workouts,
        CancellationToken ct
    )
    {
        DateOnly? earliest = null;
        foreach (var (day, workout) in workouts)
        {
            var indexKey = RowKeys.ProviderWorkoutKey(workout.Source, workout.SourceId!);
            var key = RowKeys.WorkoutKey(day, workout.WorkoutId);
            var index = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, indexKey, cancellationToken: ct);
            var earlier = index is { HasValue: true, Value: { } stored } ? stored.GetString(StoredAt) : null;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpsertReplace, WorkoutRow.Of(athleteId, day, workout)),
                new(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(athleteId, indexKey) { [StoredAt] = key }
                ),
                new(TableTransactionActionType.UpsertReplace, DirtyMarkerRow(athleteId, day)),
            };
            earliest = Min(earliest, day);
            if (earlier is not null && earlier != key)
            {
                var earlierDay = RowKeys.ParseDate(earlier.Substring(RowKeys.Workout.Length, 8));
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(athleteId, earlier), ETag.All));
                if (earlierDay != day)
                    actions.Add(new(TableTransactionActionType.UpsertReplace, DirtyMarkerRow(athleteId, earlierDay)));
                earliest = Min(earliest, earlierDay);
            }
            try
            {
                await SubmitAsync(athleteId, actions, ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && actions.Count > 3)
            {
                // The old row is gone already (a copy of this message got there first): the rest still goes in.
                await SubmitAsync(athleteId, actions.Where(a => a.ActionType != TableTransactionActionType.Delete), ct);
            }
        }
        return earliest;
    }

    /// <summary>
    /// Deletes a provider's workout (deleted at the provider) with its index row and marks its day dirty, in one
    /// transaction. Returns its day, or null when nothing is stored under that id (never imported, or gone already).
    /// </summary>
    public async Task<DateOnly?> DeleteProviderWorkoutAsync(
        string athleteId,
        string source,
        string sourceId,
        CancellationToken ct
    )
    {
        var indexKey = RowKeys.ProviderWorkoutKey(source, sourceId);
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, indexKey, cancellationToken: ct);
        if (index is not { HasValue: true, Value: { } indexRow } || indexRow.GetString(StoredAt) is not { } key)
            return null;
        var day = RowKeys.ParseDate(key.Substring(RowKeys.Workout.Length, 8));
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Delete, new TableEntity(athleteId, key), ETag.All),
            new(TableTransactionActionType.Delete, indexRow, indexRow.ETag),
            new(TableTransactionActionType.UpsertReplace, DirtyMarkerRow(athleteId, day)),
        ];
        try
        {
            await SubmitAsync(athleteId, actions, ct);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            // A copy of this message deleted it meanwhile, or the workout row alone is gone: clear what is left.
            try
            {
                await SubmitAsync(athleteId, actions.Skip(1), ct);
            }
            catch (TableTransactionFailedException again) when (again.Status is 404 or 412) { }
        }
        return day;
    }

    /// <summary>
    /// Deletes the day and metrics rows before <paramref name="before"/> (all of them when null): days computed from
    /// input since deleted, before the first day that still has any.
    /// </summary>
    public async Task DeleteComputedDaysBeforeAsync(string athleteId, DateOnly? before, CancellationToken ct)
    {
        var stale = new List<TableEntity>();
        foreach (var prefix in new[] { RowKeys.Day, RowKeys.Metrics })
        {
            var end = before is { } day ? prefix + RowKeys.Date(day) : prefix + RowKeys.End;
            await foreach (
                var row in _table.QueryAsync<TableEntity>(
                    RowKeys.Range(athleteId, prefix, end),
                    select: ["PartitionKey", "RowKey"],
                    cancellationToken: ct
                )
            )
                stale.Add(row);
        }
        foreach (var batch in stale.Chunk(Transactions.MaxOperations - 1))
            await SubmitAsync(
                athleteId,
                batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)),
                ct
            );
    }

    private const string StoredAt = "WorkoutKey";

    private static DateOnly Min(DateOnly? a, DateOnly b) => a is { } x && x < b ? x : b;
}
