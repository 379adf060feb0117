using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>Queue `workouts`: one canonical workout summary in, stored, recompute requested.</summary>
public sealed class IngestWorkout(PipelineDispatcher pipeline)
{
    [Function(nameof(IngestWorkout))]
    public Task Run([QueueTrigger(QueueNames.Workouts)] string message, CancellationToken cancellationToken) =>
        pipeline.ProcessAsync<WorkoutIntake>(message, cancellationToken);
}
