using System.IO.Compression;
using System.Text;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Faults;

/// <summary>Bad messages: each is rejected with its reason, the process goes on, nothing stored is lost.</summary>
[Collection(StorageCollection.Name)]
public class BadMessageTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("{ not json", "Invalid JSON")]
    [InlineData(
        """{"v":2,"athleteId":"bad-ada","start":"2026-11-19T18:00:00+01:00","durationMin":60}""",
        "v: version 2 is not supported"
    )]
    [InlineData(
        """{"v":1,"athleteId":"nobody-here","start":"2026-11-19T18:00:00+01:00","durationMin":60}""",
        "Unknown athlete 'nobody-here'"
    )]
    [InlineData(
        """{"v":1,"athleteId":"bad-ada","start":"1900-01-01T18:00:00+01:00","durationMin":60}""",
        "start: 1900-01-01"
    )]
    [InlineData(
        """{"v":1,"athleteId":"bad-ada","start":"2999-01-01T18:00:00+01:00","durationMin":60}""",
        "start: 2999-01-01"
    )]
    public async Task A_bad_workout_message_is_recorded_with_its_reason_and_stored_data_survives(
        string body,
        string reason
    )
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("bad-ada", coach: null);
        await harness.AddAthleteAsync(athlete);
        await harness.QueueWorkoutsAsync([Scenarios.Workout(athlete, new DateOnly(2026, 11, 18), 60, 6)]);
        await harness.DrainAsync();

        await harness.Queue.SendTextAsync(QueueNames.Workouts, body, default);
        await harness.DrainAsync();

        var rejection = Assert.Single(
            await harness.Services.GetRequiredService<RejectionStore>().ListAsync(QueueNames.Workouts, default),
            r => r.Body == body
        );
        Assert.Contains(reason, rejection.Reason);
        Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
        Assert.Equal(
            0,
            (await harness.Storage.Queues.GetQueueClient(QueueNames.Poison(QueueNames.Workouts)).GetPropertiesAsync())
                .Value
                .ApproximateMessagesCount
        );
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_before_and_after_the_queue()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("bad-big", coach: null);
        await harness.AddAthleteAsync(athlete);
        var small = ImportLimits.Default with { MaxFileBytes = 10_000 };

        var e = await Assert.ThrowsAsync<ImportException>(() =>
            harness
                .Services.GetRequiredService<ExportUploads>()
                .UploadAsync(athlete.AthleteId, Fixtures.StrongYear, default, small)
        );
        Assert.Contains("upload limit", e.Message);

        // A blob that got there some other way is refused by the handler, recorded as a failed ingestion.
        var upload = await harness
            .Services.GetRequiredService<ExportUploads>()
            .UploadAsync(athlete.AthleteId, Fixtures.StrongYear, default);
        await harness.Storage.Queues.GetQueueClient(QueueNames.Exports).ClearMessagesAsync();
        var limited = new ExportIngestion(
            harness.Services.GetRequiredService<AthleteStore>(),
            harness.Services.GetRequiredService<TrainingStore>(),
            harness.Services.GetRequiredService<IngestionStore>(),
            harness.Storage,
            harness.Queue,
            harness.Services.GetRequiredService<Core.Pipeline.ErasureGuard>(),
            small,
            new Core.Configuration.TrainingClock(harness.Clock),
            harness.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ExportIngestion>>()
        );
        await Assert.ThrowsAsync<PermanentMessageException>(() =>
            limited.HandleAsync(Core.Model.Json.Serialize(upload), default)
        );
        var report = await harness
            .Services.GetRequiredService<IngestionStore>()
            .FindAsync(athlete.AthleteId, upload.UploadId, default);
        Assert.Equal(IngestionReport.Failed, report!.Status);
        Assert.Contains("upload limit", report.Error);
        Assert.Empty(await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
    }
}

