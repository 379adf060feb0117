namespace BackSignal.Core.Storage;

public static class TableNames
{
    public const string Athletes = "Athletes";
    public const string Training = "Training";
    public const string Rejections = "Rejections";
    public const string Ingestions = "Ingestions";

    /// <summary>Form nonces already used (partition = the hour they were used in; older hours are swept).</summary>
    public const string Nonces = "Nonces";

    /// <summary>Connected accounts (partition = the athlete) and the index rows that lead back to them.</summary>
    public const string Connections = "Connections";

    public static readonly IReadOnlyList<string> All =
    [
        Athletes,
        Training,
        Rejections,
        Ingestions,
        Nonces,
        Connections,
    ];
}

/// <summary>The blob containers, one name each.</summary>
public static class ContainerNames
{
    /// <summary>Uploaded export files, as exports/{athleteId}/{uploadId}/{fileName}.</summary>
    public const string Exports = "exports";

    /// <summary>Claim checks: message bodies too large for a queue message, named by the message.</summary>
    public const string Claims = "claims";

    public static readonly IReadOnlyList<string> All = [Exports, Claims];
}
