using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>Another delivery holds the ledger lease of an email this message would send.</summary>
internal sealed class EmailBusyException() : Exception("Another delivery is sending this email.");

/// <summary>
/// The one way an email goes out, at most once (or at least once for see-a-doctor advice): the ledger row is claimed
/// before sending and marked sent only after SendGrid accepted the message (202); a permanent refusal (4xx) marks
/// it failed with the reason, a transient one (429/5xx after retries) releases the claim and lets the queue retry.
/// </summary>
public sealed partial class LedgeredSender(
    EmailLedger ledger,
    EmailSender sender,
    TrainingClock time,
    ILogger<LedgeredSender> log
)
{
    /// <summary>Longer than one send with all its retries, so a live sender is never overtaken.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Claims the ledger row of each item, renders one email of the items claimed (those already sent, refused or
    /// skipped are left out), sends it and records the outcome on every claim: one email per item whatever the
    /// deliveries. When SendGrid may have accepted a request that got no answer, an at-most-once email is marked
    /// failed with that reason (never sent twice) and an at-least-once one is released for the queue to send again.
    /// A configuration fault (401, 403) releases the claims and leaves the message to the queue, logged as an
    /// error for the operator.
    /// </summary>
    public async Task SendOnceAsync<T>(
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

    /// <summary>The ledger status of one email (null: never claimed).</summary>
    public Task<LedgerStatus?> StatusAsync(string partition, string key, CancellationToken ct) =>
        ledger.StatusAsync(partition, key, ct);

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
