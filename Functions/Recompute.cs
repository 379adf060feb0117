using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>Queue `recompute`: day rollups, metrics and alerts brought up to date for one athlete.</summary>
public sealed class Recompute(PipelineDispatcher pipeline)
{
    [Function(nameof(Recompute))]
    public Task Run([QueueTrigger(QueueNames.Recompute)] string message, CancellationToken cancellationToken) =>
        pipeline.ProcessAsync<RecomputeHandler>(message, cancellationToken);
}
