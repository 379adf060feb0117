using Azure.Data.Tables;
using BackSignal.Core.Configuration;
using BackSignal.Core.Hosting;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Pipeline;

/// <summary>The recompute lease and the dirty markers, race by race, against Azurite.</summary>
[Collection(StorageCollection.Name)]
public class RecomputeLeaseTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_workout_stored_while_a_recompute_runs_keeps_its_day_dirty()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("lease-ada");
        var training = harness.Services.GetRequiredService<TrainingStore>();
        var leases = harness.Services.GetRequiredService<RecomputeLeases>();
        await training.SaveWorkoutsAsync(
            athlete.AthleteId,
            [(Today, Scenarios.Workout(athlete, Today, 60, 6))],
            default
        );

        var (lease, _) = await leases.TryAcquireAsync(
            athlete.AthleteId,
            "first",
            Now,
            TimeSpan.FromMinutes(2),
            default
        );
        Assert.NotNull(lease);
        // Meanwhile a second workout of the same day arrives: its marker is written again.
        await training.SaveWorkoutsAsync(
            athlete.AthleteId,
            [(Today, Scenarios.Workout(athlete, Today, 30, 8, "Evening"))],
            default
        );
        var redirtied = await leases.CommitAsync(athlete.AthleteId, lease, Today, [], Now.AddMinutes(2), default);

        Assert.Equal(1, redirtied);
        var state = await leases.ReadStateAsync(athlete.AthleteId, default);
        Assert.Equal([Today], state!.DirtyDays);
    }

    [Fact]
    public async Task One_recompute_at_a_time_and_a_holder_whose_lease_expired_cannot_write()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("lease-bo");
        var training = harness.Services.GetRequiredService<TrainingStore>();
        var leases = harness.Services.GetRequiredService<RecomputeLeases>();
        await training.SaveWorkoutsAsync(
            athlete.AthleteId,
            [(Today, Scenarios.Workout(athlete, Today, 60, 6))],
            default
        );

        var (first, _) = await leases.TryAcquireAsync(
            athlete.AthleteId,
            "first",
            Now,
            TimeSpan.FromMinutes(2),
            default
        );
        var (blocked, heldUntil) = await leases.TryAcquireAsync(
            athlete.AthleteId,
            "second",
            Now.AddSeconds(30),
            TimeSpan.FromMinutes(2),
            default
        );
        Assert.NotNull(first);
        Assert.Null(blocked);
        Assert.Equal(Now.AddMinutes(2), heldUntil);

        // The first holder stalls past its lease; the second takes over and the first's write is fenced off.
        var (second, _) = await leases.TryAcquireAsync(
            athlete.AthleteId,
            "second",
            Now.AddMinutes(3),
            TimeSpan.FromMinutes(2),
            default
        );
        Assert.NotNull(second);
        var row = new TableEntity(athlete.AthleteId, RowKeys.MetricsKey(Today)) { ["Load"] = 1.0 };
        await Assert.ThrowsAsync<RecomputeLeaseLostException>(() =>
            leases.CommitAsync(athlete.AthleteId, first, Today, [row], Now.AddMinutes(5), default)
        );
        Assert.Empty(await harness.RowsAsync(athlete.AthleteId, RowKeys.Metrics));

        // The current holder commits, and the lease is free afterwards.
        Assert.Equal(0, await leases.CommitAsync(athlete.AthleteId, second, Today, [row], Now.AddMinutes(5), default));
        var (third, _) = await leases.TryAcquireAsync(
            athlete.AthleteId,
            "third",
            Now.AddMinutes(3),
            TimeSpan.FromMinutes(2),
            default
        );
        Assert.NotNull(third);
        Assert.Empty(third.State.Markers);
    }
}

