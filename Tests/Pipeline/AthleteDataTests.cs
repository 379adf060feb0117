using System.IO.Compression;
using Azure.Data.Tables;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace BackSignal.Tests.Pipeline;

/// <summary>
/// An athlete's data rights (docs/design.md#privacy): a copy of everything on request, and erasure everywhere.
/// </summary>
[Collection(StorageCollection.Name)]
public class AthleteDataTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    private (int Exit, string Out) Run(params string[] args)
    {
        var (exit, stdout, stderr) = Backsignal.Run(
            new Dictionary<string, string> { [StorageClients.SettingName] = azurite.ConnectionString },
            args
        );
        return (exit, System.Text.RegularExpressions.Regex.Replace(stdout + stderr, @"\s+", " "));
    }

    [Fact]
    public async Task Removing_index_rows_already_gone_is_no_error_so_a_repeated_erasure_or_report_goes_through()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);

        // Neither row exists: a delete outside a transaction succeeds on 404, which these rely on.
        await harness.Services.GetRequiredService<AthleteStore>().RemoveFromCoachAsync("no-coach", "no-one", default);
        await harness.Services.GetRequiredService<WaitingReports>().RemoveAsync("no-one", ["no-upload"], default);

        Assert.Empty(await harness.Services.GetRequiredService<WaitingReports>().UploadsAsync("no-one", default));
    }

    [Fact]
    public async Task A_full_history_is_exported_then_erased_from_every_table_and_container_and_nothing_else_is()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var ana = Scenarios.Athlete("rights-ana", coach: "coach@example.com", share: true);
        var bea = Scenarios.Athlete("rights-bea", coach: null);
        await harness.AddAthleteAsync(ana);
        await harness.AddAthleteAsync(bea);
        // An upload, a spike of workouts, a doctor alert with its emails, a rejected check-in and a claim-checked
        // message.
        await harness
            .Services.GetRequiredService<ExportUploads>()
            .UploadAsync(ana.AthleteId, Fixtures.StrongSmall, default);
        await harness.SeedSpikeAsync(ana.AthleteId, Today, coach: "coach@example.com");
        await harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = ana.AthleteId,
                Date = Today,
                Pain = 5,
                Numbness = Numbness.Saddle,
                Note = "private",
            },
            default
        );
        await harness.Queue.SendTextAsync(
            QueueNames.Checkins,
            """{"v":1,"athleteId":"rights-ana","date":"2026-11-20","pain":11}""",
            default
        );
        var big = Scenarios.Workout(ana, Today.AddDays(-1), 60, 6, "Big") with
        {
            Sets = Enumerable
                .Range(1, 600)
                .Select(i => new WorkoutSet
                {
                    Exercise = "Bench Press (Barbell)",
                    SetIndex = i,
                    WeightKg = 50,
                    Reps = 5,
                })
                .ToList(),
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

    /// <summary>
    /// Every row of every table and every blob of every container that names the athlete, in any field.
    /// </summary>
    private static async Task<List<string>> MentionsAsync(PipelineHarness harness, string athleteId)
    {
        var found = new List<string>();
        foreach (var table in TableNames.All)
        await foreach (var e in harness.Storage.Tables.GetTableClient(table).QueryAsync<TableEntity>())
            if (
                e.PartitionKey == athleteId
                || e.RowKey.Contains(athleteId, StringComparison.Ordinal)
                || e.Select(p => p.Value).OfType<string>().Any(v => v.Contains(athleteId, StringComparison.Ordinal))
            )
                found.Add($"{table}/{e.PartitionKey}/{e.RowKey}");
        foreach (var container in new[] { ContainerNames.Exports, ContainerNames.Claims })
        {
            var client = harness.Storage.Blobs.GetBlobContainerClient(container);
            await foreach (var blob in client.GetBlobsAsync())
                if (
                    blob.Name.Contains(athleteId, StringComparison.Ordinal)
                    || (await client.GetBlobClient(blob.Name).DownloadContentAsync())
                        .Value.Content.ToString()
                        .Contains(athleteId, StringComparison.Ordinal)
                )
                    found.Add($"{container}/{blob.Name}");
        }
        return found;
    }
}

/// <summary>Log references: keyed, so that a list of likely ids cannot be hashed to find an athlete.</summary>
public class LogReferenceTests
{
    [Fact]
    public void A_reference_depends_on_the_key_and_an_unresolved_key_vault_reference_is_no_key()
    {
        LogIds.UseKey("key-one");
        var one = LogIds.Athlete("ana");
        Assert.Equal(one, LogIds.Athlete("ana"));
        Assert.NotEqual(one, LogIds.Athlete("ben"));
        Assert.DoesNotContain("ana", one);
        // The old unkeyed reference (SHA-256 of the id alone) is what a guesser would compute: it must not match.
        var unkeyed =
            "a-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("ana"u8.ToArray()))[..12];
        Assert.NotEqual(unkeyed, one);

        LogIds.UseKey("@Microsoft.KeyVault(SecretUri=https://x.vault.azure.net/secrets/log-reference-key)");
        Assert.Equal(one, LogIds.Athlete("ana")); // ignored: still the last real key
        LogIds.UseKey("key-two");
        Assert.NotEqual(one, LogIds.Athlete("ana"));
    }
}

