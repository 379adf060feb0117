using BackSignal.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>Another delivery holds the ledger lease of an email this message would send.</summary>
internal sealed class EmailBusyException() : Exception("Another delivery is sending this email.");

public sealed partial class EmailDispatch
{
    /// <summary>How soon a copy looks again at an email another delivery is sending (a send takes under 1 s).</summary>
    public static readonly TimeSpan BusyRecheck = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Sends the email of one message. When another delivery is sending the same email (two runs queued it at
    /// once), this copy comes back <see cref="BusyRecheck"/> later instead of failing: then it finds it sent, or,
    /// should that delivery have died, its lease ends and this copy sends it. Failing would wait out the queue's
    /// visibility timeout and count towards the poison queue for an email that is on its way.
    /// </summary>
    public async Task HandleAsync(string body, CancellationToken ct)
    {
        try
        {
            await DispatchAsync(body, ct);
        }
        catch (EmailBusyException)
        {
            await queue.SendTextAsync(QueueNames.Emails, body, ct, BusyRecheck);
            LogBusy();
        }
    }

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "An email of this message is being sent by another delivery: checking again shortly"
    )]
    private partial void LogBusy();
}
