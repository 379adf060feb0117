using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using BackSignal.Core.Hosting;
using BackSignal.Core.Observability;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP triggers through ASP.NET Core (HttpRequest in, the front door's adapter writes the response).
builder.ConfigureFunctionsWebApplication();

// Telemetry goes through OpenTelemetry (host.json's telemetryMode) to Application Insights when a connection
// string is set (in Azure), authenticated with the app's managed identity because the component has local auth
// disabled. Logs name no person: athletes appear as keyed one-way references (Core.Observability.LogIds), message
// bodies and reasons are never logged, and spans are redacted before the exporter sees them.
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    var clientId =
        builder.Configuration["AzureWebJobsStorage__clientId"] ?? builder.Configuration["AzureWebJobsStorage:clientId"];
    builder
        .Services.AddOpenTelemetry()
        // First, so that it runs before the exporter's processor.
        .WithTracing(tracing => tracing.AddProcessor(new RedactingActivityProcessor()))
        .UseFunctionsWorkerDefaults()
        .UseAzureMonitorExporter(options =>
        {
            if (!string.IsNullOrEmpty(clientId))
                options.Credential = new ManagedIdentityCredential(
                    ManagedIdentityId.FromUserAssignedClientId(clientId)
                );
        });
}

// Framework categories that log URLs (link tokens, the webhook key) stay at warnings.
builder.Logging.AddBackSignalFilters();
builder.Services.AddBackSignalCore(builder.Configuration);
builder.Build().Run();