/// <summary>
/// How many storage transactions one workout costs, counted by a pipeline policy on the real clients (the queue
/// trigger's own receive and delete are the runtime's, not counted here).
/// </summary>
[Collection(StorageCollection.Name)]
public class TransactionCountTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_workout_of_today_costs_two_table_transactions_and_no_second_hop()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var counter = new StorageCounter();
        await using var counted = Counted(harness, counter);
        var athlete = await WithHistoryAsync(harness, "count-today");
        var dispatcher = counted.GetRequiredService<Core.Pipeline.PipelineDispatcher>();

        var before = counter.Snapshot();
        await dispatcher.ProcessAsync<WorkoutIntake>(Json.Serialize(Scenarios.Workout(athlete, Today, 60, 6)), default);
        var first = counter.Snapshot();
        await dispatcher.ProcessAsync<WorkoutIntake>(
            Json.Serialize(Scenarios.Workout(athlete, Today, 30, 5, title: "Second")),
            default
        );
        var second = counter.Snapshot();

        // The history's recompute left the window invalid: its point read, one query of seven key ranges (the
        // profile's copy among them), one transaction fenced by the state row's ETag that writes the window anew.
        Assert.Equal(3, first.Tables - before.Tables);
        // Then the window's point read and one transaction fenced by its ETag; no message either time.
        Assert.Equal(2, second.Tables - first.Tables);
        Assert.Equal(0, second.Queues - before.Queues);
        Assert.Equal(0, second.Blobs - before.Blobs);
        Assert.Null((await harness.Queue.GetQueue(Core.Messaging.QueueNames.Recompute).PeekMessageAsync()).Value);
        var metrics = await harness.RowsAsync(athlete.AthleteId, RowKeys.MetricsKey(Today));
        Assert.Equal(360.0 + 150.0, Assert.Single(metrics).GetDouble("Load"));
        Assert.Empty(await harness.RowsAsync(athlete.AthleteId, RowKeys.Dirty + "2"));
    }

    [Fact]
    public async Task A_backfilled_workout_takes_the_recompute_hop_and_nine_table_transactions()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var counter = new StorageCounter();
        await using var counted = Counted(harness, counter);
        var athlete = await WithHistoryAsync(harness, "count-backfill");
        var dispatcher = counted.GetRequiredService<Core.Pipeline.PipelineDispatcher>();
        await dispatcher.ProcessAsync<WorkoutIntake>(Json.Serialize(Scenarios.Workout(athlete, Today, 60, 6)), default);

        var before = counter.Snapshot();
        await dispatcher.ProcessAsync<WorkoutIntake>(
            Json.Serialize(Scenarios.Workout(athlete, Today.AddDays(-3), 60, 6)),
            default
        );
        var afterIntake = counter.Snapshot();
        var recompute = await harness.Queue.GetQueue(Core.Messaging.QueueNames.Recompute).ReceiveMessageAsync();
        await dispatcher.ProcessAsync<RecomputeHandler>(recompute.Value.MessageText, default);
        var after = counter.Snapshot();

        // Intake: the window's point read (with the profile's copy; the day is before the last computed one), one
        // transaction (workout, dirty marker, the window's invalidation), the look for an erasure's tombstone after
        // it, one message. Recompute: profile read, one query of state and markers (no lease written: nobody held
        // one), the history query, the workouts query, the check-ins query, one transaction of rows and marker
        // deletes fenced by the state row's ETag.
        Assert.Equal(3, afterIntake.Tables - before.Tables);
        Assert.Equal(1, afterIntake.Queues - before.Queues);
        Assert.Equal(6, after.Tables - afterIntake.Tables);
        Assert.Equal(0, after.Blobs - before.Blobs);
        var metrics = await harness.RowsAsync(athlete.AthleteId, RowKeys.MetricsKey(Today.AddDays(-3)));
        Assert.Equal(360.0, Assert.Single(metrics).GetDouble("Load"));
    }

    [Fact]
    public async Task A_profile_without_its_copy_is_read_once_and_its_copy_seeded_with_the_commit()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var counter = new StorageCounter();
        await using var counted = Counted(harness, counter);
        var athlete = await WithHistoryAsync(harness, "count-seed");
        // As profiles written before copies were kept: no copy in the partition.
        await harness.Training.DeleteEntityAsync(athlete.AthleteId, RowKeys.ProfileCopy);
        var dispatcher = counted.GetRequiredService<Core.Pipeline.PipelineDispatcher>();

        var before = counter.Snapshot();
        await dispatcher.ProcessAsync<WorkoutIntake>(Json.Serialize(Scenarios.Workout(athlete, Today, 60, 6)), default);
        var first = counter.Snapshot();
        // No valid window (the history's recompute), the wide query finds no copy; the profile, the exact query, the
        // commit that seeds the copy and writes a window that holds it.
        Assert.Equal(5, first.Tables - before.Tables);
        Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.ProfileCopy));

        await dispatcher.ProcessAsync<WorkoutIntake>(
            Json.Serialize(Scenarios.Workout(athlete, Today, 30, 5, title: "Second")),
            default
        );
        Assert.Equal(2, counter.Snapshot().Tables - first.Tables);
    }

    [Fact]
    public async Task A_workout_after_two_weeks_off_reads_the_full_ranges_once_more_and_still_takes_one_hop()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var counter = new StorageCounter();
        await using var counted = Counted(harness, counter);
        var athlete = await WithHistoryAsync(harness, "count-gap");
        var dispatcher = counted.GetRequiredService<Core.Pipeline.PipelineDispatcher>();
        await dispatcher.ProcessAsync<WorkoutIntake>(Json.Serialize(Scenarios.Workout(athlete, Today, 60, 6)), default);
        // The history ends two days before Today; the athlete comes back twelve days after Today.
        harness.Clock.Advance(TimeSpan.FromDays(12));
        var back = Today.AddDays(12);

        var before = counter.Snapshot();
        await dispatcher.ProcessAsync<WorkoutIntake>(Json.Serialize(Scenarios.Workout(athlete, back, 60, 6)), default);
        var after = counter.Snapshot();

        // The window's point read (it serves a start within the week), the full read (the start is two weeks back),
        // one commit; no recompute message.
        Assert.Equal(3, after.Tables - before.Tables);
        Assert.Equal(0, after.Queues - before.Queues);
        Assert.Equal(
            360.0,
            Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.MetricsKey(back))).GetDouble("Load")
        );
        // Every day of the gap computed, as a recompute would.
        var days = await harness.RowsAsync(athlete.AthleteId, RowKeys.Day);
        Assert.Equal(12, days.Count(d => string.CompareOrdinal(d.RowKey, RowKeys.DayKey(Today)) > 0));
    }

    [Fact]
    public async Task A_changed_profile_reaches_the_copy_the_intake_computes_with()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = await WithHistoryAsync(harness, "copy-follows");
        var store = harness.Services.GetRequiredService<AthleteStore>();
        await store.UpdateAsync(
            athlete.AthleteId,
            p => p with { TimeZone = "Pacific/Auckland", BodyMassKg = 91 },
            default
        );
        await store.UpdateAsync(athlete.AthleteId, p => p with { BodyMassKg = 92 }, default);

        var copy = Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.ProfileCopy));
        var copied = AthleteStore.FromCopy(copy);
        Assert.Equal("Pacific/Auckland", copied.TimeZone);
        Assert.Equal(92, copied.BodyMassKg);
        Assert.Equal(3, copy.GetInt64("Revision"));
    }

    /// <summary>Core's services on clients whose requests <paramref name="counter"/> counts.</summary>
    private ServiceProvider Counted(PipelineHarness harness, StorageCounter counter) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(counter.Clients(azurite.ConnectionString))
            .AddBackSignalCore(harness.Configuration)
            .AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, harness.Clock)
            .BuildServiceProvider();

    /// <summary>An athlete with eight weeks of history, fully processed.</summary>
    private static async Task<AthleteProfile> WithHistoryAsync(PipelineHarness harness, string athleteId)
    {
        var athlete = Scenarios.Athlete(athleteId, coach: null);
        await harness.AddAthleteAsync(athlete);
        await harness.QueueWorkoutsAsync(
            Enumerable
                .Range(1, 56)
                .Where(d => d % 2 == 0)
                .Select(d => Scenarios.Workout(athlete, Today.AddDays(-d), 60, 6))
        );
        await harness.DrainAsync();
        return athlete;
    }

    private static readonly DateOnly Today = new(2026, 11, 20);
}
