namespace BackSignal.Core.Pipeline;

/// <summary>
/// The handler of one queue: each trigger names its handler type, and the dispatcher takes the queue's name from it
/// (for logs and rejections), so no queue is chosen by a string.
/// </summary>
public interface IQueueHandler
{
    static abstract string QueueName { get; }

    /// <summary>Handles one message body (a claim check already resolved).</summary>
    Task HandleAsync(string body, CancellationToken ct);
}
