using Azure.Data.Tables;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Pipeline;

[Collection(StorageCollection.Name)]
public class PipelineTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Fact]
    public async Task Workouts_through_the_local_runtime_end_in_stored_rows_and_one_alert_email_to_athlete_and_coach()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("runtime-ana");
        await harness.AddAthleteAsync(athlete);
        var workouts = Scenarios.SteadyThenSpike(athlete, Today);
        foreach (var w in workouts)
            await harness.Queue.SendAsync(QueueNames.Workouts, w, default);

        using (var host = harness.StartRuntime())
        {
            await host
                .Services.GetRequiredService<PipelineActivity>()
                .WaitForIdleAsync(harness.Storage.Queues, TimeSpan.FromMinutes(2));
            await host.StopAsync();
        }

        Assert.Equal(workouts.Count, (await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout)).Count);
        var metrics = await harness.RowsAsync(athlete.AthleteId, RowKeys.Metrics);
        Assert.Equal(56, metrics.Count);
        var alerts = await harness.RowsAsync(athlete.AthleteId, RowKeys.Alert + "2026");
        Assert.Contains(alerts, a => a.GetString("Rule") == "acwr-spike" && a.GetBoolean("Notify") == true);
        Assert.True(
            harness.Sink.Messages.Count == 2,
            string.Join("\n", harness.Sink.Messages.Select(m => $"{string.Join(",", m.To)} {m.Subject}"))
        );
        Assert.Single(harness.Sink.Messages, m => m.To.SequenceEqual(["runtime-ana@example.com"]));
        Assert.Single(harness.Sink.Messages, m => m.To.SequenceEqual(["coach@example.com"]));
        Assert.All(harness.Sink.Messages, m => Assert.Contains("Load jumped this week", m.Html));
        Assert.All(harness.Sink.Messages, m => Assert.True(File.Exists(m.HtmlFile)));
    }

    [Fact]
    public async Task The_same_messages_delivered_twice_store_one_workout_and_send_one_email_per_recipient()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("twice-ben");
        await harness.AddAthleteAsync(athlete);
        foreach (var w in Scenarios.SteadyThenSpike(athlete, Today))
        {
            await harness.Queue.SendAsync(QueueNames.Workouts, w, default);
            await harness.Queue.SendAsync(QueueNames.Workouts, w, default);
        }
        await harness.DrainAsync();
        var once = await SnapshotAsync(harness, athlete.AthleteId);

        // Every recompute and email message again, as a redelivery would.
        await harness.Queue.SendAsync(
            QueueNames.Recompute,
            new RecomputeRequest(athlete.AthleteId, Today.AddDays(-60)),
            default
        );
        foreach (
            var key in (await harness.RowsAsync(athlete.AthleteId, RowKeys.Alert)).Select(a =>
                a.RowKey[RowKeys.Alert.Length..]
            )
        )
        foreach (var to in new[] { Recipient.Athlete, Recipient.Coach })
            // As messages were written before each email kind had its type: they still read.
            await harness.Queue.SendTextAsync(
                QueueNames.Emails,
                $"{{\"kind\":\"alert\",\"athleteId\":\"{athlete.AthleteId}\",\"recipient\":\"{EmailWire.Of(to)}\","
                    + $"\"alertKey\":\"{key}\",\"v\":1}}",
                default
            );
        await harness.DrainAsync();

        Assert.Equal(
            Scenarios.SteadyThenSpike(athlete, Today).Count,
            (await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout)).Count
        );
        Assert.Equal(2, harness.Sink.Messages.Count);
        Assert.Equal(once, await SnapshotAsync(harness, athlete.AthleteId));
    }

    [Fact]
    public async Task Messages_that_can_never_succeed_are_recorded_with_their_reason_and_not_retried()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var invalid = "{ \"v\": 1, \"athleteId\": \"x\", \"start\": ";
        var stranger = Core.Model.Json.Serialize(Scenarios.Workout(Scenarios.Athlete("nobody-knows-me"), Today, 60, 6));
        await harness.Queue.SendTextAsync(QueueNames.Workouts, invalid, default);
        await harness.Queue.SendTextAsync(QueueNames.Workouts, stranger, default);

        var processed = await harness.DrainAsync();

        Assert.Equal(2, processed); // each handled on its first delivery
        var rejections = await harness
            .Services.GetRequiredService<RejectionStore>()
            .ListAsync(QueueNames.Workouts, default);
        Assert.Contains(
            rejections,
            r => r.Id == RejectionStore.IdOf(invalid) && r.Reason.StartsWith("Invalid JSON", StringComparison.Ordinal)
        );
        Assert.Contains(
            rejections,
            r => r.Id == RejectionStore.IdOf(stranger) && r.Reason.Contains("Unknown athlete", StringComparison.Ordinal)
        );
        var poison = await harness
            .Storage.Queues.GetQueueClient(QueueNames.Poison(QueueNames.Workouts))
            .PeekMessagesAsync(10);
        Assert.Empty(poison.Value);
    }

    [Fact]
    public async Task Out_of_range_values_in_a_workout_message_are_dropped_and_the_workout_stored()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("field-cara");
        await harness.AddAthleteAsync(athlete);
        var bad = Scenarios.Workout(athlete, Today, 60, 6) with
        {
            Sets =
            [
                new()
                {
                    Exercise = "Deadlift",
                    WeightKg = -5,
                    Reps = 1_000_000_000,
                },
                new()
                {
                    Exercise = "Deadlift",
                    WeightKg = 100,
                    Reps = 5,
                },
            ],
        };
        await harness.Queue.SendAsync(QueueNames.Workouts, bad, default);

        await harness.DrainAsync();

        Assert.DoesNotContain(
            await harness.Services.GetRequiredService<RejectionStore>().ListAsync(QueueNames.Workouts, default),
            r => r.Body.Contains("field-cara", StringComparison.Ordinal)
        );
        var row = Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
        var stored = Core.Model.Json.Deserialize<Core.Model.WorkoutSummary>(row.GetString("Json"))!;
        Assert.Equal([(null, null), (100.0, 5)], stored.Sets.Select(s => (s.WeightKg, s.Reps)));
    }

    [Fact]
    public async Task A_sink_answering_503_twice_then_202_ends_in_exactly_one_email()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = await harness.SeedSpikeAsync("flaky-dan", Today);
        harness.Sink.PlanFaults((503, null), (503, null));

        await harness.DrainAsync();

        Assert.Single(harness.Sink.Messages);
        Assert.Equal(3, harness.Sink.Requests);
        var ledger = await harness.Services.GetRequiredService<EmailLedger>().ListAsync(athlete.AthleteId, default);
        Assert.Equal(LedgerStatus.Sent, Assert.Single(ledger).Status);
    }

    [Fact]
    public async Task An_email_another_delivery_is_sending_comes_back_shortly_and_is_not_sent_twice()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("busy-gil", coach: null);
        await harness.AddAthleteAsync(athlete);
        var request = new WeeklySummaryEmail("2026-W46") { AthleteId = athlete.AthleteId };
        var ledger = harness.Services.GetRequiredService<EmailLedger>();
        // Another delivery holds the email's lease.
        var held = Assert.IsType<ClaimResult.Claimed>(
            await ledger.TryClaimAsync(
                request.LedgerPartition,
                request.LedgerKey,
                harness.Clock.GetUtcNow(),
                TimeSpan.FromMinutes(3),
                default
            )
        );

        // The copy completes without failing and leaves itself on the queue, not yet visible.
        await harness.Dispatcher.ProcessAsync<EmailDispatch>(request.ToJson(), default);
        var emails = harness.Queue.GetQueue(QueueNames.Emails);
        Assert.Equal(1, (await emails.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Null((await emails.PeekMessageAsync()).Value);
        Assert.Empty(harness.Sink.Messages);

        // The other delivery finishes; the copy comes back, finds it sent and sends nothing.
        await ledger.MarkSentAsync(held.Claim, harness.Clock.GetUtcNow(), "other", default);
        await Task.Delay(Core.Pipeline.EmailDispatch.BusyRecheck + TimeSpan.FromMilliseconds(500));
        var copy = Assert.Single((await emails.ReceiveMessagesAsync(5)).Value);
        await harness.Dispatcher.ProcessAsync<EmailDispatch>(copy.MessageText, default);
        await emails.DeleteMessageAsync(copy.MessageId, copy.PopReceipt);
        Assert.Empty(harness.Sink.Messages);
        Assert.Equal(0, (await emails.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_sink_answering_429_with_retry_after_is_waited_for_and_sends_once()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = await harness.SeedSpikeAsync("patient-eve", Today);
        harness.Sink.PlanFaults((429, "1"), (500, null));

        await harness.DrainAsync();

        Assert.Single(harness.Sink.Messages);
        Assert.Equal(3, harness.Sink.Requests);
    }

    [Fact]
    public async Task A_sink_refusing_with_400_marks_the_email_failed_with_the_reason_and_does_not_retry()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = await harness.SeedSpikeAsync("refused-fay", Today);
        harness.Sink.PlanFaults((400, null));

        await harness.DrainAsync();

        Assert.Empty(harness.Sink.Messages);
        Assert.Equal(1, harness.Sink.Requests);
        var entry = Assert.Single(
            await harness.Services.GetRequiredService<EmailLedger>().ListAsync(athlete.AthleteId, default)
        );
        Assert.Equal(LedgerStatus.Failed, entry.Status);
        Assert.Equal(400, entry.ProviderStatus);
        Assert.Contains("400", entry.Reason);
    }

    [Fact]
    public async Task A_spike_in_a_backfilled_export_is_stored_but_not_emailed()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = await harness.SeedSpikeAsync("backfill-gus", Today.AddDays(-200), coach: "coach@example.com");

        await harness.DrainAsync();

        var alerts = await harness.RowsAsync(athlete.AthleteId, RowKeys.Alert);
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.False(a.GetBoolean("Notify")));
        Assert.All(alerts, a => Assert.StartsWith("backfill", a.GetString("SuppressedBecause")));
        Assert.Empty(harness.Sink.Messages);
        // The metrics run on to today: rest days count as zero load.
        Assert.Equal(256, (await harness.RowsAsync(athlete.AthleteId, RowKeys.Metrics)).Count);
    }

    [Fact]
    public async Task A_new_workout_recomputes_from_its_day_and_equals_a_full_recompute()
    {
        await using var incremental = await PipelineHarness.StartAsync(azurite);
        var a = Scenarios.Athlete("incremental-hal");
        var b = Scenarios.Athlete("full-hal");
        await incremental.AddAthleteAsync(a);
        await incremental.AddAthleteAsync(b);
        var history = Scenarios.SteadyThenSpike(a, Today.AddDays(-1));
        var late = Scenarios.Workout(a, Today.AddDays(-20), 75, 7, "Late entry");

        foreach (var w in history)
            await incremental.Queue.SendAsync(QueueNames.Workouts, w, default);
        await incremental.DrainAsync();
        await incremental.Queue.SendAsync(QueueNames.Workouts, late, default);
        await incremental.DrainAsync();

        foreach (var w in history.Append(late))
            await incremental.Queue.SendAsync(QueueNames.Workouts, w with { AthleteId = b.AthleteId }, default);
        await incremental.DrainAsync();

        var expected = (await incremental.RowsAsync(b.AthleteId, RowKeys.Metrics)).Select(Values).ToList();
        var actual = (await incremental.RowsAsync(a.AthleteId, RowKeys.Metrics)).Select(Values).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Recomputes_running_at_once_leave_the_same_rows_as_one()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("race-ivy");
        await harness.AddAthleteAsync(athlete);
        var training = harness.Services.GetRequiredService<TrainingStore>();
        var workouts = Scenarios.SteadyThenSpike(athlete, Today);
        await training.SaveWorkoutsAsync(
            athlete.AthleteId,
            workouts.Select(w => (athlete.LocalDate(w.Start), w)).ToList(),
            default
        );

        var message = Core.Model.Json.Serialize(new RecomputeRequest(athlete.AthleteId, Today.AddDays(-60)));
        await Task.WhenAll(
            Enumerable
                .Range(0, 4)
                .Select(_ => Task.Run(() => harness.Dispatcher.ProcessAsync<RecomputeHandler>(message, default)))
        );
        var concurrent = await SnapshotAsync(harness, athlete.AthleteId);

        // Mark everything dirty again and recompute alone.
        await training.SaveWorkoutsAsync(
            athlete.AthleteId,
            workouts.Select(w => (athlete.LocalDate(w.Start), w)).ToList(),
            default
        );
        await harness.Dispatcher.ProcessAsync<RecomputeHandler>(message, default);

        Assert.Equal(await SnapshotAsync(harness, athlete.AthleteId), concurrent);
        Assert.Empty(await harness.RowsAsync(athlete.AthleteId, RowKeys.Dirty + "2"));
    }

    [Fact]
    public async Task A_message_too_large_for_a_queue_travels_by_claim_check()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("big-jo");
        await harness.AddAthleteAsync(athlete);
        var sets = Enumerable
            .Range(1, 600)
            .Select(i => new Core.Model.WorkoutSet
            {
                Exercise = $"Deadlift variation number {i}",
                SetIndex = i,
                WeightKg = 60,
                Reps = 5,
            })
            .ToList();
        var big = Scenarios.Workout(athlete, Today, 120, 7) with { Sets = sets };
        Assert.True(Core.Model.Json.Serialize(big).Length > MessageQueue.MaxInlineBytes);

        await harness.Queue.SendAsync(QueueNames.Workouts, big, default);
        var raw = (await harness.Queue.GetQueue(QueueNames.Workouts).PeekMessageAsync()).Value.MessageText;
        await harness.DrainAsync();

        Assert.Contains("claimCheckBlob", raw);
        var row = Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
        Assert.True(row.GetInt32("JsonChunks") > 1);
        Assert.Equal(
            1,
            (await harness.RowsAsync(athlete.AthleteId, RowKeys.Day)).Count(d => d.GetInt32("Sets") == 600)
        );
    }

    private static Dictionary<string, object> Values(TableEntity e) =>
        e.Keys.Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey")).ToDictionary(k => k, k => e[k]);

    private static async Task<string> SnapshotAsync(PipelineHarness harness, string athleteId)
    {
        var lines = new List<string>();
        foreach (var prefix in new[] { RowKeys.Day, RowKeys.Metrics, RowKeys.Alert, RowKeys.Workout })
        foreach (var e in await harness.RowsAsync(athleteId, prefix))
            lines.Add(
                e.RowKey
                    + " "
                    + string.Join(
                        ",",
                        Values(e)
                            .Where(kv => kv.Key != "Queued")
                            .OrderBy(kv => kv.Key)
                            .Select(kv => $"{kv.Key}={kv.Value}")
                    )
            );
        return string.Join("\n", lines);
    }
}

