using BackSignal.Core.Configuration;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Queue `workouts`: validate one canonical workout and store it with its day's metrics and alerts in one hop
/// (<see cref="LatestDayUpdate"/>), or store it and ask for a recompute from its day.
/// </summary>
public sealed partial class WorkoutIntake(
    AthleteStore athletes,
    TrainingStore training,
    LatestDayUpdate latest,
    MessageQueue queue,
    ErasureGuard guard,
    TrainingClock time,
    ILogger<WorkoutIntake> log
) : IQueueHandler
{
    public static string QueueName => QueueNames.Workouts;

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        var workout = MessageBody.Parse<WorkoutSummary>(body);
        var problems = WorkoutValidation.Problems(workout, time.GetUtcNow());
        if (problems.Count > 0)
            throw new PermanentMessageException("Invalid workout: " + string.Join("; ", problems));
        (workout, var dropped) = WorkoutValidation.Repair(workout);
        if (dropped.Count > 0)
            LogDropped(dropped.Count, string.Join(", ", dropped.Select(d => d.Field).Distinct()));
        // The common case, a workout of the latest days, in this hop: the profile's copy is read with the days, so
        // that it is one query and one commit. Anything else through `recompute`.
        var (done, copied) = await latest.TryWithCopyAsync(
            workout.AthleteId,
            p => DayInput.Of(p.LocalDate(workout.Start), workout) with { Claim = AlertClaims.Of(body) },
            ct
        );
        if (done)
        {
            LogStored(workout.WorkoutId, LogIds.Athlete(workout.AthleteId));
            return;
        }
        AthleteProfile profile;
        if (copied is not null)
            profile = copied;
        else
        {
            // No copy yet (a profile written before copies were kept): the profile itself, and its copy seeded.
            var found =
                await athletes.FindWithRevisionAsync(workout.AthleteId, ct)
                ?? throw new PermanentMessageException(MessageBody.UnknownAthlete(workout.AthleteId));
            profile = found.Profile;
            if (
                await latest.TryAsync(
                    profile,
                    DayInput.Of(profile.LocalDate(workout.Start), workout) with
                    {
                        Claim = AlertClaims.Of(body),
                    },
                    ct,
                    found.Revision
                )
            )
            {
                LogStored(workout.WorkoutId, LogIds.Athlete(profile.AthleteId));
                return;
            }
        }
        var day = profile.LocalDate(workout.Start);
        await training.SaveWorkoutsAsync(profile.AthleteId, [(day, workout)], ct);
        await guard.AfterWriteAsync(profile.AthleteId, ct);
        await queue.SendAsync(QueueNames.Recompute, new RecomputeRequest(profile.AthleteId, day), ct);
        LogStored(workout.WorkoutId, LogIds.Athlete(profile.AthleteId));
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Dropped {Count} out-of-range values from a workout message: {Fields}"
    )]
    private partial void LogDropped(int count, string fields);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored workout {WorkoutId} for athlete {AthleteRef}")]
    private partial void LogStored(string workoutId, string athleteRef);
}
