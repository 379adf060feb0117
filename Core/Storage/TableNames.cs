namespace BackSignal.Core.Storage;

public static class TableNames
{
    public const string Athletes = "Athletes";
    public const string Training = "Training";
    public const string Rejections = "Rejections";
    public const string Ingestions = "Ingestions";

    public static readonly IReadOnlyList<string> All = [Athletes, Training, Rejections, Ingestions];
}