/// <summary>
/// Bad files: clear errors, no crash, no memory eaten; random bytes and mutated samples never escape the reader's own
/// error type.
/// </summary>
public sealed class BadFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ImportContext Context(string name) =>
        new()
        {
            FileName = name,
            AthleteId = "ana",
            Now = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero),
        };

    [Fact]
    public void A_csv_cut_inside_a_quoted_field_keeps_the_rows_before()
    {
        var text = File.ReadAllText(Fixtures.StrongSmall);
        var cut = text[..(text.IndexOf("\"Squat", text.Length / 2, StringComparison.Ordinal) + 4)];

        var result = ExportReader.ReadFile(_temp.File("cut.csv", cut), Context("cut.csv"));

        Assert.Equal(cut.Count(c => c == '\n') - 1, result.Sets);
        var row = Assert.Single(result.Rejected);
        Assert.Equal(cut.Count(c => c == '\n') + 1, row.Line);
    }

    [Fact]
    public void An_external_entity_is_never_resolved()
    {
        var secret = _temp.File("secret.txt", "TOP-SECRET");
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE HealthData [<!ENTITY xxe SYSTEM "{new Uri(secret).AbsoluteUri}">]>
            <HealthData locale="en_US">
             <Workout workoutActivityType="HKWorkoutActivityTypeRunning&xxe;" duration="10" durationUnit="min"
               startDate="2024-01-01 10:00:00 +0000" endDate="2024-01-01 10:10:00 +0000"/>
            </HealthData>
            """;

        var result = ExportReader.ReadFile(_temp.File("export.xml", xml), Context("export.xml"));

        Assert.DoesNotContain(result.Workouts, w => (w.Title ?? "").Contains("TOP-SECRET"));
        Assert.Contains(result.Rejected, r => r.Reason.Contains("xxe"));
    }

    [Fact]
    public void A_zip_with_dot_dot_paths_writes_nothing_outside_and_still_reads_what_it_can()
    {
        var outside = Path.Combine(Path.GetDirectoryName(_temp.Root)!, "evil.csv");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry("../../evil.csv").Open())
                entry.Write(File.ReadAllBytes(Fixtures.StrongSmall));
        }

        var result = ExportReader.ReadFile(_temp.File("export.zip", buffer.ToArray()), Context("export.zip"));

        Assert.False(File.Exists(outside));
        Assert.Equal(4, result.Workouts.Count); // read as a stream, never unpacked to disk
        Assert.Empty(result.Rejected);
    }

    private static readonly byte[][] SampleBytes =
    [
        File.ReadAllBytes(Fixtures.Strong12Hour),
        File.ReadAllBytes(Fixtures.StrongCurrent),
        File.ReadAllBytes(Fixtures.HevySmall),
        File.ReadAllBytes(Fixtures.Garmin),
        File.ReadAllBytes(Fixtures.Strava),
        File.ReadAllBytes(Fixtures.AppleHealth),
        FitSample(),
    ];

    private static byte[] FitSample() =>
        DevHost.FitWriter.Strength(new DateTimeOffset(2026, 11, 18, 17, 0, 0, TimeSpan.Zero)).ToArray();

    /// <summary>Only <see cref="ImportException"/> may escape a reader, and it must finish in time.</summary>
    private static bool ReadsSafely(byte[] bytes)
    {
        var task = Task.Run(() =>
        {
            try
            {
                ExportReader.Read(new MemoryStream(bytes), Context("fuzz.bin"));
            }
            catch (ImportException) { }
        });
        return task.Wait(TimeSpan.FromSeconds(10)) && task.IsCompletedSuccessfully;
    }

    [Property(MaxTest = 300)]
    public Property Random_bytes_never_escape_the_readers_error_type() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => ReadsSafely(bytes));

    [Property(MaxTest = 300)]
    public Property Mutated_samples_never_escape_the_readers_error_type() =>
        Prop.ForAll(
            Gen.Choose(0, SampleBytes.Length - 1)
                .Zip(Gen.Choose(0, int.MaxValue))
                .Zip(Gen.Choose(1, 20).Zip(Gen.Choose(0, 2)))
                .ToArbitrary(),
            input =>
            {
                var ((sample, seed), (count, kind)) = input;
                var random = new Random(seed);
                var bytes = SampleBytes[sample].ToList();
                for (var i = 0; i < count && bytes.Count > 0; i++)
                {
                    var at = random.Next(bytes.Count);
                    switch (kind)
                    {
                        case 0:
                            bytes[at] = (byte)random.Next(256);
                            break; // flip
                        case 1:
                            bytes.RemoveRange(at, bytes.Count - at);
                            break; // truncate
                        default:
                            bytes.Insert(at, (byte)random.Next(256));
                            break; // insert
                    }
                }
                return ReadsSafely([.. bytes]);
            }
        );
}
