using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

public static class Transactions
{
    /// <summary>An entity-group transaction takes at most 100 operations (Azurite fails oddly on 101).</summary>
    public const int MaxOperations = 100;

    /// <summary>Submits actions of one partition in as few transactions as the limit allows.</summary>
    public static async Task SubmitChunkedAsync(this TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        for (var i = 0; i < actions.Count; i += MaxOperations)
            await table.SubmitTransactionAsync(actions.Skip(i).Take(MaxOperations), ct);
    }
}
