using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>
/// Queue `exports`: an uploaded export file read into workouts, its report recorded, recompute requested.
/// </summary>
public sealed class ImportExport(PipelineDispatcher pipeline)
{
    [Function(nameof(ImportExport))]
    public Task Run([QueueTrigger(QueueNames.Exports)] string message, CancellationToken cancellationToken) =>
        pipeline.ProcessAsync<ExportIngestion>(message, cancellationToken);
}
