using BackSignal.Core.Observability;
using BackSignal.Core.Pipeline;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace BackSignal.Functions;

/// <summary>Dependency telemetry (storage calls) without athlete ids, table keys or upload file names.</summary>
public sealed class RedactingTelemetryInitializer : ITelemetryInitializer
{
    public void Initialize(ITelemetry telemetry)
    {
        if (telemetry is not DependencyTelemetry dependency) return;
        dependency.Data = TelemetryRedaction.Redact(dependency.Data);
        dependency.Name = TelemetryRedaction.Redact(dependency.Name);
    }
}
