using System.Text.RegularExpressions;

namespace BackSignal.Core.Observability;

/// <summary>
/// Storage calls as telemetry may show them, without what names a person: blob paths below the container (the
/// athlete id and the file name of an upload), table keys and query filters (the athlete's partition). Used by
/// the Functions app's telemetry initializer on every dependency item.
/// </summary>
public static partial class TelemetryRedaction
{
    private const string Hidden = "…";

    /// <summary>A storage URL or "VERB url" name with athlete ids and file names removed.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        var result = Query().Replace(text, "?" + Hidden);
        result = Keys().Replace(result, "(" + Hidden + ")");
        result = BlobPath().Replace(result, m => $"/{m.Groups["container"].Value}/{Hidden}");
        return result;
    }

    [GeneratedRegex(@"\?[^\s]*")]
    private static partial Regex Query();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Keys();

    [GeneratedRegex(@"/(?<container>exports|claims)/[^\s?]+")]
    private static partial Regex BlobPath();
}
