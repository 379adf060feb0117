using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal bench pipeline`: the whole pipeline (local runtime, Azurite, SendGrid sink) under load — throughput
/// against the storage ceiling measured in the same run, storage transactions per workout counted by a pipeline
/// policy, latencies from enqueue to stored metrics and from a check-in to its email, and a large Strong import.
/// </summary>
public sealed class BenchPipelineCommand : AsyncCommand<BenchPipelineCommand.Settings>
{
    /// <summary>
    /// List price used for the cost estimate: Azure Table and Queue storage transactions, LRS, per 10,000.
    /// </summary>
    public const double PricePer10kTransactions = 0.00036;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--athletes <M>")]
        [Description("Default: 200")]
        public int Athletes { get; init; } = 200;

        [CommandOption("--workouts <N>")]
        [Description("Default: 2000")]
        public int Workouts { get; init; } = 2000;

        [CommandOption("--latency-samples <K>")]
        [Description("Default: 40")]
        public int LatencySamples { get; init; } = 40;

        [CommandOption("--strong-rows <R>")]
        [Description("Rows of the large Strong import. Default: 100000")]
        public int StrongRows { get; init; } = 100_000;

        [CommandOption("--out <FILE>")]
        [Description("Default: bench-pipeline.json")]
        public string Out { get; init; } = "bench-pipeline.json";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("backsignal-bench-").FullName;
        await using var azurite = await Azurite.StartAsync();
        await using var sink = await SendGridSink.StartAsync(Path.Combine(folder, "outbox"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    [StorageClients.SettingName] = azurite.ConnectionString,
                    ["SendGrid:ApiKey"] = LocalEnvironment.SinkApiKey,
                    ["SendGrid:Host"] = sink.BaseAddress.ToString().TrimEnd('/'),
                    [Core.Weekly.WeeklySchedule.Setting] = "0 0 0 1 1 *",
                    ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.100",
                }
            )
            .Build();
        var counter = new StorageCounter();
        var counted = StorageClients.FromConnectionString(azurite.ConnectionString, counter);
        using var host = LocalRuntime.Build(
            configuration,
            services => services.Replace(ServiceDescriptor.Singleton(counted))
        );
        var services = host.Services;
        await StorageInitializer.EnsureCreatedAsync(counted, ct);
        var queue = services.GetRequiredService<MessageQueue>();
        var athletes = services.GetRequiredService<AthleteStore>();
        var activity = services.GetRequiredService<PipelineActivity>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var figures = new Dictionary<string, object>
        {
            ["machine"] = new { Environment.ProcessorCount, runtime = Environment.Version.ToString() },
            ["at"] = DateTimeOffset.UtcNow,
        };

        // 1 + 2: throughput and transactions per workout.
        var ids = Enumerable.Range(0, s.Athletes).Select(i => $"bench-{i:000}").ToList();
        foreach (var id in ids)
            await athletes.UpsertAsync(
                new AthleteProfile
                {
                    AthleteId = id,
                    Email = $"{id}@example.com",
                    TimeZone = "UTC",
                },
                ct
            );
        var perAthlete = s.Workouts / s.Athletes;
        for (var i = 0; i < perAthlete; i++)
            foreach (var id in ids)
                await queue.SendAsync(QueueNames.Workouts, Workout(id, today.AddDays(-(perAthlete - i) * 2), i), ct);
        var before = counter.Snapshot();
        var clock = Stopwatch.StartNew();
        await host.StartAsync(ct);
        await activity.WaitForIdleAsync(counted.Queues, TimeSpan.FromMinutes(30), ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var after = counter.Snapshot();
        var workouts = perAthlete * s.Athletes;
        var training = counted.Tables.GetTableClient(TableNames.Training);
        long entities = 0;
        foreach (var id in ids)
        await foreach (
            var _ in training.QueryAsync<TableEntity>(
                $"PartitionKey eq '{id}'",
                select: ["RowKey"],
                cancellationToken: ct
            )
        )
            entities++;

        // The ceiling: as many entities, straight into a table in 100-entity transactions, one partition per athlete.
        var ceilingTable = counted.Tables.GetTableClient("BenchCeiling");
        await ceilingTable.CreateIfNotExistsAsync(ct);
        var perPartition = entities / s.Athletes;
        clock.Restart();
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (id, token) =>
            {
                for (var start = 0L; start < perPartition; start += 100)
                {
                    var batch = Enumerable
                        .Range(0, (int)Math.Min(100, perPartition - start))
                        .Select(i => new TableTransactionAction(
                            TableTransactionActionType.UpsertReplace,
                            new TableEntity(id, $"row|{start + i:0000000}")
                            {
                                ["Load"] = 1.0,
                                ["Json"] = new string('x', 200),
                            }
                        ));
                    await ceilingTable.SubmitTransactionAsync(batch, token);
                }
            }
        );
        var ceilingSeconds = clock.Elapsed.TotalSeconds;
        var tables = after.Tables - before.Tables;
        var queues = after.Queues - before.Queues;
        var blobs = after.Blobs - before.Blobs;
        figures["throughput"] = new
        {
            athletes = s.Athletes,
            workouts,
            seconds = Math.Round(seconds, 2),
            workoutsPerSecond = Math.Round(workouts / seconds, 1),
            entitiesStored = entities,
            ceilingSeconds = Math.Round(ceilingSeconds, 2),
            ceilingEntitiesPerSecond = Math.Round(entities / ceilingSeconds),
            ceilingWorkoutsPerSecond = Math.Round(workouts / ceilingSeconds, 1),
            ratioToCeiling = Math.Round(ceilingSeconds / seconds, 3),
        };
        var perWorkout = (tables + queues + blobs) / (double)workouts;
        figures["transactionsPerWorkout"] = new
        {
            table = Math.Round(tables / (double)workouts, 2),
            queue = Math.Round(queues / (double)workouts, 2),
            blob = Math.Round(blobs / (double)workouts, 2),
            total = Math.Round(perWorkout, 2),
            note = "counted on the handlers' clients; the trigger's own polling is not included",
            pricePer10k = PricePer10kTransactions,
            dollarsPerMillionWorkouts = Math.Round(perWorkout * 1_000_000 / 10_000 * PricePer10kTransactions, 2),
        };

        // 3: latencies, one fresh athlete per sample so that each is a workout (or check-in) of today.
        var toMetrics = new List<double>();
        var toEmail = new List<double>();
        for (var i = 0; i < s.LatencySamples; i++)
        {
            var id = $"latency-{i:000}";
            await athletes.UpsertAsync(
                new AthleteProfile
                {
                    AthleteId = id,
                    Email = $"{id}@example.com",
                    TimeZone = "UTC",
                },
                ct
            );
            clock.Restart();
            await queue.SendAsync(QueueNames.Workouts, Workout(id, today, i), ct);
            while (
                (await services.GetRequiredService<TrainingStore>().GetMetricsAsync(id, today, today, ct)).Count == 0
            )
                await Task.Delay(5, ct);
            toMetrics.Add(clock.Elapsed.TotalMilliseconds);

            var sent = sink.Messages.Count;
            clock.Restart();
            await queue.SendAsync(
                QueueNames.Checkins,
                new PainCheckin
                {
                    AthleteId = id,
                    Date = today,
                    Pain = 6,
                    Numbness = Numbness.Saddle,
                },
                ct
            );
            while (sink.Messages.Count == sent)
                await Task.Delay(5, ct);
            toEmail.Add(clock.Elapsed.TotalMilliseconds);
            if (clock.Elapsed > TimeSpan.FromSeconds(2))
                AnsiConsole.MarkupLineInterpolated(
                    $"[yellow]sample {i}: check-in to email took {clock.Elapsed.TotalSeconds:0.0} s[/]"
                );
        }
        figures["latencyMs"] = new
        {
            enqueueToStoredMetrics = Percentiles(toMetrics),
            checkinToEmail = Percentiles(toEmail),
            samples = s.LatencySamples,
        };

        // 4: a large Strong export through the pipeline.
        var strong = Path.Combine(folder, "strong-large.csv");
        // Six workouts a day ending about today, so that the recompute covers the export's own span.
        BenchImportCommand.GenerateStrong(
            strong,
            s.StrongRows,
            DateTime.UtcNow.Date.AddDays(-(s.StrongRows / 25 / 6) - 1)
        );
        await athletes.UpsertAsync(
            new AthleteProfile
            {
                AthleteId = "bench-import",
                Email = "import@example.com",
                TimeZone = "UTC",
            },
            ct
        );
        using var self = Process.GetCurrentProcess();
        clock.Restart();
        var upload = await services.GetRequiredService<ExportUploads>().UploadAsync("bench-import", strong, ct);
        await activity.WaitForIdleAsync(counted.Queues, TimeSpan.FromMinutes(30), ct);
        var importSeconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var report = await services.GetRequiredService<IngestionStore>().FindAsync("bench-import", upload.UploadId, ct);
        figures["largeImport"] = new
        {
            rows = s.StrongRows,
            bytes = new FileInfo(strong).Length,
            workouts = report?.Workouts,
            sets = report?.Sets,
            seconds = Math.Round(importSeconds, 2),
            peakWorkingSetMb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
            note = "peak of the whole bench process (runtime, handlers, earlier phases)",
        };

        await host.StopAsync(ct);
        var json = JsonSerializer.Serialize(
            figures,
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }
        );
        await File.WriteAllTextAsync(s.Out, json, ct);
        AnsiConsole.WriteLine(json);
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static WorkoutSummary Workout(string athleteId, DateOnly day, int i) =>
        new()
        {
            AthleteId = athleteId,
            Source = "bench",
            Start = new DateTimeOffset(day.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero),
            DurationMin = 50 + i % 30,
            SessionRpe = 6,
            Title = $"Bench {i}",
            Sets =
            [
                .. Enumerable
                    .Range(1, 12)
                    .Select(n => new WorkoutSet
                    {
                        Exercise = n % 2 == 0 ? "Deadlift (Barbell)" : "Squat (Barbell)",
                        SetIndex = n,
                        WeightKg = 80 + n,
                        Reps = 5,
                    }),
            ],
        };

    private static object Percentiles(List<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return new
        {
            p50 = Math.Round(At(0.50), 1),
            p95 = Math.Round(At(0.95), 1),
            p99 = Math.Round(At(0.99), 1),
            max = Math.Round(sorted[^1], 1),
        };
    }
}
