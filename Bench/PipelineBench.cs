using System.Diagnostics;
using Azure.Data.Tables;
using BackSignal.Core.Configuration;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using BackSignal.DevHost;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace BackSignal.Bench;

/// <summary>
/// A clock the bench moves a day at a time, so that each day's workouts arrive as workouts of their athletes' today.
/// </summary>
internal sealed class BenchClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}

/// <summary>The phases of `bench pipeline`, each on the same Azurite and sink.</summary>
internal sealed class PipelineBench(
    PipelineCommand.Settings s,
    IConfiguration configuration,
    StorageClients counted,
    StorageClients plain,
    StorageCounter counter,
    SendGridSink sink,
    Func<TimeSpan> storageProcessorTime
)
{
    /// <summary>Processor time of this process (handlers and the bench's sends) and of Azurite so far.</summary>
    private (TimeSpan Here, TimeSpan Storage) ProcessorTime()
    {
        using var self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime, storageProcessorTime());
    }

    /// <summary>Milliseconds of processor per workout since <paramref name="since"/>, here and in Azurite.</summary>
    internal object ProcessorPerWorkout((TimeSpan Here, TimeSpan Storage) since, int workouts)
    {
        var now = ProcessorTime();
        return new
        {
            benchProcess = Math.Round((now.Here - since.Here).TotalMilliseconds / workouts, 3),
            azurite = Math.Round((now.Storage - since.Storage).TotalMilliseconds / workouts, 3),
        };
    }

    /// <summary>How many workouts are sent at once: enough that sending never holds the pipeline back.</summary>
    private const int Senders = 16;

    internal sealed record DaysResult(
        object Throughput,
        object Transactions,
        object Latency,
        object? LargeImport,
        double Seconds, // the workouts at the median day's rate
        double WorkoutsPerSecond,
        double TablePerWorkout,
        double RecomputeSendsPerWorkout,
        double P95ToMetrics,
        long EntitiesStored,
        double EmailMessagesPerAlert
    );

    /// <summary>The athletes of a phase: prefix-000 on.</summary>
    private List<string> AthleteIds(string prefix) =>
        Enumerable.Range(0, s.Athletes).Select(i => $"{prefix}-{i:000}").ToList();

    /// <summary>
    /// Deletes what a phase stored of its athletes in the training table, so that the next phase runs on a table that
    /// holds only its own rows, as the first one did.
    /// </summary>
    /// <remarks>
    /// Azurite answers a query by testing every entity of the table against the filter (LokiJS's where over the
    /// whole collection, in azurite/dist/src/table/persistence/LokiTableMetadataStore.js), so a query's cost there
    /// grows with other partitions' rows; Table Storage reads only the partition's key ranges. Left in place, the
    /// first phase's rows would slow the second phase's queries and not the message floor's, which has none.
    /// </remarks>
    public async Task ClearAsync(string prefix, CancellationToken ct)
    {
        var training = plain.Tables.GetTableClient(TableNames.Training);
        foreach (var id in AthleteIds(prefix))
        {
            var keys = new List<string>();
            await foreach (
                var e in training.QueryAsync<TableEntity>(
                    $"PartitionKey eq '{id}'",
                    select: ["RowKey"],
                    cancellationToken: ct
                )
            )
                keys.Add(e.RowKey);
            foreach (var chunk in keys.Chunk(Transactions.MaxOperations))
                await training.SubmitTransactionAsync(
                    chunk.Select(key => new TableTransactionAction(
                        TableTransactionActionType.Delete,
                        new TableEntity(id, key),
                        Azure.ETag.All
                    )),
                    ct
                );
        }
    }

    /// <summary>
    /// <see cref="PipelineCommand.Settings.Workouts"/> workouts over as many days as each athlete has workouts:
    /// each day the clock moves on, every athlete sends one workout of that day, and the day is timed from its first
    /// send to its last message done. Then the latency samples, and (when given a folder) the large import.
    /// </summary>
    public async Task<DaysResult> DaysAsync(string prefix, bool oneHop, CancellationToken ct, string? folder = null)
    {
        var days = s.Workouts / s.Athletes;
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-days - 1);
        var clock = new BenchClock(At(first.AddDays(-1)));
        // A runtime of its own for each path, stopped when its days are done.
        using var host = LocalRuntime.Build(
            new ConfigurationBuilder()
                .AddConfiguration(configuration)
                .AddInMemoryCollection(
                    new Dictionary<string, string?> { [$"{PipelineOptions.Section}:OneHop"] = oneHop.ToString() }
                )
                .Build(),
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton(counted));
                services.AddKeyedSingleton<TimeProvider>(Clock.Key, clock);
            }
        );
        var services = host.Services;
        var queue = services.GetRequiredService<MessageQueue>();
        var athletes = services.GetRequiredService<AthleteStore>();
        var activity = services.GetRequiredService<PipelineActivity>();
        var ids = AthleteIds(prefix);
        await Parallel.ForEachAsync(ids, ct, async (id, token) => await athletes.UpsertAsync(Profile(id), token));
        await host.StartAsync(ct);

        var daySeconds = new List<double>();
        var processor = ProcessorTime();
        var before = counter.Snapshot();
        var recomputeBefore = activity.ProcessedFrom(QueueNames.Recompute);
        var emailsBefore = activity.ProcessedFrom(QueueNames.Emails);
        for (var d = 0; d < days; d++)
        {
            var day = first.AddDays(d);
            clock.Set(At(day));
            var start = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(
                ids,
                new ParallelOptions { MaxDegreeOfParallelism = Senders, CancellationToken = ct },
                async (id, token) => await queue.SendAsync(QueueNames.Workouts, Figures.Workout(id, day, d), token)
            );
            await activity.WaitForIdleAsync(plain.Queues, TimeSpan.FromMinutes(30), ct);
            daySeconds.Add(Stopwatch.GetElapsedTime(start, activity.LastCompletedTimestamp).TotalSeconds);
        }
        var after = counter.Snapshot();
        var workouts = days * s.Athletes;
        var processorPerWorkout = ProcessorPerWorkout(processor, workouts);
        var seconds = daySeconds.Sum();
        // A day that takes three times the median waited on Azurite's queue garbage collector (README, "The hot
        // path"): the median day is the steady rate.
        var medianDay = Figures.Percentile(daySeconds, 0.5);
        var steady = s.Athletes / medianDay;
        // The bench's own sends are not the pipeline's.
        var tables = after.Tables - before.Tables;
        var queues = after.Queues - before.Queues - workouts;
        var recomputeSends = activity.ProcessedFrom(QueueNames.Recompute) - recomputeBefore;
        long entities = 0;
        var training = plain.Tables.GetTableClient(TableNames.Training);
        foreach (var id in ids)
        await foreach (
            var _ in training.QueryAsync<TableEntity>(
                $"PartitionKey eq '{id}'",
                select: ["RowKey"],
                cancellationToken: ct
            )
        )
            entities++;

        var last = first.AddDays(days - 1);
        var (toMetrics, toEmail) = await LatenciesAsync(services, ids, last, clock, ct);
        // Email messages per alert and recipient: every alert email message handled, against the ledger rows of alert
        // emails (one per alert and recipient). Above 1.0, an alert's email was queued twice.
        var emailMessages = activity.ProcessedFrom(QueueNames.Emails) - emailsBefore;
        long alertLedgerRows = 0;
        foreach (var id in ids)
        await foreach (
            var _ in training.QueryAsync<TableEntity>(
                RowKeys.Range(id, RowKeys.Mail + "alert|", RowKeys.Mail + "alert|" + RowKeys.End),
                select: ["RowKey"],
                cancellationToken: ct
            )
        )
            alertLedgerRows++;
        var perAlert = alertLedgerRows == 0 ? 0 : emailMessages / (double)alertLedgerRows;
        object? import = folder is null ? null : await LargeImportAsync(services, activity, folder, ct);
        await host.StopAsync(ct);

        var perWorkout = (tables + queues) / (double)workouts;
        return new DaysResult(
            new
            {
                athletes = s.Athletes,
                days,
                workouts,
                seconds = Math.Round(seconds, 2),
                workoutsPerSecondAllDays = Math.Round(workouts / seconds, 1),
                medianDaySeconds = Math.Round(medianDay, 3),
                workoutsPerSecond = Math.Round(steady, 1),
                stalledDays = daySeconds.Count(d => d > 3 * medianDay),
                entitiesStored = entities,
                processorMsPerWorkout = processorPerWorkout,
                note = "each day: one workout of today per athlete, timed from the first send to the last message "
                    + "done; workoutsPerSecond is the median day's rate",
            },
            new
            {
                table = Math.Round(tables / (double)workouts, 2),
                queue = Math.Round(queues / (double)workouts, 2),
                recomputeMessages = Math.Round(recomputeSends / (double)workouts, 2),
                total = Math.Round(perWorkout, 2),
                note = "counted on the handlers' clients; the bench's sends and the trigger's receive and delete "
                    + "are not",
                pricePer10k = PipelineCommand.PricePer10kTransactions,
                dollarsPerMillionWorkouts = Math.Round(
                    perWorkout * 1_000_000 / 10_000 * PipelineCommand.PricePer10kTransactions,
                    2
                ),
            },
            new
            {
                enqueueToStoredMetrics = Figures.Percentiles(toMetrics),
                checkinToEmail = Figures.Percentiles(toEmail),
                samples = toMetrics.Count,
                emailMessages,
                alertEmailsLedgered = alertLedgerRows,
                emailMessagesPerAlert = Math.Round(perAlert, 3),
                note = "a second workout of today, then a check-in with saddle numbness, for athletes with history",
            },
            import,
            workouts / steady,
            steady,
            tables / (double)workouts,
            recomputeSends / (double)workouts,
            Figures.Percentile(toMetrics, 0.95),
            entities,
            perAlert
        );
    }

    /// <summary>
    /// One sample at a time on an idle pipeline: a workout of today for an athlete with history until its day's
    /// metrics row is written again, then a check-in with saddle numbness until its emergency email is sent.
    /// </summary>
    private async Task<(List<double> ToMetrics, List<double> ToEmail)> LatenciesAsync(
        IServiceProvider services,
        IReadOnlyList<string> ids,
        DateOnly today,
        BenchClock clock,
        CancellationToken ct
    )
    {
        var queue = services.GetRequiredService<MessageQueue>();
        var training = plain.Tables.GetTableClient(TableNames.Training);
        var toMetrics = new List<double>();
        var toEmail = new List<double>();
        clock.Set(At(today).AddHours(2));
        foreach (var id in ids.Take(s.LatencySamples))
        {
            var etag = (
                await training.GetEntityAsync<TableEntity>(id, RowKeys.MetricsKey(today), cancellationToken: ct)
            )
                .Value
                .ETag;
            var start = Stopwatch.GetTimestamp();
            await queue.SendAsync(QueueNames.Workouts, Figures.Workout(id, today, 1000), ct);
            while (
                (await training.GetEntityAsync<TableEntity>(id, RowKeys.MetricsKey(today), cancellationToken: ct))
                    .Value
                    .ETag == etag
            )
                await Task.Delay(2, ct);
            var stored = Stopwatch.GetElapsedTime(start);
            toMetrics.Add(stored.TotalMilliseconds);
            if (stored > TimeSpan.FromSeconds(2))
                AnsiConsole.MarkupLineInterpolated(
                    $"[yellow]{id}: workout to stored metrics took {stored.TotalSeconds:0.0} s[/]"
                );

            var sent = sink.Messages.Count;
            start = Stopwatch.GetTimestamp();
            await queue.SendAsync(
                QueueNames.Checkins,
                new PainCheckin
                {
                    AthleteId = id,
                    Date = today,
                    Pain = 6,
                    SaddleNumbness = true,
                },
                ct
            );
            while (sink.Messages.Count == sent)
                await Task.Delay(2, ct);
            var elapsed = Stopwatch.GetElapsedTime(start);
            toEmail.Add(elapsed.TotalMilliseconds);
            if (elapsed > TimeSpan.FromSeconds(2))
                AnsiConsole.MarkupLineInterpolated(
                    $"[yellow]{id}: check-in to email took {elapsed.TotalSeconds:0.0} s[/]"
                );
        }
        return (toMetrics, toEmail);
    }

    /// <summary>A large Strong export through the pipeline, with the peak working set of the whole process.</summary>
    private async Task<object> LargeImportAsync(
        IServiceProvider services,
        PipelineActivity activity,
        string folder,
        CancellationToken ct
    )
    {
        var strong = Path.Combine(folder, "strong-large.csv");
        // Six workouts a day ending about today, so that the recompute covers the export's own span.
        LargeExports.Strong(strong, s.StrongRows, DateTime.UtcNow.Date.AddDays(-(s.StrongRows / 25 / 6) - 1));
        await services.GetRequiredService<AthleteStore>().UpsertAsync(Profile("bench-import"), ct);
        using var self = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var upload = await services.GetRequiredService<ExportUploads>().UploadAsync("bench-import", strong, ct);
        await activity.WaitForIdleAsync(plain.Queues, TimeSpan.FromMinutes(30), ct);
        var importSeconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var report = await services.GetRequiredService<IngestionStore>().FindAsync("bench-import", upload.UploadId, ct);
        return new
        {
            rows = s.StrongRows,
            bytes = new FileInfo(strong).Length,
            workouts = report?.Workouts,
            sets = report?.Sets,
            seconds = Math.Round(importSeconds, 2),
            peakWorkingSetMb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
            note = "peak of the whole bench process (runtime, handlers, earlier phases)",
        };
    }

    /// <summary>
    /// The least any pipeline can do per workout message on this Azurite: send it, receive it as the runtime does
    /// (batches of host.json's batch size, a new batch when in-flight falls to the threshold), commit one transaction
    /// of four entities (workout, day, metrics, state) and delete it; as many, day by day, as the pipeline took.
    /// </summary>
    /// <param name="read">
    /// A read to add to each message, given the number of the message's athlete (a variant of the floor), or null.
    /// </param>
    public async Task<(double MedianDaysSeconds, double AllSeconds, object Processor)> MessageFloorAsync(
        CancellationToken ct,
        Func<int, CancellationToken, Task>? read = null
    )
    {
        var options = new QueuesOptions();
        HostJson.BindQueues(configuration, options);
        var queue = plain.Queues.GetQueueClient("bench-floor");
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        var table = plain.Tables.GetTableClient("BenchFloor");
        await table.CreateIfNotExistsAsync(ct);
        var body = Core.Model.Json.Serialize(Figures.Workout("floor-000", DateOnly.FromDateTime(DateTime.UtcNow), 0));
        // Day by day as the pipeline ran, and at the median day's rate, so that both meet Azurite alike.
        var days = s.Workouts / s.Athletes;
        var rounds = new List<double>();
        var processor = ProcessorTime();
        for (var d = 0; d < days; d++)
            rounds.Add(await FloorDayAsync(queue, table, options, body, d * s.Athletes, read, ct));
        return (
            Figures.Percentile(rounds, 0.5) * days,
            rounds.Sum(),
            ProcessorPerWorkout(processor, days * s.Athletes)
        );
    }

    /// <summary>
    /// The message floor again with one read added to each message, of the partition of an athlete of the one-hop
    /// phase (<paramref name="prefix"/>) in the training table as that phase left it: a point read, a query of one
    /// row by its keys, the one-hop path's query (its read when the window is not valid) and its window (its read
    /// of a workout of today). What each costs Azurite beside the floor is what a design that reads that way would
    /// pay there.
    /// </summary>
    public async Task<object> FloorVariantsAsync(string prefix, CancellationToken ct)
    {
        var ids = AthleteIds(prefix);
        var training = plain.Tables.GetTableClient(TableNames.Training);
        var latest = new LatestDayStore(plain);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Wide enough for the one-hop read of any of the phase's athletes (the strength look-back, the pain windows).
        var ranges = new LatestDayRanges(
            today.AddDays(-92),
            today.AddDays(-1),
            today.AddDays(-30),
            today.AddDays(-30),
            today
        );
        var variants = new (string Name, Func<string, CancellationToken, Task> Read)[]
        {
            (
                "pointRead",
                (id, token) =>
                    training.GetEntityIfExistsAsync<TableEntity>(id, RowKeys.RecomputeState, cancellationToken: token)
            ),
            (
                "queryOfOneRowByKeys",
                async (id, token) =>
                {
                    var filter = TableClient.CreateQueryFilter(
                        $"PartitionKey eq {id} and RowKey eq {RowKeys.RecomputeState}"
                    );
                    await foreach (var _ in training.QueryAsync<TableEntity>(filter, cancellationToken: token)) { }
                }
            ),
            ("oneHopQuery", (id, token) => latest.ReadAsync(id, ranges, token)),
            ("oneHopWindow", (id, token) => latest.ReadWindowAsync(id, token)),
        };
        var workouts = (s.Workouts / s.Athletes) * s.Athletes;
        var figures = new Dictionary<string, object>();
        foreach (var (name, read) in variants)
        {
            var (seconds, _, processor) = await MessageFloorAsync(ct, (athlete, token) => read(ids[athlete], token));
            figures[name] = new
            {
                workoutsPerSecond = Math.Round(workouts / seconds, 1),
                processorMsPerWorkout = processor,
            };
        }
        figures["note"] =
            "the message floor with one read of a one-hop athlete added to each message; the training "
            + "table holds the one-hop phase's rows (Azurite tests each of them against a query's filter)";
        return figures;
    }

    private async Task<double> FloorDayAsync(
        Azure.Storage.Queues.QueueClient queue,
        TableClient table,
        QueuesOptions options,
        string body,
        int first,
        Func<int, CancellationToken, Task>? read,
        CancellationToken ct
    )
    {
        var clock = Stopwatch.StartNew();
        var sending = Parallel.ForEachAsync(
            Enumerable.Range(first, s.Athletes),
            new ParallelOptions { MaxDegreeOfParallelism = Senders, CancellationToken = ct },
            async (i, token) => await queue.SendMessageAsync($"{i:000000}|{body}", token)
        );
        var done = 0;
        var inFlight = new List<Task>();
        while (Volatile.Read(ref done) < s.Athletes)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count > options.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }
            var batch = (await queue.ReceiveMessagesAsync(options.BatchSize, cancellationToken: ct)).Value;
            if (batch.Length == 0)
            {
                await Task.Delay(10, ct);
                continue;
            }
            foreach (var message in batch)
                inFlight.Add(
                    Task.Run(
                        async () =>
                        {
                            var number = message.MessageText[..6];
                            var partition = $"floor-{number}";
                            if (read is not null)
                                await read(int.Parse(number) % s.Athletes, ct);
                            await table.SubmitTransactionAsync(
                                FloorKeys.Select(key => new TableTransactionAction(
                                    TableTransactionActionType.UpsertReplace,
                                    new TableEntity(partition, key)
                                    {
                                        ["Json"] = message.MessageText[..Math.Min(30_000, message.MessageText.Length)],
                                    }
                                )),
                                ct
                            );
                            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                            Interlocked.Increment(ref done);
                        },
                        ct
                    )
                );
        }
        await Task.WhenAll(inFlight);
        await sending;
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>As many entities as the pipeline stored, straight into a table in 100-entity transactions.</summary>
    public async Task<double> BatchCeilingAsync(long entities, CancellationToken ct)
    {
        var table = plain.Tables.GetTableClient("BenchCeiling");
        await table.CreateIfNotExistsAsync(ct);
        var perPartition = entities / s.Athletes;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, s.Athletes),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (p, token) =>
            {
                for (var start = 0L; start < perPartition; start += 100)
                    await table.SubmitTransactionAsync(
                        Enumerable
                            .Range(0, (int)Math.Min(100, perPartition - start))
                            .Select(i => new TableTransactionAction(
                                TableTransactionActionType.UpsertReplace,
                                new TableEntity($"ceiling-{p:000}", $"row|{start + i:0000000}")
                                {
                                    ["Load"] = 1.0,
                                    ["Json"] = new string('x', 200),
                                }
                            )),
                        token
                    );
            }
        );
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The Monday fan-out for <paramref name="count"/> generated athletes in twelve time zones, each coach with
    /// <paramref name="perCoach"/> of them: the weekly timer's run (one email message per athlete and per coach),
    /// then the digests of a sample of coaches (each reads its coach's index partition, not every athlete).
    /// </summary>
    public async Task<object> FanOutAsync(int count, int perCoach, CancellationToken ct)
    {
        string[] zones =
        [
            "Pacific/Auckland",
            "Australia/Sydney",
            "Asia/Tokyo",
            "Asia/Kolkata",
            "Asia/Dubai",
            "Europe/Berlin",
            "Europe/London",
            "UTC",
            "America/Sao_Paulo",
            "America/New_York",
            "America/Chicago",
            "America/Los_Angeles",
        ];
        // Monday 20:00 UTC: every zone has reached Monday 07:00 (Auckland's Tuesday included).
        var monday = IsoWeek.Of(DateOnly.FromDateTime(DateTime.UtcNow)).Monday;
        var clock = new BenchClock(new DateTimeOffset(monday.ToDateTime(new TimeOnly(20, 0)), TimeSpan.Zero));
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(counted)
            .AddBackSignalCore(configuration)
            .AddKeyedSingleton<TimeProvider>(Clock.Key, clock)
            .BuildServiceProvider();
        var athletes = provider.GetRequiredService<AthleteStore>();
        var setup = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) =>
                await athletes.UpsertAsync(
                    Profile($"fan-{i:00000}") with
                    {
                        TimeZone = zones[i % zones.Length],
                        CoachEmail = $"coach-{i / perCoach:0000}@example.com",
                    },
                    token
                )
        );
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var before = counter.Snapshot();
        var run = Stopwatch.StartNew();
        var queued = await provider.GetRequiredService<WeeklyFanOut>().RunAsync(ct);
        var runSeconds = run.Elapsed.TotalSeconds;
        var afterRun = counter.Snapshot();

        var sample = Math.Min(200, count / perCoach);
        var reports = provider.GetRequiredService<WeeklyReports>();
        var week = WeeklyFanOut.Due(TimeZoneInfo.Utc, clock.GetUtcNow());
        run.Restart();
        for (var c = 0; c < sample; c++)
            await reports.DigestAsync(CoachRefs.Of($"coach-{c:0000}@example.com"), week, ct);
        var digestSeconds = run.Elapsed.TotalSeconds;
        var afterDigests = counter.Snapshot();

        // The next hour's run: everybody's week is queued already, so nobody is due.
        clock.Set(clock.GetUtcNow().AddHours(1));
        run.Restart();
        var queuedAgain = await provider.GetRequiredService<WeeklyFanOut>().RunAsync(ct);
        var idleSeconds = run.Elapsed.TotalSeconds;
        var afterIdle = counter.Snapshot();
        await plain.Queues.GetQueueClient(QueueNames.Emails).ClearMessagesAsync(ct);

        var athletesListed = (await athletes.ListAsync(ct)).Count;
        return new
        {
            athletes = count,
            athletesListed,
            coaches = (count + perCoach - 1) / perCoach,
            zones = zones.Length,
            setupSeconds = Math.Round(setupSeconds, 1),
            timer = new
            {
                emailsQueued = queued,
                seconds = Math.Round(runSeconds, 2),
                tableTransactions = afterRun.Tables - before.Tables,
                queueTransactions = afterRun.Queues - before.Queues,
                transactionsPerAthlete = Math.Round(
                    (afterRun.Tables + afterRun.Queues - before.Tables - before.Queues) / (double)athletesListed,
                    2
                ),
            },
            nobodyDue = new
            {
                emailsQueued = queuedAgain,
                seconds = Math.Round(idleSeconds, 2),
                tableTransactions = afterIdle.Tables - afterDigests.Tables,
                queueTransactions = afterIdle.Queues - afterDigests.Queues,
                transactionsPerAthlete = Math.Round(
                    (afterIdle.Tables + afterIdle.Queues - afterDigests.Tables - afterDigests.Queues)
                        / (double)athletesListed,
                    4
                ),
                target = "<= 0.01",
            },
            digests = new
            {
                coaches = sample,
                seconds = Math.Round(digestSeconds, 2),
                tableTransactionsPerCoach = Math.Round((afterDigests.Tables - afterRun.Tables) / (double)sample, 1),
                tableTransactionsPerAthlete = Math.Round(
                    (afterDigests.Tables - afterRun.Tables) / (double)(sample * perCoach),
                    2
                ),
            },
            note = "the Monday run counted whole (the profile scan, the marks, one message per athlete and coach, "
                + "the marks written a hundred a transaction); the next hour's run with nobody due; digests composed "
                + "for a sample of coaches without sending",
        };
    }

    private static readonly string[] FloorKeys = ["workout|x", "day|x", "metrics|x", "recompute|~state"];

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(20, 0)), TimeSpan.Zero);

    private static AthleteProfile Profile(string id) =>
        new()
        {
            AthleteId = id,
            Email = $"{id}@example.com",
            TimeZone = "UTC",
        };
}
