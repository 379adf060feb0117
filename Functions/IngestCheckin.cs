using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>
/// Queue `checkins`: one pain check-in in, stored as the day's check-in, recompute (and rules) requested.
/// </summary>
public sealed class IngestCheckin(PipelineDispatcher pipeline)
{
    [Function(nameof(IngestCheckin))]
    public Task Run([QueueTrigger(QueueNames.Checkins)] string message, CancellationToken cancellationToken) =>
        pipeline.ProcessAsync<CheckinIntake>(message, cancellationToken);
}
