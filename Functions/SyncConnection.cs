using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>Queue `connections`: one step of a connected Hevy or Strava account.</summary>
public sealed class SyncConnection(PipelineDispatcher pipeline)
{
    [Function(nameof(SyncConnection))]
    public Task Run([QueueTrigger(QueueNames.Connections)] string message, CancellationToken cancellationToken) =>
        pipeline.ProcessAsync<ConnectionSync>(message, cancellationToken);
}
