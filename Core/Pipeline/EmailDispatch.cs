using BackSignal.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Queue `emails`: one email message to its kind's composer, which renders it and sends it through the
/// <see cref="LedgeredSender"/> (at most once; see-a-doctor advice at least once).
/// </summary>
public sealed partial class EmailDispatch(
    AlertEmailComposer alerts,
    WeeklySummaryComposer weekly,
    CoachDigestComposer digests,
    ImportReportComposer reports,
    DataRightsComposer rights,
    SignupEmailComposers signups,
    FreshLinkComposer fresh,
    SquadNoticeComposer squad,
    MessageQueue queue,
    ILogger<EmailDispatch> log
) : IQueueHandler
{
    public static string QueueName => QueueNames.Emails;

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
        var message = MessageBody.Parse<EmailMessage>(body);
        if (message.V != 1)
            throw new PermanentMessageException("An email message needs v = 1.");
        try
        {
            await (
                message switch
                {
                    AlertEmail alert => alerts.SendAsync(alert, ct),
                    WeeklySummaryEmail summary => weekly.SendAsync(summary, ct),
                    CoachDigestEmail digest => digests.SendAsync(digest, ct),
                    ImportReportEmail report => reports.SendAsync(report, ct),
                    DataRightsEmail request => rights.SendAsync(request, ct),
                    InvitationEmail invitation => signups.SendAsync(invitation, ct),
                    VerificationEmail verification => signups.SendAsync(verification, ct),
                    FreshLinkEmail link => fresh.SendAsync(link, ct),
                    AthleteLeftEmail left => squad.SendAsync(left, ct),
                    RemovedFromSquadEmail removed => squad.SendAsync(removed, ct),
                    _ => throw new PermanentMessageException($"No composer for {message.GetType().Name}."),
                }
            );
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
