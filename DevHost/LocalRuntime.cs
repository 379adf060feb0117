using Azure.Storage.Queues;
using BackSignal.Core.Configuration;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackSignal.DevHost;

/// <summary>
/// `backsignal run`: the queue listeners of the WebJobs SDK (what the Functions host is built on) calling the
/// same Core handlers as the Functions app, on the same queues, with the queue settings of the same host.json.
/// </summary>
public static class LocalRuntime
{
    /// <param name="logMessages">
    /// One log line per message handled (queue, athlete reference, outcome, milliseconds).
    /// </param>
    public static IHost Build(
        IConfiguration configuration,
        Action<IServiceCollection>? configureServices = null,
        LogLevel logLevel = LogLevel.Warning,
        bool logMessages = false
    )
    {
        return new HostBuilder()
            .UseEnvironment("Development")
            .ConfigureAppConfiguration(c => c.AddConfiguration(configuration))
            .ConfigureLogging(l =>
            {
                l.ClearProviders();
                l.AddSimpleConsole(o => o.SingleLine = true);
                l.SetMinimumLevel(logLevel);
                // "Already exists" answers (409) are part of idempotent writes, not problems.
                l.AddFilter("Azure.Core", LogLevel.Error);
                l.AddBackSignalFilters();
                if (logMessages)
                    l.AddFilter(typeof(PipelineDispatcher).FullName, LogLevel.Information);
            })
            .ConfigureWebJobs(b =>
            {
                b.AddAzureStorageCoreServices();
                b.AddAzureStorageQueues(options => HostJson.BindQueues(configuration, options));
                b.AddTimers();
            })
            .ConfigureServices(services =>
            {
                // Ctrl+C: the listeners stop within seconds instead of the default half minute.
                services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
                services.AddBackSignalCore(configuration);
                services.AddSingleton<PipelineActivity>();
                services.AddSingleton<ITypeLocator>(new FunctionTypes(typeof(LocalFunctions)));
                configureServices?.Invoke(services);
            })
            .Build();
    }

    private sealed class FunctionTypes(params Type[] types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }
}

/// <summary>
/// Counts messages being processed, so that the demo and the tests can tell when the pipeline is idle.
/// </summary>
public sealed class PipelineActivity
{
    private int _inFlight;
    private long _completed;
    private long _lastCompleted;

    public int InFlight => Volatile.Read(ref _inFlight);
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>When the last message finished (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public long LastCompletedTimestamp => Interlocked.Read(ref _lastCompleted);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _byQueue = new();

    /// <summary>Messages processed from one queue so far (a redelivered message counts again).</summary>
    public long ProcessedFrom(string queue) => _byQueue.GetValueOrDefault(queue);

    public async Task RunAsync(Func<Task> work, string? queue = null)
    {
        if (queue is not null)
            _byQueue.AddOrUpdate(queue, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _inFlight);
        try
        {
            await work();
        }
        finally
        {
            Interlocked.Exchange(ref _lastCompleted, System.Diagnostics.Stopwatch.GetTimestamp());
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _completed);
        }
    }

    /// <summary>Waits until every pipeline queue is empty and no message is being processed, twice in a row.</summary>
    public async Task WaitForIdleAsync(QueueServiceClient queues, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quietChecks = 0;
        while (quietChecks < 2)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The pipeline did not become idle within {timeout.TotalSeconds:0} s.");
            await Task.Delay(250, ct);
            var pending = 0;
            foreach (var name in QueueNames.All)
                pending += (await queues.GetQueueClient(name).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
            quietChecks = pending == 0 && InFlight == 0 ? quietChecks + 1 : 0;
        }
    }
}

/// <summary>The local twins of the Functions in Functions/: same queue names, same Core entry point.</summary>
public sealed class LocalFunctions(
    PipelineDispatcher pipeline,
    Core.Weekly.WeeklyFanOut weekly,
    PipelineActivity activity,
    Core.Storage.UploadRetention retention,
    Core.Pipeline.Housekeeping housekeeping,
    Core.Pipeline.ConnectionPolls connections
)
{
    // Locally the same timer also expires raw uploads, which the storage account's lifecycle rule does in Azure.
    [FunctionName("WeeklySummaries")]
    public Task WeeklySummaries(
        [TimerTrigger("%" + Core.Weekly.WeeklySchedule.Setting + "%")] TimerInfo timer,
        CancellationToken ct
    ) =>
        activity.RunAsync(async () =>
        {
            await weekly.RunAsync(ct);
            await retention.DeleteExpiredAsync(DateTimeOffset.UtcNow, ct);
            await housekeeping.RunAsync(ct);
            await connections.RunAsync(ct);
        });

    [FunctionName("ImportExport")]
    public Task ImportExport([QueueTrigger(QueueNames.Exports)] string message, CancellationToken ct) =>
        activity.RunAsync(() => pipeline.ProcessAsync<ExportIngestion>(message, ct), QueueNames.Exports);

    [FunctionName("IngestWorkout")]
    public Task IngestWorkout([QueueTrigger(QueueNames.Workouts)] string message, CancellationToken ct) =>
        activity.RunAsync(() => pipeline.ProcessAsync<WorkoutIntake>(message, ct), QueueNames.Workouts);

    [FunctionName("IngestCheckin")]
    public Task IngestCheckin([QueueTrigger(QueueNames.Checkins)] string message, CancellationToken ct) =>
        activity.RunAsync(() => pipeline.ProcessAsync<CheckinIntake>(message, ct), QueueNames.Checkins);

    [FunctionName("Recompute")]
    public Task Recompute([QueueTrigger(QueueNames.Recompute)] string message, CancellationToken ct) =>
        activity.RunAsync(() => pipeline.ProcessAsync<RecomputeHandler>(message, ct), QueueNames.Recompute);

    [FunctionName("SendEmail")]
    public Task SendEmail([QueueTrigger(QueueNames.Emails)] string message, CancellationToken ct) =>
        activity.RunAsync(() => pipeline.ProcessAsync<EmailDispatch>(message, ct), QueueNames.Emails);

    [FunctionName("SyncConnection")]
    public Task SyncConnection([QueueTrigger(QueueNames.Connections)] string message, CancellationToken ct) =>
        activity.RunAsync(() => pipeline.ProcessAsync<ConnectionSync>(message, ct), QueueNames.Connections);
}

/// <summary>
/// Reads the queue settings of host.json (copied beside the program), with the same override the Functions host
/// honours: AzureFunctionsJobHost__extensions__queues__{setting}.
/// </summary>
public static class HostJson
{
    public static void BindQueues(IConfiguration configuration, Microsoft.Azure.WebJobs.Host.QueuesOptions options)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "host.json");
        var file = new ConfigurationBuilder().AddJsonFile(path, optional: true).Build();
        file.GetSection("extensions:queues").Bind(options);
        configuration.GetSection("AzureFunctionsJobHost:extensions:queues").Bind(options);
    }
}
