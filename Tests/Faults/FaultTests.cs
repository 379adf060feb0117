using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Faults;

/// <summary>Faults, deterministic, against real Azurite and the SendGrid sink: nothing lost, nothing doubled.</summary>
[Collection(StorageCollection.Name)]
public class FaultTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Fact]
    public async Task A_message_that_always_fails_lands_in_poison_and_replay_brings_it_back_once_fixed()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("poison-ada", coach: null);
        await harness.AddAthleteAsync(athlete);
        // SendGrid is down for every attempt of every delivery (5 deliveries × 4 attempts each answered 503).
        harness.Sink.PlanFaults([.. Enumerable.Repeat<(int, string?)>((503, null), 40)]);
        await harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = Today,
                Pain = 5,
                Numbness = Numbness.Saddle,
            },
            default
        );

        using (var host = harness.StartRuntime())
        {
            var poison = harness.Storage.Queues.GetQueueClient(QueueNames.Poison(QueueNames.Emails));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the failing message never reached the poison queue");
                await Task.Delay(200);
            }
            await host.StopAsync();
        }
        var sentBefore = harness.Sink.Messages.Count;

        // The cause is fixed (no more faults): replay, and the email goes out exactly once.
        harness.Sink.ClearFaults();
        var moved = await harness
            .Services.GetRequiredService<PoisonReplay>()
            .ReplayAsync(QueueNames.Emails, 100, default);
        await harness.DrainAsync();

        Assert.Equal(1, moved);
        Assert.Equal(0, sentBefore);
        Assert.Single(harness.Sink.Messages, m => m.To.SequenceEqual(["poison-ada@example.com"]));
        Assert.Equal(
            0,
            (await harness.Storage.Queues.GetQueueClient(QueueNames.Poison(QueueNames.Emails)).GetPropertiesAsync())
                .Value
                .ApproximateMessagesCount
        );
    }

    [Fact]
    public async Task A_handler_that_crashes_after_writing_but_before_completing_is_finished_by_the_redelivery()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = await harness.SeedSpikeAsync("crash-ben", Today, coach: "coach@example.com");

        // Every message is handled once and then NOT deleted, as if the process died before completing it;
        // the queue delivers each again, and the drain handles it a second time.
        for (var round = 0; round < 50; round++)
        {
            var any = false;
            foreach (var name in QueueNames.All)
            {
                var queue = harness.Queue.GetQueue(name);
                foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value)
                {
                    any = true;
                    await harness.ProcessAsync(name, message.MessageText); // the work is done…
                    await queue.UpdateMessageAsync(
                        message.MessageId,
                        message.PopReceipt,
                        visibilityTimeout: TimeSpan.Zero
                    ); // …the crash
                    await harness.ProcessAsync(name, message.MessageText); // the redelivery
                    var again = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value.FirstOrDefault(
                        m => m.MessageId == message.MessageId
                    );
                    if (again is not null)
                        await queue.DeleteMessageAsync(again.MessageId, again.PopReceipt);
                }
            }
            if (!any)
                break;
        }

        Assert.Equal(
            Scenarios.SteadyThenSpike(athlete, Today).Count,
            (await harness.RowsAsync(athlete.AthleteId, RowKeys.Workout)).Count
        );
        var alerts = await harness.RowsAsync(athlete.AthleteId, RowKeys.Alert);
        var notified = alerts.Count(a => a.GetBoolean("Notify") == true);
        Assert.True(notified >= 1);
        // One email per notified alert and recipient, whatever the redeliveries.
        Assert.Equal(2 * notified, harness.Sink.Messages.Count);
        Assert.Equal(56, (await harness.RowsAsync(athlete.AthleteId, RowKeys.Metrics)).Count);
    }

    [Fact]
    public async Task Copies_of_workout_check_in_and_recompute_messages_at_once_leave_what_one_delivery_leaves()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        // One athlete's messages, each delivered once.
        var one = Scenarios.Athlete("copies-one", coach: null);
        await harness.AddAthleteAsync(one);
        foreach (var (queue, body) in Inputs(one.AthleteId))
            await harness.Queue.SendTextAsync(queue, body, default);
        await harness.DrainAllAsync();

        // The other's, every message (and every message they cause) delivered four times at once.
        var many = Scenarios.Athlete("copies-many", coach: null);
        await harness.AddAthleteAsync(many);
        foreach (var (queue, body) in Inputs(many.AthleteId))
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => harness.ProcessAsync(queue, body))));
        for (var round = 0; round < 100; round++)
        {
            var any = false;
            foreach (var name in QueueNames.All)
            {
                var queue = harness.Queue.GetQueue(name);
                foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value)
                {
                    any = true;
                    await Task.WhenAll(
                        Enumerable
                            .Range(0, 4)
                            .Select(_ =>
                                Task.Run(async () =>
                                {
                                    try
                                    {
                                        await harness.ProcessAsync(name, message.MessageText);
                                    }
                                    catch (Core.Pipeline.TransientMessageException)
                                    {
                                        // Another copy holds the athlete's recompute lease: that copy computes.
                                    }
                                })
                            )
                    );
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
            if (!any)
                break;
        }
        await harness.DrainAllAsync();

        Assert.Equal(
            (await harness.RowsAsync(one.AthleteId, RowKeys.Workout)).Count,
            (await harness.RowsAsync(many.AthleteId, RowKeys.Workout)).Count
        );
        Assert.Equal(
            RowValues.Of(await harness.RowsAsync(one.AthleteId, RowKeys.Metrics)),
            RowValues.Of(await harness.RowsAsync(many.AthleteId, RowKeys.Metrics))
        );
        Assert.Equal(
            (await harness.RowsAsync(one.AthleteId, RowKeys.Alert)).Select(a => a.RowKey),
            (await harness.RowsAsync(many.AthleteId, RowKeys.Alert)).Select(a => a.RowKey)
        );
        Assert.Single(await harness.RowsAsync(many.AthleteId, RowKeys.Checkin));
        var emailsToOne = harness.Sink.Messages.Count(m => m.To.Contains("copies-one@example.com"));
        Assert.True(emailsToOne >= 2, "the scenario should email an overload alert and the check-in's doctor alert");
        Assert.Equal(emailsToOne, harness.Sink.Messages.Count(m => m.To.Contains("copies-many@example.com")));
    }

    private static IEnumerable<(string Queue, string Body)> Inputs(string athleteId)
    {
        var athlete = Scenarios.Athlete(athleteId, coach: null);
        foreach (var w in Scenarios.SteadyThenSpike(athlete, Today))
            yield return (QueueNames.Workouts, Json.Serialize(w));
        yield return (
            QueueNames.Checkins,
            Json.Serialize(
                new PainCheckin
                {
                    AthleteId = athleteId,
                    Date = Today,
                    Pain = 4,
                    NightPain = true,
                }
            )
        );
        yield return (QueueNames.Recompute, Json.Serialize(new RecomputeRequest(athleteId, Today.AddDays(-60))));
    }
}