/// <summary>Email delivery when SendGrid is misconfigured or slow: never lost, never blindly doubled.</summary>
[Collection(StorageCollection.Name)]
public class EmailDeliveryTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task A_refused_key_or_sender_is_a_configuration_fault_retried_not_an_email_marked_failed(int status)
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = await harness.SeedSpikeAsync($"keyless-{status}", Today);
        harness.Sink.PlanFaults((status, null), (status, null));

        await harness.DrainAsync();

        Assert.Single(harness.Sink.Messages); // after the fix (here: the third try) the email goes once
        var entry = Assert.Single(
            await harness.Services.GetRequiredService<EmailLedger>().ListAsync(athlete.AthleteId, default)
        );
        Assert.Equal(LedgerStatus.Sent, entry.Status);
        Assert.Equal(
            0,
            (await harness.Storage.Queues.GetQueueClient(QueueNames.Poison(QueueNames.Emails)).GetPropertiesAsync())
                .Value
                .ApproximateMessagesCount
        );
    }

    [Fact]
    public async Task An_overload_email_that_may_have_been_accepted_is_not_sent_again()
    {
        await using var harness = await PipelineHarness.StartAsync(
            azurite,
            settings: new Dictionary<string, string?>
            {
                ["SendGrid:AttemptTimeout"] = "00:00:01",
                ["SendGrid:TotalTimeout"] = "00:00:05",
            }
        );
        var athlete = await harness.SeedSpikeAsync("slow-fay", Today);
        harness.Sink.PlanSlowAccept(TimeSpan.FromSeconds(3));

        await harness.DrainAsync();

        Assert.Single(harness.Sink.Messages); // SendGrid has it; BackSignal did not send it a second time
        Assert.Equal(1, harness.Sink.Requests);
        var entry = Assert.Single(
            await harness.Services.GetRequiredService<EmailLedger>().ListAsync(athlete.AthleteId, default)
        );
        Assert.Equal(LedgerStatus.Failed, entry.Status);
        Assert.Contains("may have been delivered", entry.Reason);
    }

    [Fact]
    public async Task A_see_a_doctor_email_that_may_have_been_accepted_goes_again_at_least_once()
    {
        await using var harness = await PipelineHarness.StartAsync(
            azurite,
            settings: new Dictionary<string, string?>
            {
                ["SendGrid:AttemptTimeout"] = "00:00:01",
                ["SendGrid:TotalTimeout"] = "00:00:05",
            }
        );
        var athlete = Scenarios.Athlete("slow-gus", coach: null);
        await harness.AddAthleteAsync(athlete);
        harness.Sink.PlanSlowAccept(TimeSpan.FromSeconds(3));
        await harness.Queue.SendAsync(
            QueueNames.Checkins,
            new Core.Model.PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = Today,
                Pain = 5,
                Numbness = Core.Model.Numbness.Saddle,
            },
            default
        );

        await harness.DrainAsync();

        Assert.Equal(2, harness.Sink.Messages.Count); // the slow one, and the one sent again: a duplicate, not a loss
        var entry = Assert.Single(
            await harness.Services.GetRequiredService<EmailLedger>().ListAsync(athlete.AthleteId, default)
        );
        Assert.Equal(LedgerStatus.Sent, entry.Status);
    }

    [Fact]
    public async Task Every_email_goes_with_click_and_open_tracking_off()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.SeedSpikeAsync("private-hal", Today);

        await harness.DrainAsync();

        var raw = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.ChangeExtension(Assert.Single(harness.Sink.Messages).HtmlFile, ".json"))
        );
        var tracking = raw.RootElement.GetProperty("tracking_settings");
        Assert.False(tracking.GetProperty("click_tracking").GetProperty("enable").GetBoolean());
        Assert.False(tracking.GetProperty("open_tracking").GetProperty("enable").GetBoolean());
    }
}
