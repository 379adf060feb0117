using System.Text.Json;
using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Queue `emails`: render and send one email, at most once — an alert, a weekly summary or a coach digest. The
/// ledger row is claimed before sending and marked sent only after SendGrid accepted the message (202); a
/// permanent refusal (4xx) marks it failed with the reason and completes the message, a transient one (429/5xx
/// after retries) releases the claim and lets the queue retry.
/// </summary>
public sealed partial class EmailDispatch(
    AthleteStore athletes,
    TrainingStore training,
    WeeklyReports reports,
    IngestionStore ingestions,
    EmailLedger ledger,
    EmailSender sender,
    IOptions<EmailOptions> emailOptions,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    LinkTokens links,
    AccessRefs access,
    MessageQueue queue,
    WaitingReports waiting,
    ILogger<EmailDispatch> log
) : IQueueHandler
{
    public static string QueueName => QueueNames.Emails;

    /// <summary>Longer than one send with all its retries, so a live sender is never overtaken.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);

    private async Task DispatchAsync(string body, CancellationToken ct)
    {
        var request = MessageBody.Parse<EmailRequest>(body);
        if (request.V != 1)
            throw new PermanentMessageException("An email message needs v = 1.");

        switch (request.Kind)
        {
            case EmailKind.Alert:
                await AlertAsync(request, ct);
                break;
            case EmailKind.Weekly:
                await WeeklyAsync(request, ct);
                break;
            case EmailKind.ImportReport:
                await ImportReportAsync(request, ct);
                break;
            case EmailKind.CoachDigest:
                await DigestAsync(request, ct);
                break;
            default:
                throw new PermanentMessageException($"Unknown email kind '{request.Kind}'.");
        }
    }

    private async Task AlertAsync(EmailRequest request, CancellationToken ct)
    {
        if (request.Alerts.Count == 0)
            throw new PermanentMessageException("An alert email needs an alertKey.");
        var profile = await athletes.KnownAthleteAsync(request.AthleteId, ct);
        var toCoach = request.Recipient == Recipient.Coach;

        var alerts = new List<Rules.Alert>();
        foreach (var key in request.Alerts)
        {
            var stored =
                await training.FindAlertAsync(profile.AthleteId, key, ct)
                ?? throw new PermanentMessageException($"No alert '{key}' is stored for this athlete.");
            if (!stored.Notify)
            {
                // Backfilled or within the cooldown: stored for the record, never emailed.
                LogNotEmailed(key, LogIds.Athlete(profile.AthleteId), stored.SuppressedBecause);
                continue;
            }
            if (toCoach && !AlertEmails.CoachMaySee(profile, stored.Alert))
            {
                // The profile changed since the email was queued: the coach no longer gets it.
                LogNoCoach(LogIds.Athlete(profile.AthleteId));
                continue;
            }
            if (!toCoach && !stored.Alert.IsDoctorAlert && profile.OptsOut(AthleteProfile.OverloadAlertsOptOut))
            {
                LogOptedOut(LogIds.Athlete(profile.AthleteId), "overload alert emails");
                continue;
            }
            alerts.Add(stored.Alert);
        }
        if (alerts.Count == 0)
            return;

        // Each alert is claimed in the ledger on its own: the email carries only those not sent yet, so copies of
        // the message, or a redelivery that grouped the alerts differently, send no alert twice.
        // A see-a-doctor email goes at least once (a possible duplicate beats a lost warning); the others at most
        // once per ledger key.
        var atLeastOnce = alerts.Any(a => a.IsDoctorAlert);
        OutgoingEmail Render(IReadOnlyList<Rules.Alert> claimed) =>
            claimed.Count == 1
                ? AlertEmails.Render(profile, claimed[0], request.Recipient)
                : AlertEmails.RenderMany(profile, claimed, request.Recipient);
        await SendOnceAsync(
            profile.AthleteId,
            // A revision (a new sign the same day) is an email of its own.
            alerts.Select(a => (request.LedgerKeyOf(a.Key) + (a.Revision > 0 ? $"|r{a.Revision}" : ""), a)).ToList(),
            claimed => RenderWithLinksAsync(profile.AthleteId, claimed, request.Recipient, Render(claimed), ct),
            ct,
            atLeastOnce
        );
    }

    private async Task<OutgoingEmail> RenderWithLinksAsync(
        string athleteId,
        IReadOnlyList<Rules.Alert> claimed,
        Recipient recipient,
        OutgoingEmail email,
        CancellationToken ct
    )
    {
        email = await WithPlannedLinkAsync(athleteId, claimed, recipient, email, ct);
        return recipient == Recipient.Athlete && CheckinPrompt(claimed) is { } prompt
            ? await WithCheckinLinkAsync(athleteId, email, ct, prompt)
            : email;
    }

    /// <summary>
    /// Claims the ledger row of each item, renders one email of the items claimed (those already sent, refused or
    /// skipped are left out), sends it and records the outcome on every claim: one email per item whatever the
    /// deliveries. When SendGrid may have accepted a request that got no answer, an at-most-once email is marked
    /// failed with that reason (never sent twice) and an at-least-once one is released for the queue to send again.
    /// A configuration fault (401, 403) releases the claims and leaves the message to the queue, logged as an
    /// error for the operator.
    /// </summary>
    private async Task SendOnceAsync<T>(
        string partition,
        IReadOnlyList<(string Key, T Item)> items,
        Func<IReadOnlyList<T>, Task<OutgoingEmail>> render,
        CancellationToken ct,
        bool atLeastOnce = false
    )
    {
        var claims = new List<(EmailClaim Claim, T Item)>();
        SendResult result;
        try
        {
            foreach (var (key, item) in items)
            {
                switch (await ledger.TryClaimAsync(partition, key, time.GetUtcNow(), Lease, ct))
                {
                    case ClaimResult.Claimed claimed:
                        claims.Add((claimed.Claim, item));
                        break;
                    case ClaimResult.AlreadyDone done:
                        LogAlreadyDone(key, done.Status);
                        break;
                    case ClaimResult.Busy:
                        throw new EmailBusyException();
                }
            }
            if (claims.Count == 0)
                return;
            result = await sender.SendAsync(await render(claims.Select(c => c.Item).ToList()), ct);
        }
        catch (TransientEmailException e) when (e.MaybeSent && !atLeastOnce)
        {
            const string reason =
                "no answer from SendGrid after the request was sent: it may have been delivered, "
                + "so it is not sent again (at most once)";
            foreach (var (claim, _) in claims)
                await Persistently(() => ledger.MarkFailedAsync(claim, reason, null, CancellationToken.None));
            LogNotSent(claims[0].Claim.Key, reason);
            return;
        }
        catch (Exception e)
        {
            if (e is EmailConfigurationException)
                LogConfigurationFault(claims.Count > 0 ? claims[0].Claim.Key : "-");
            // Nothing went out (or an at-least-once email may be sent again): give the claims up so that the queue's
            // next delivery can send at once.
            foreach (var (claim, _) in claims)
                await ledger.ReleaseAsync(
                    claim,
                    e is TransientEmailException ? e.Message : "the send did not complete",
                    CancellationToken.None
                );
            throw;
        }

        // Recorded whatever happens to the lease meanwhile, and retried here: once SendGrid answered, the fact must
        // stay (a ledger left "Sending" would let a later delivery send again).
        foreach (var (claim, _) in claims)
        {
            if (result.Outcome == SendOutcome.Accepted)
                await Persistently(() =>
                    ledger.MarkSentAsync(claim, time.GetUtcNow(), result.ProviderMessageId, CancellationToken.None)
                );
            else
                await Persistently(() =>
                    ledger.MarkFailedAsync(
                        claim,
                        result.Reason ?? "rejected",
                        result.StatusCode,
                        CancellationToken.None
                    )
                );
        }
        if (result.Outcome == SendOutcome.Accepted)
            LogSent(claims[0].Claim.Key, claims.Count);
        else
            LogRefused(claims[0].Claim.Key, result.StatusCode);
    }

    /// <summary>A ledger write after SendGrid answered: tried up to five times over about three seconds.</summary>
    private static async Task Persistently(Func<Task> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception e)
                when (attempt < 5
                    && e is Azure.RequestFailedException { Status: 0 or 408 or 429 or >= 500 } or HttpRequestException
                )
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Alert {Key} of athlete {AthleteRef} is not to be emailed ({Why})"
    )]
    private partial void LogNotEmailed(string key, string athleteRef, string? why);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Skipped a coach email for athlete {AthleteRef}: no coach or no consent"
    )]
    private partial void LogNoCoach(string athleteRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Athlete {AthleteRef} opted out of {What}")]
    private partial void LogOptedOut(string athleteRef, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "No athletes for coach {CoachRef} any more: no digest")]
    private partial void LogNoAthletes(string coachRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {Key} was already {Status}")]
    private partial void LogAlreadyDone(string key, LedgerStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {Key}: {Reason}")]
    private partial void LogNotSent(string key, string reason);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "SendGrid refused the API key or the sender: configuration fault; email {Key} waits in the queue"
    )]
    private partial void LogConfigurationFault(string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent email {Key} ({Count} item(s))")]
    private partial void LogSent(string key, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid refused email {Key} with status {Status}")]
    private partial void LogRefused(string key, int status);
}
