using Azure.Data.Tables;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Pipeline;

/// <summary>
/// Exports uploaded to blob `exports` and queued on `exports`, through the real handlers against Azurite.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ExportIngestionTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_strong_export_through_the_local_runtime_stores_every_workout_its_report_and_the_metrics()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("import-ana", coach: null);
        await harness.AddAthleteAsync(athlete);

        var upload = await harness
            .Services.GetRequiredService<ExportUploads>()
            .UploadAsync(athlete.AthleteId, Fixtures.StrongYear, default);
        using (var host = harness.StartRuntime())
        {
            await host
                .Services.GetRequiredService<PipelineActivity>()
                .WaitForIdleAsync(harness.Storage.Queues, TimeSpan.FromMinutes(2));
            await host.StopAsync();
        }

        var workouts = await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout);
        var year = Fixtures.StrongYearContents;
        Assert.Equal(year.Workouts, workouts.Count);
        var report = await harness
            .Services.GetRequiredService<IngestionStore>()
            .FindAsync(athlete.AthleteId, upload.UploadId, default);
        Assert.NotNull(report);
        Assert.Equal(
            (IngestionReport.Done, year.Workouts, year.Sets, 0),
            (report.Status, report.Workouts, report.Sets, report.RejectedCount)
        );
        Assert.Equal(["Strong"], report.Formats);
        Assert.Equal(year.FirstDay, report.FirstDay);
        // One recompute from the earliest day: every day from the first workout to today has its metrics.
        var days = Today.DayNumber - report.FirstDay!.Value.DayNumber + 1;
        Assert.Equal(days, (await harness.RowsAsync(athlete.AthleteId, RowKeys.Metrics)).Count);
        var first = Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.DayKey(year.FirstDay)));
        var firstWorkout = (await ExportReaderFor(Fixtures.StrongYear)).Workouts[0];
        Assert.Equal(
            firstWorkout.Sets.Where(s => s.Kind != SetKind.Warmup).Sum(s => (s.WeightKg ?? 0) * (s.Reps ?? 0)),
            first.GetDouble("VolumeLoadKg")!.Value,
            6
        );
        // A backfilled year raises alerts that are stored but not emailed.
        Assert.Empty(harness.Sink.Messages);
    }

    [Fact]
    public async Task The_same_file_twice_and_an_overlapping_export_create_no_duplicates()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("import-ben", coach: null);
        await harness.AddAthleteAsync(athlete);
        var uploads = harness.Services.GetRequiredService<ExportUploads>();
        var lines = File.ReadAllLines(Fixtures.StrongYear);
        var firstHalf = _temp.File("first-half.csv", string.Join('\n', lines.Take(1000)) + "\n");

        await uploads.UploadAsync(athlete.AthleteId, firstHalf, default);
        await uploads.UploadAsync(athlete.AthleteId, Fixtures.StrongYear, default);
        await uploads.UploadAsync(athlete.AthleteId, Fixtures.StrongYear, default);
        await harness.DrainAsync();

        Assert.Equal(
            Fixtures.StrongYearContents.Workouts,
            (await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout)).Count
        );
        var reports = await harness.Services.GetRequiredService<IngestionStore>().ListAsync(athlete.AthleteId, default);
        Assert.Equal(2, reports.Count); // the same content is the same upload
    }

    [Fact]
    public async Task Copies_of_one_message_processed_at_once_leave_the_rows_one_copy_leaves()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("import-cem", coach: null);
        await harness.AddAthleteAsync(athlete);
        var upload = await harness
            .Services.GetRequiredService<ExportUploads>()
            .UploadAsync(athlete.AthleteId, Fixtures.Hevy, default);
        await harness.Storage.Queues.GetQueueClient(QueueNames.Exports).ClearMessagesAsync();

        var body = Core.Model.Json.Serialize(upload);
        await Task.WhenAll(
            Enumerable
                .Range(0, 4)
                .Select(_ => Task.Run(() => harness.Dispatcher.ProcessAsync<ExportIngestion>(body, default)))
        );
        await harness.DrainAsync();

        Assert.Equal(
            Fixtures.HevyContents.Workouts,
            (await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout)).Count
        );
        var report = await harness
            .Services.GetRequiredService<IngestionStore>()
            .FindAsync(athlete.AthleteId, upload.UploadId, default);
        Assert.Equal(Fixtures.HevyContents.Sets, report!.Sets);
        Assert.Equal(0, report.RejectedCount);
    }

    [Fact]
    public async Task A_file_that_is_no_export_is_recorded_as_failed_with_its_reason_and_rejected()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("import-dan", coach: null);
        await harness.AddAthleteAsync(athlete);
        var garbage = new byte[10_000];
        new Random(3).NextBytes(garbage);
        var upload = await harness
            .Services.GetRequiredService<ExportUploads>()
            .UploadAsync(athlete.AthleteId, _temp.File("photo.csv", garbage), default);

        await harness.DrainAsync();

        var report = await harness
            .Services.GetRequiredService<IngestionStore>()
            .FindAsync(athlete.AthleteId, upload.UploadId, default);
        Assert.Equal(IngestionReport.Failed, report!.Status);
        Assert.Contains("binary", report.Error);
        var rejection = Assert.Single(
            await harness.Services.GetRequiredService<RejectionStore>().ListAsync(QueueNames.Exports, default),
            r => r.Reason.Contains(upload.UploadId)
        );
        Assert.Contains("binary", rejection.Reason);
        Assert.Equal(
            0,
            (await harness.Storage.Queues.GetQueueClient(QueueNames.Poison(QueueNames.Exports)).GetPropertiesAsync())
                .Value
                .ApproximateMessagesCount
        );
    }

    [Fact]
    public async Task A_message_pointing_at_another_athletes_upload_is_rejected()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("import-eve", coach: null);
        await harness.AddAthleteAsync(athlete);
        var theirs = await harness
            .Services.GetRequiredService<ExportUploads>()
            .UploadAsync(athlete.AthleteId, Fixtures.StrongSmall, default);
        await harness.Storage.Queues.GetQueueClient(QueueNames.Exports).ClearMessagesAsync();
        await harness.AddAthleteAsync(Scenarios.Athlete("import-mallory", coach: null));

        await harness.Queue.SendAsync(QueueNames.Exports, theirs with { AthleteId = "import-mallory" }, default);
        await harness.DrainAsync();

        Assert.Empty(await harness.RowsAsync("import-mallory", RowKeys.Workout));
        Assert.Contains(
            await harness.Services.GetRequiredService<RejectionStore>().ListAsync(QueueNames.Exports, default),
            r => r.Reason.Contains("not an upload of the message's athlete")
        );
    }

    private static Task<Core.Import.ImportResult> ExportReaderFor(string path) =>
        Task.FromResult(
            Core.Import.ExportReader.ReadFile(
                path,
                new Core.Import.ImportContext
                {
                    FileName = Path.GetFileName(path),
                    AthleteId = "x",
                    TimeZone = Core.Model.TimeZones.Resolve("Europe/Berlin"),
                }
            )
        );

    private static readonly DateOnly Today = new(2026, 11, 20);
}
