using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>Queue `emails`: one email rendered and sent through SendGrid, at most once.</summary>
public sealed class SendEmail(PipelineDispatcher pipeline)
{
    [Function(nameof(SendEmail))]
    public Task Run([QueueTrigger(QueueNames.Emails)] string message, CancellationToken cancellationToken) =>
        pipeline.ProcessAsync<EmailDispatch>(message, cancellationToken);
}
