using BackSignal.Core.Hosting;
using Azure.Identity;
using BackSignal.Core.Configuration;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);

// Telemetry goes to Application Insights when a connection string is set (in Azure), authenticated with the
// app's managed identity because the component has local auth disabled. Logs name no person: athletes appear
// as one-way references (Core.Pipeline.LogIds), message bodies and reasons are never logged.
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
    // Storage calls carry athlete ids and file names in their URLs: removed before anything leaves.
    builder.Services.AddSingleton<ITelemetryInitializer, BackSignal.Functions.RedactingTelemetryInitializer>();
    var clientId = builder.Configuration["AzureWebJobsStorage__clientId"] ?? builder.Configuration["AzureWebJobsStorage:clientId"];
    if (!string.IsNullOrEmpty(clientId))
        builder.Services.Configure<TelemetryConfiguration>(t => t.SetAzureTokenCredential(new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))));
    // The worker adds a filter that keeps only warnings; information logs of the handlers are wanted.
    builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
    {
        var rule = options.Rules.FirstOrDefault(r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
        if (rule is not null) options.Rules.Remove(rule);
    });
}

builder.Services.AddBackSignalCore(builder.Configuration);
builder.Build().Run();
