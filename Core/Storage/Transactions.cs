namespace BackSignal.Core.Storage;

public static class Transactions
{
    /// <summary>An entity-group transaction takes at most 100 operations (Azurite fails oddly on 101).</summary>
    public const int MaxOperations = 100;
}
