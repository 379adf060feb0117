namespace BackSignal.Core.Storage;

public static class TableNames
{
    public const string Athletes = "Athletes";
    public const string Training = "Training";
    public const string Rejections = "Rejections";
    public const string Ingestions = "Ingestions";

    public static readonly IReadOnlyList<string> All = [Athletes, Training, Rejections, Ingestions];
}

public static class ContainerNames
{
    /// <summary>Uploaded export files, as exports/{athleteId}/{uploadId}/{fileName}.</summary>
    public const string Exports = "exports";
}
