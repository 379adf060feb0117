using System.Diagnostics;
using OpenTelemetry;

namespace BackSignal.Core.Observability;

/// <summary>
/// Spans (storage calls above all) without athlete ids, table keys or upload file names: their names and string
/// attributes go through <see cref="TelemetryRedaction"/> before any exporter sees them. Register it before the
/// exporter: processors run in the order they were added.
/// </summary>
public sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        data.DisplayName = TelemetryRedaction.Redact(data.DisplayName) ?? "";
        foreach (var (key, value) in data.TagObjects.ToList())
            if (value is string text && TelemetryRedaction.Redact(text) is { } redacted && redacted != text)
                data.SetTag(key, redacted);
    }
}
