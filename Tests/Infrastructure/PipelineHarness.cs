using Azure.Data.Tables;
using BackSignal.Core.Configuration;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BackSignal.Tests.Infrastructure;

/// <summary>
/// Core's real services against the shared Azurite and a fresh SendGrid sink, with "today" fixed by a
/// FakeTimeProvider. <see cref="DrainAsync"/> plays the queue runtime deterministically (receive, process,
/// delete on success); <see cref="StartRuntime"/> runs the real WebJobs host instead.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly string _outbox;

    private PipelineHarness(
        AzuriteFixture? azurite,
        SendGridSink sink,
        string outbox,
        FakeTimeProvider clock,
        IConfiguration configuration
    )
    {
        Azurite = azurite;
        Sink = sink;
        _outbox = outbox;
        Clock = clock;
        Configuration = configuration;
        Services = Register(
                new ServiceCollection().AddLogging(l =>
                {
                    // Every log line of every handler, at every level, for the tests that read what the logs say.
                    l.SetMinimumLevel(LogLevel.Trace);
                    l.AddProvider(Logs);
                })
            )
            .BuildServiceProvider();
    }

    public AzuriteFixture? Azurite { get; }
    public SendGridSink Sink { get; }
    public FakeTimeProvider Clock { get; }
    public IConfiguration Configuration { get; }
    public ServiceProvider Services { get; }

    /// <summary>What the handlers logged, formatted as a log sink would write it.</summary>
    public CapturedLogs Logs { get; } = new();

    public StorageClients Storage => Services.GetRequiredService<StorageClients>();
    public MessageQueue Queue => Services.GetRequiredService<MessageQueue>();
    public PipelineDispatcher Dispatcher => Services.GetRequiredService<PipelineDispatcher>();
    public TableClient Training => Storage.Tables.GetTableClient(TableNames.Training);

    public static Task<PipelineHarness> StartAsync(
        AzuriteFixture azurite,
        DateTimeOffset? now = null,
        IDictionary<string, string?>? settings = null
    ) => StartAsync(azurite.ConnectionString, azurite, now, settings);

    /// <summary>A harness on any storage (an Azurite of the test's own, say).</summary>
    public static async Task<PipelineHarness> StartAsync(
        string connectionString,
        AzuriteFixture? azurite = null,
        DateTimeOffset? now = null,
        IDictionary<string, string?>? settings = null
    )
    {
        var outbox = Path.Combine(Path.GetTempPath(), "backsignal-tests", Guid.NewGuid().ToString("N"));
        var sink = await SendGridSink.StartAsync(outbox);
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["SendGrid:ApiKey"] = "test-key",
            ["SendGrid:Host"] = sink.BaseAddress.ToString().TrimEnd('/'),
            ["SendGrid:RetryBaseDelay"] = "00:00:00.050",
            ["SendGrid:MaxRetryDelay"] = "00:00:01",
            ["SendGrid:MaxRetryAttempts"] = "3",
            // The runtime's hourly timer would run the weekly fan-out (a past-due run on start, too) over every athlete
            // the shared Azurite holds; tests drive the fan-out themselves, so its timer waits for a 29 February.
            [Core.Weekly.WeeklySchedule.Setting] = "0 0 3 29 2 *",
            // The local runtime polls fast in tests and retries a failed message after a second.
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01",
            // Connection secrets in files of this harness's own, encrypted with a test key.
            ["Secrets:Directory"] = Path.Combine(outbox, "secrets"),
            ["Secrets:LocalKey"] = TestKeys.Of('s'),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        var harness = new PipelineHarness(azurite, sink, outbox, clock, configuration);
        await StorageInitializer.EnsureCreatedAsync(harness.Storage, CancellationToken.None);
        foreach (var name in QueueNames.All.SelectMany(q => new[] { q, QueueNames.Poison(q) }))
            await harness.Storage.Queues.GetQueueClient(name).ClearMessagesAsync();
        return harness;
    }

    private IServiceCollection Register(IServiceCollection services)
    {
        services.AddBackSignalCore(Configuration);
        services.AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, Clock);
        return services;
    }

    /// <summary>The real local runtime (WebJobs SDK) on the same storage, sink and clock.</summary>
    public IHost StartRuntime()
    {
        var host = LocalRuntime.Build(
            Configuration,
            services => services.AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, Clock)
        );
        host.Start();
        return host;
    }

    public Task AddAthleteAsync(AthleteProfile profile) =>
        Services.GetRequiredService<AthleteStore>().UpsertAsync(profile, CancellationToken.None);

    public async Task QueueWorkoutsAsync(IEnumerable<WorkoutSummary> workouts)
    {
        foreach (var workout in workouts)
            await Queue.SendAsync(QueueNames.Workouts, workout, CancellationToken.None);
    }

    /// <summary>
    /// An athlete (without a coach unless given) with seven steady weeks and a spike week ending on <paramref
    /// name="lastDay"/>, queued.
    /// </summary>
    public async Task<AthleteProfile> SeedSpikeAsync(string athleteId, DateOnly lastDay, string? coach = null)
    {
        var athlete = Scenarios.Athlete(athleteId, coach);
        await AddAthleteAsync(athlete);
        await QueueWorkoutsAsync(Scenarios.SteadyThenSpike(athlete, lastDay));
        return athlete;
    }

    /// <summary>
    /// A message of queue <paramref name="queueName"/> through its trigger's handler, as the runtime would (the tests
    /// drain every queue by name; the triggers name their handler).
    /// </summary>
    public Task ProcessAsync(string queueName, string message) =>
        queueName switch
        {
            QueueNames.Exports => Dispatcher.ProcessAsync<ExportIngestion>(message, CancellationToken.None),
            QueueNames.Workouts => Dispatcher.ProcessAsync<WorkoutIntake>(message, CancellationToken.None),
            QueueNames.Checkins => Dispatcher.ProcessAsync<CheckinIntake>(message, CancellationToken.None),
            QueueNames.Recompute => Dispatcher.ProcessAsync<RecomputeHandler>(message, CancellationToken.None),
            QueueNames.Emails => Dispatcher.ProcessAsync<EmailDispatch>(message, CancellationToken.None),
            QueueNames.Connections => Dispatcher.ProcessAsync<ConnectionSync>(message, CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(queueName), queueName, "No trigger for this queue."),
        };

    /// <summary>
    /// Processes the pipeline's queues until they are empty: a message whose handler throws is left for
    /// redelivery (made visible again at once) up to <paramref name="maxDequeue"/> times, then moved to poison.
    /// </summary>
    public async Task<int> DrainAsync(int maxDequeue = 5, int maxRounds = 200)
    {
        var processed = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            var any = false;
            foreach (var name in QueueNames.All)
            {
                var queue = Queue.GetQueue(name);
                var messages = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30))).Value;
                foreach (var message in messages)
                {
                    any = true;
                    try
                    {
                        await ProcessAsync(name, message.MessageText);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                        processed++;
                    }
                    catch (Exception) when (message.DequeueCount < maxDequeue)
                    {
                        await queue.UpdateMessageAsync(
                            message.MessageId,
                            message.PopReceipt,
                            visibilityTimeout: TimeSpan.Zero
                        );
                    }
                    catch (Exception)
                    {
                        await Queue.GetQueue(QueueNames.Poison(name)).SendMessageAsync(message.MessageText);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                }
            }
            if (!any)
                return processed;
        }
        throw new TimeoutException("The queues did not drain.");
    }

    /// <summary>Drains until no message is left at all, the delayed ones (deferred recomputes) included.</summary>
    public async Task DrainAllAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            await DrainAsync();
            var pending = 0;
            foreach (var name in QueueNames.All)
                pending += (await Storage.Queues.GetQueueClient(name).GetPropertiesAsync())
                    .Value
                    .ApproximateMessagesCount;
            if (pending == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{pending} messages still queued.");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Adds an athlete with no connected account anywhere in the table: connections left by other tests (their fakes
    /// stopped since) would otherwise be polled by this one.
    /// </summary>
    public async Task<string> AddAthleteWithoutConnectionsAsync(string athleteId)
    {
        var table = Storage.Tables.GetTableClient(TableNames.Connections);
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        await AddAthleteAsync(Scenarios.Athlete(athleteId));
        return athleteId;
    }

    public async Task<IReadOnlyList<TableEntity>> RowsAsync(string athleteId, string prefix)
    {
        var rows = new List<TableEntity>();
        await foreach (
            var e in Training.QueryAsync<TableEntity>(RowKeys.Range(athleteId, prefix, prefix + RowKeys.End))
        )
            rows.Add(e);
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sink.DisposeAsync();
        try
        {
            Directory.Delete(_outbox, recursive: true);
        }
        catch (IOException) { }
    }
}

/// <summary>A logger provider that keeps every formatted line and every structured value.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            // The message and each structured value, as telemetry would carry them.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {values} {exception}");
        }
    }
}
