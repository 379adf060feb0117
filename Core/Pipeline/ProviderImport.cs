using BackSignal.Core.Configuration;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Stores workouts that came from a connected account (Hevy, Strava) or removes one deleted there, and asks for one
/// recompute from the earliest day touched: the recompute computes, alerts and emails as for any import.
/// Idempotent: a workout is stored under its stable id with the row that says where, so a redelivery, the webhook and
/// the feed bringing the same workout, or a later CSV export of it, leave one workout.
/// </summary>
public sealed partial class ProviderImport(
    TrainingStore training,
    MessageQueue queue,
    ErasureGuard guard,
    TrainingClock time,
    ILogger<ProviderImport> log
)
{
    /// <summary>Validates and stores the workouts; returns how many were stored.</summary>
    public async Task<int> StoreAsync(
        AthleteProfile profile,
        IEnumerable<WorkoutSummary> workouts,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var dated = new List<(DateOnly Day, WorkoutSummary Workout)>();
        foreach (var received in workouts)
        {
            // The same checks as a workout message; one bad workout does not hold up the rest.
            if (WorkoutValidation.Problems(received, now) is { Count: > 0 } problems)
            {
                LogSkipped(received.Source, string.Join("; ", problems.Select(p => p.Field).Distinct()));
                continue;
            }
            var (workout, dropped) = WorkoutValidation.Repair(received);
            if (dropped.Count > 0)
                LogDropped(dropped.Count, string.Join(", ", dropped.Select(d => d.Field).Distinct()));
            dated.Add((profile.LocalDate(workout.Start), workout));
        }
        if (dated.Count == 0)
            return 0;
        var earliest = await training.SaveProviderWorkoutsAsync(profile.AthleteId, dated, ct);
        await guard.AfterWriteAsync(profile.AthleteId, ct);
        await queue.SendAsync(QueueNames.Recompute, new RecomputeRequest(profile.AthleteId, earliest!.Value), ct);
        return dated.Count;
    }

    /// <summary>Removes the provider's workout if stored; true when one was.</summary>
    public async Task<bool> RemoveAsync(AthleteProfile profile, string source, string sourceId, CancellationToken ct)
    {
        if (await training.DeleteProviderWorkoutAsync(profile.AthleteId, source, sourceId, ct) is not { } day)
            return false;
        await guard.AfterWriteAsync(profile.AthleteId, ct);
        await queue.SendAsync(QueueNames.Recompute, new RecomputeRequest(profile.AthleteId, day), ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a {Source} workout that cannot be read: {Fields}")]
    private partial void LogSkipped(string source, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} out-of-range values from a workout: {Fields}")]
    private partial void LogDropped(int count, string fields);
}
