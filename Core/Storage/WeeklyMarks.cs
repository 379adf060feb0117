using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// The week whose summary (or digest) was last queued, per athlete and per coach (table Athletes, partitions
/// `~weekly-athlete` and `~weekly-coach`, one row each): the hourly timer reads both partitions whole (a
/// transaction per thousand rows) and touches only those whose due week is not marked, instead of reading a
/// ledger row of every athlete on every run.
/// </summary>
public sealed class WeeklyMarks(StorageClients storage)
{
    public const string Athletes = "~weekly-athlete";
    public const string Coaches = "~weekly-coach";
    private const string Week = "Week";

    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);

    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(string partition, CancellationToken ct)
    {
        var marks = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (
            var row in _table.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                cancellationToken: ct
            )
        )
            marks[row.RowKey] = row.GetString(Week) ?? "";
        return marks;
    }

    /// <summary>Marks the weeks queued, a hundred rows a transaction (one partition).</summary>
    public async Task MarkAsync(string partition, IEnumerable<(string Key, string Week)> marks, CancellationToken ct)
    {
        foreach (var batch in marks.Chunk(Transactions.MaxOperations))
            await _table.SubmitTransactionAsync(
                batch.Select(m => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(partition, m.Key) { [Week] = m.Week }
                )),
                ct
            );
    }

    /// <summary>An erased athlete's mark (it names them, outside their partition).</summary>
    public async Task RemoveAthleteAsync(string athleteId, CancellationToken ct)
    {
        try
        {
            await _table.DeleteEntityAsync(Athletes, athleteId, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }
}