/// <summary>
/// No log line or telemetry item names a person or their health: ids, emails, file names, pain, symptoms.
/// </summary>
[Collection(StorageCollection.Name)]
public class PrivateLogTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_run_through_the_pipeline_logs_no_id_email_file_name_pain_score_or_symptom()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("logged-lena", coach: "coach.lena@example.com", share: true);
        await harness.AddAthleteAsync(athlete);
        var upload = Path.Combine(Path.GetDirectoryName(Fixtures.StrongSmall)!, "lena-private-export.csv");
        File.Copy(Fixtures.StrongSmall, upload, overwrite: true);
        await harness.Services.GetRequiredService<ExportUploads>().UploadAsync(athlete.AthleteId, upload, default);
        await harness.SeedSpikeAsync(athlete.AthleteId, new DateOnly(2026, 11, 20), coach: "coach.lena@example.com");
        await harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = new DateOnly(2026, 11, 20),
                Pain = 7,
                Numbness = Numbness.Saddle,
                BladderBowel = true,
                Note = "lena-secret-note",
            },
            default
        );
        await harness.Queue.SendTextAsync(
            QueueNames.Checkins,
            """{"v":1,"athleteId":"logged-lena","date":"2026-11-20","pain":11,"note":"lena-secret-note"}""",
            default
        );
        await harness.DrainAllAsync();

        Assert.NotEmpty(harness.Sink.Messages);
        var logs = string.Join("\n", harness.Logs.Lines);
        Assert.Contains(LogIds.Athlete(athlete.AthleteId), logs); // the athlete is there, by reference only
        foreach (
            var secret in new[]
            {
                "logged-lena",
                "coach.lena@example.com",
                athlete.Email,
                "lena-private-export",
                "lena-secret-note",
                "saddle",
                "Saddle",
                "bladder",
                "7/10",
                "pain 7",
            }
        )
            Assert.DoesNotContain(secret, logs);
    }

    [Theory]
    [InlineData(
        "https://acct.blob.core.windows.net/exports/logged-lena/0123456789abcdef01234567/lena-private-export.csv",
        "https://acct.blob.core.windows.net/exports/…"
    )]
    [InlineData(
        "https://acct.table.core.windows.net/Training(PartitionKey='logged-lena',RowKey='checkin%7C20261120')",
        "https://acct.table.core.windows.net/Training(…)"
    )]
    [InlineData(
        "GET https://acct.table.core.windows.net/Training()?$filter=PartitionKey%20eq%20'logged-lena'",
        "GET https://acct.table.core.windows.net/Training(…)?…"
    )]
    [InlineData(
        "https://acct.queue.core.windows.net/workouts/messages",
        "https://acct.queue.core.windows.net/workouts/messages"
    )]
    public void Storage_calls_in_telemetry_lose_athlete_ids_keys_and_file_names(string url, string redacted) =>
        Assert.Equal(redacted, TelemetryRedaction.Redact(url));

    [Fact]
    public void Spans_are_redacted_before_the_exporter_sees_them()
    {
        using var source = new System.Diagnostics.ActivitySource("BackSignal.Tests.Redaction");
        var exported = new List<System.Diagnostics.Activity>();
        // The order of the Functions app: the redacting processor first, then the exporter.
        using (
            OpenTelemetry
                .Sdk.CreateTracerProviderBuilder()
                .AddSource(source.Name)
                .AddProcessor(new RedactingActivityProcessor())
                .AddInMemoryExporter(exported)
                .Build()
        )
        {
            using var span = source.StartActivity("GET /exports/logged-lena/0123/lena-private-export.csv")!;
            span.SetTag("url.full", "https://acct.table.core.windows.net/Training(PartitionKey='logged-lena')");
            span.SetTag("az.namespace", "Microsoft.Storage");
        }

        var done = Assert.Single(exported);
        Assert.Equal("GET /exports/…", done.DisplayName);
        Assert.Equal("https://acct.table.core.windows.net/Training(…)", done.GetTagItem("url.full"));
        Assert.Equal("Microsoft.Storage", done.GetTagItem("az.namespace"));
        Assert.DoesNotContain("lena", string.Join(" ", done.TagObjects.Select(t => t.Value)));
    }
}

