using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

public static class Transactions
{
    /// <summary>An entity-group transaction takes at most 100 operations (Azurite fails oddly on 101).</summary>
    public const int MaxOperations = 100;

    /// <summary>
    /// How a computed row is written: alerts with merge (their delivery state is written once, when first raised),
    /// everything else replaced whole.
    /// </summary>
    public static TableTransactionAction WriteOf(ITableEntity row) =>
        new(row is AlertRow ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace, row);
}
