using System.IO.Compression;
using Azure.Data.Tables;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Pipeline;

/// <summary>An athlete's data rights (DESIGN §10): a copy of everything on request, and erasure everywhere.</summary>
[Collection(StorageCollection.Name)]
public class AthleteDataTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    private (int Exit, string Out) Run(params string[] args)
    {
        var (exit, stdout, stderr) = Backsignal.Run(new Dictionary<string, string> { [StorageClients.SettingName] = azurite.ConnectionString }, args);
        return (exit, System.Text.RegularExpressions.Regex.Replace(stdout + stderr, @"\s+", " "));
    }

    [Fact]
    public async Task A_full_history_is_exported_then_erased_from_every_table_and_container_and_nothing_else_is()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var ana = Scenarios.Athlete("rights-ana", coach: "coach@example.com", share: true);
        var bea = Scenarios.Athlete("rights-bea", coach: null);
        await harness.AddAthleteAsync(ana);
        await harness.AddAthleteAsync(bea);
        // An upload, a spike of workouts, a doctor alert with its emails, a rejected check-in and a claim-checked message.
        await harness.Services.GetRequiredService<ExportUploads>().UploadAsync(ana.AthleteId, Fixtures.StrongSmall, default);
        await harness.SeedSpikeAsync(ana.AthleteId, Today, coach: "coach@example.com");
        await harness.Queue.SendAsync(QueueNames.Checkins, new PainCheckin { AthleteId = ana.AthleteId, Date = Today, Pain = 5, Numbness = Numbness.Saddle, Note = "private" }, default);
        await harness.Queue.SendTextAsync(QueueNames.Checkins, """{"v":1,"athleteId":"rights-ana","date":"2026-11-20","pain":11}""", default);
        var big = Scenarios.Workout(ana, Today.AddDays(-1), 60, 6, "Big") with
        {
            Sets = Enumerable.Range(1, 600).Select(i => new WorkoutSet { Exercise = "Bench Press (Barbell)", SetIndex = i, WeightKg = 50, Reps = 5 }).ToList(),
        };
        await harness.Queue.SendAsync(QueueNames.Workouts, big, default);
        await harness.QueueWorkoutsAsync([Scenarios.Workout(bea, Today, 60, 6)]);
        await harness.DrainAllAsync();
        Assert.NotEmpty(harness.Sink.Messages);

        using var temp = new TempFolder();
        var zipPath = temp.PathOf("ana.zip");
        var (exported, exportOutput) = Run("athlete", "export", ana.AthleteId, "--out", zipPath);
        Assert.Equal(0, exported);
        Assert.Contains("Wrote", exportOutput);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("tables/Athletes.json", names);
            Assert.Contains("tables/Training.json", names);
            Assert.Contains(names, n => n.StartsWith("blobs/exports/rights-ana/", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("blobs/claims/", StringComparison.Ordinal));
            var training = new StreamReader(zip.GetEntry("tables/Training.json")!.Open()).ReadToEnd();
            Assert.Contains("checkin|", training);
            Assert.Contains("alert|", training);
            Assert.Contains("mail|", training);
            Assert.DoesNotContain("rights-bea", training);
            var rejections = new StreamReader(zip.GetEntry("tables/Rejections.json")!.Open()).ReadToEnd();
            Assert.Contains("rights-ana", rejections);
        }

        var (refused, refusal) = Run("athlete", "delete", ana.AthleteId);
        Assert.Equal(2, refused);
        Assert.Contains("Add --yes", refusal);

        var (deleted, deletion) = Run("athlete", "delete", ana.AthleteId, "--yes");
        Assert.Equal(0, deleted);
        Assert.Contains("Erased 'rights-ana'", deletion);
        Assert.Empty(await MentionsAsync(harness, ana.AthleteId));
        Assert.NotEmpty(await MentionsAsync(harness, bea.AthleteId)); // the other athlete keeps everything

        var (again, second) = Run("athlete", "delete", ana.AthleteId, "--yes");
        Assert.Equal(0, again);
        Assert.Contains("Nothing is stored about 'rights-ana'", second);
    }

    /// <summary>Every row of every table and every blob of every container that names the athlete, in any field.</summary>
    private static async Task<List<string>> MentionsAsync(PipelineHarness harness, string athleteId)
    {
        var found = new List<string>();
        foreach (var table in TableNames.All)
            await foreach (var e in harness.Storage.Tables.GetTableClient(table).QueryAsync<TableEntity>())
                if (e.PartitionKey == athleteId || e.RowKey.Contains(athleteId, StringComparison.Ordinal)
                    || e.Select(p => p.Value).OfType<string>().Any(v => v.Contains(athleteId, StringComparison.Ordinal)))
                    found.Add($"{table}/{e.PartitionKey}/{e.RowKey}");
        foreach (var container in new[] { ExportUploads.Container, MessageQueue.ClaimContainer })
        {
            var client = harness.Storage.Blobs.GetBlobContainerClient(container);
            await foreach (var blob in client.GetBlobsAsync())
                if (blob.Name.Contains(athleteId, StringComparison.Ordinal)
                    || (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString().Contains(athleteId, StringComparison.Ordinal))
                    found.Add($"{container}/{blob.Name}");
        }
        return found;
    }
}