/// <summary>Raw uploads expire after Retention__ExportDays; what they produced stays.</summary>
[Collection(StorageCollection.Name)]
public class UploadRetentionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_upload_older_than_the_retention_is_deleted_and_its_workouts_stay()
    {
        await using var harness = await PipelineHarness.StartAsync(
            azurite,
            settings: new Dictionary<string, string?> { [UploadRetention.Setting] = "30" }
        );
        var athlete = Scenarios.Athlete("kept-kim", coach: null);
        await harness.AddAthleteAsync(athlete);
        var upload = await harness
            .Services.GetRequiredService<ExportUploads>()
            .UploadAsync(athlete.AthleteId, Fixtures.StrongSmall, default);
        await harness.DrainAllAsync();
        var retention = harness.Services.GetRequiredService<UploadRetention>();
        var blob = harness.Storage.Blobs.GetBlobContainerClient(ContainerNames.Exports).GetBlobClient(upload.BlobName);

        await retention.DeleteExpiredAsync(DateTimeOffset.UtcNow.AddDays(29), default);
        Assert.True((await blob.ExistsAsync()).Value);

        Assert.True(await retention.DeleteExpiredAsync(DateTimeOffset.UtcNow.AddDays(31), default) >= 1);
        Assert.False((await blob.ExistsAsync()).Value);
        Assert.Equal(4, (await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout)).Count);
    }
}

/// <summary>Erasure reaches the queues: waiting and poisoned messages go, and a late one names nobody.</summary>
[Collection(StorageCollection.Name)]
public class ErasureReachTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Fact]
    public async Task Erasure_removes_the_athletes_waiting_and_poisoned_messages_and_leaves_the_others()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var gone = Scenarios.Athlete("erase-q-ana", coach: null);
        var stays = Scenarios.Athlete("erase-q-bob", coach: null);
        await harness.AddAthleteAsync(gone);
        await harness.AddAthleteAsync(stays);
        PainCheckin Checkin(AthleteProfile a) =>
            new()
            {
                AthleteId = a.AthleteId,
                Date = Today,
                Pain = 6,
                SaddleNumbness = true,
                Note = "private note",
            };
        await harness.Queue.SendAsync(QueueNames.Checkins, Checkin(gone), default);
        await harness.Queue.SendAsync(QueueNames.Checkins, Checkin(stays), default);
        var poison = harness.Queue.GetQueue(QueueNames.Poison(QueueNames.Checkins));
        await poison.CreateIfNotExistsAsync();
        await harness.Queue.SendAsync(QueueNames.Poison(QueueNames.Checkins), Checkin(gone), default);

        await harness.Services.GetRequiredService<AthleteData>().DeleteAsync(gone.AthleteId, default);

        var left = new List<string>();
        foreach (var name in new[] { QueueNames.Checkins, QueueNames.Poison(QueueNames.Checkins) })
        foreach (var m in (await harness.Queue.GetQueue(name).PeekMessagesAsync(32)).Value)
            left.Add(await harness.Queue.ResolveAsync(m.MessageText, default));
        Assert.DoesNotContain(left, b => b.Contains(gone.AthleteId, StringComparison.Ordinal));
        Assert.Contains(left, b => b.Contains(stays.AthleteId, StringComparison.Ordinal));
        // Leave the queues as found for the tests after this one.
        await harness.DrainAllAsync();
    }

    [Fact]
    public async Task A_message_that_arrives_after_the_erasure_records_nothing_that_names_the_athlete()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var gone = Scenarios.Athlete("erase-late-cy", coach: null);
        await harness.AddAthleteAsync(gone);
        await harness.Services.GetRequiredService<AthleteData>().DeleteAsync(gone.AthleteId, default);
        var late = Json.Serialize(
            new PainCheckin
            {
                AthleteId = gone.AthleteId,
                Date = Today,
                Pain = 4,
                Note = "private",
            }
        );

        await harness.Dispatcher.ProcessAsync<CheckinIntake>(late, default);

        var rejection = Assert.Single(
            await harness.Services.GetRequiredService<RejectionStore>().ListAsync(QueueNames.Checkins, default),
            r => r.Id == RejectionStore.IdOf(late)
        );
        Assert.Equal(RejectionStore.ErasedReason, rejection.Reason);
        Assert.Null(rejection.AthleteId);
        Assert.DoesNotContain(gone.AthleteId, rejection.Body + rejection.Reason);
        Assert.Empty(await harness.RowsAsync(gone.AthleteId, ""));
    }

    [Fact]
    public async Task A_slow_path_write_that_lands_after_an_erasure_is_erased_again_and_the_message_given_up()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var late = Scenarios.Athlete("erase-race-dee", coach: null);
        await harness.AddAthleteAsync(late);
        await harness.Services.GetRequiredService<AthleteData>().DeleteAsync(late.AthleteId, default);
        // What a handler that read the profile just before the erasure stores just after it.
        await harness
            .Services.GetRequiredService<TrainingStore>()
            .SaveCheckinAsync(
                new PainCheckin
                {
                    AthleteId = late.AthleteId,
                    Date = Today,
                    Pain = 6,
                    Note = "late",
                },
                default
            );
        Assert.NotEmpty(await harness.RowsAsync(late.AthleteId, RowKeys.Checkin));

        await Assert.ThrowsAsync<PermanentMessageException>(() =>
            harness.Services.GetRequiredService<ErasureGuard>().AfterWriteAsync(late.AthleteId, default)
        );

        Assert.Empty(await harness.RowsAsync(late.AthleteId, ""));
    }
}