/// <summary>Azurite itself stops in the middle of an import and comes back on the same data folder.</summary>
public sealed class StorageOutageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Azurite_stopped_mid_import_and_restarted_on_its_data_folder_loses_and_doubles_nothing()
    {
        var data = _temp.PathOf("azurite");
        var (blob, queue, table) = (Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort());
        var azurite = await Azurite.StartAsync(blob, queue, table, data);
        try
        {
            await using var harness = await PipelineHarness.StartAsync(azurite.ConnectionString);
            var uploads = harness.Services.GetRequiredService<ExportUploads>();
            // A clean run for one athlete first: the reference.
            var clean = Scenarios.Athlete("outage-clean", coach: null);
            await harness.AddAthleteAsync(clean);
            await uploads.UploadAsync(clean.AthleteId, Fixtures.StrongYear, default);
            await harness.DrainAllAsync(TimeSpan.FromMinutes(2));

            var hit = Scenarios.Athlete("outage-hit", coach: null);
            await harness.AddAthleteAsync(hit);
            await uploads.UploadAsync(hit.AthleteId, Fixtures.StrongYear, default);
            using (var host = harness.StartRuntime())
            {
                // Stop storage as soon as the import has begun writing.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while ((await harness.RowsAsync(hit.AthleteId, RowKeys.Workout)).Count == 0)
                {
                    Assert.True(DateTime.UtcNow < deadline, "the import never started");
                    await Task.Delay(20);
                }
                await azurite.StopGracefullyAsync(TimeSpan.FromSeconds(20));
                await Task.Delay(1500); // the runtime meets a dead storage for a while
                await azurite.DisposeAsync();
                azurite = await Azurite.StartAsync(blob, queue, table, data);

                await host
                    .Services.GetRequiredService<PipelineActivity>()
                    .WaitForIdleAsync(harness.Storage.Queues, TimeSpan.FromMinutes(3));
                await host.StopAsync();
            }
            await harness.DrainAllAsync(TimeSpan.FromMinutes(2));

            Assert.Equal(
                Fixtures.StrongYearContents.Workouts,
                (await harness.RowsAsync(hit.AthleteId, RowKeys.Workout)).Count
            );
            var reference = await harness.RowsAsync(clean.AthleteId, RowKeys.Metrics);
            var recovered = await harness.RowsAsync(hit.AthleteId, RowKeys.Metrics);
            Assert.Equal(reference.Count, recovered.Count);
            Assert.Equal(RowValues.Of(reference), RowValues.Of(recovered));
            Assert.Equal(
                0,
                (
                    await harness
                        .Storage.Queues.GetQueueClient(QueueNames.Poison(QueueNames.Exports))
                        .GetPropertiesAsync()
                )
                    .Value
                    .ApproximateMessagesCount
            );
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
