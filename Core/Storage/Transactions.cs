using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

public static class Transactions
{
    /// <summary>An entity-group transaction takes at most 100 operations (Azurite fails oddly on 101).</summary>
    public const int MaxOperations = 100;

    /// <summary>
    /// Characters of string properties one transaction may carry: JSON is escaped once more on the wire, and 1.5 M
    /// characters stays well inside a transaction's 4 MiB.
    /// </summary>
    public const long MaxJsonChars = 1_500_000;

    /// <summary>
    /// The characters of a row's string properties and binary ones in base64 (16 for any other value), for
    /// <see cref="MaxJsonChars"/>.
    /// </summary>
    public static long CharsOf(ITableEntity row) =>
        row is IDictionary<string, object> properties
            ? properties.Values.Sum(CharsOf)
            : row.GetType().GetProperties().Sum(p => CharsOf(p.GetValue(row)));

    private static long CharsOf(object? value) =>
        value switch
        {
            string text => text.Length,
            byte[] bytes => (bytes.Length + 2) / 3 * 4,
            _ => 16,
        };

    /// <summary>
    /// How a computed row is written: alerts with merge (their delivery state is written once, when first raised),
    /// everything else replaced whole.
    /// </summary>
    public static TableTransactionAction WriteOf(ITableEntity row) =>
        row switch
        {
            AlertRow => new(TableTransactionActionType.UpsertMerge, row),
            // A profile's copy seeded with a commit: only where none is, never over a later revision.
            TableEntity { RowKey: RowKeys.ProfileCopy } => new(TableTransactionActionType.Add, row),
            // A check-in merged with the day's stored one: written only over the row it was merged with.
            CheckinRow { Fenced: true } c when c.ETag == default => new(TableTransactionActionType.Add, row),
            CheckinRow { Fenced: true } c => new(TableTransactionActionType.UpdateReplace, row, c.ETag),
            _ => new(TableTransactionActionType.UpsertReplace, row),
        };

    /// <summary>
    /// Splits writes into transactions of at most <paramref name="maxOperations"/> operations and
    /// <see cref="MaxJsonChars"/> characters, in order.
    /// </summary>
    public static IEnumerable<List<TableTransactionAction>> Batches(
        IEnumerable<TableTransactionAction> actions,
        int maxOperations
    )
    {
        var batch = new List<TableTransactionAction>();
        long chars = 0;
        foreach (var action in actions)
        {
            var size = CharsOf(action.Entity);
            if (batch.Count > 0 && (batch.Count == maxOperations || chars + size > MaxJsonChars))
            {
                yield return batch;
                batch = [];
                chars = 0;
            }
            batch.Add(action);
            chars += size;
        }
        if (batch.Count > 0)
            yield return batch;
    }
}
