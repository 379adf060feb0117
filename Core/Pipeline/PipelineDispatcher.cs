using System.Diagnostics;
using BackSignal.Core.Configuration;
using BackSignal.Core.Messaging;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// The one entry point both runtimes call for a queue message: resolves a claim check, runs the trigger's handler,
/// and records a message that can never succeed in Rejections (then completes it). Anything else throws, so the
/// queue retries it and finally moves it to the poison queue.
/// </summary>
public sealed partial class PipelineDispatcher(
    MessageQueue queue,
    IServiceProvider services,
    RejectionStore rejections,
    TrainingClock time,
    ILogger<PipelineDispatcher> log
)
{
    public async Task ProcessAsync<THandler>(string message, CancellationToken ct)
        where THandler : IQueueHandler
    {
        var queueName = THandler.QueueName;
        var started = Stopwatch.GetTimestamp();
        var body = await queue.ResolveAsync(message, ct);
        var athlete = LogIds.Athlete(MessageFields.AthleteIdOf(body));
        try
        {
            await services.GetRequiredService<THandler>().HandleAsync(body, ct);
            LogDone(queueName, athlete, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (PermanentMessageException e)
        {
            var id = await rejections.RecordAsync(queueName, body, e.Message, time.GetUtcNow(), ct);
            // The reason may quote the message's values: it stays in the table, the log gets its id only.
            LogRejected(queueName, athlete, Stopwatch.GetElapsedTime(started).TotalMilliseconds, id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(queueName, athlete, Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.GetType().Name);
            throw;
        }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "{Queue} message for athlete {AthleteRef}: done in {Elapsed:0} ms"
    )]
    private partial void LogDone(string queue, string athleteRef, double elapsed);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Queue} message for athlete {AthleteRef}: rejected in "
            + "{Elapsed:0} ms, recorded as {RejectionId} in table Rejections"
    )]
    private partial void LogRejected(string queue, string athleteRef, double elapsed, string rejectionId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Queue} message for athlete {AthleteRef}: failed in "
            + "{Elapsed:0} ms ({Error}); the queue retries it"
    )]
    private partial void LogFailed(string queue, string athleteRef, double elapsed, string error);
}
