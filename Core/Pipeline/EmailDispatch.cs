using System.Text.Json;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Queue `emails`: render and send one email, at most once. The ledger row is claimed before sending and marked
/// sent only after SendGrid accepted the message (202); a permanent refusal (4xx) marks it failed with the reason
/// and completes the message, a transient one (429/5xx after retries) releases the claim and lets the queue retry.
/// </summary>
public sealed class EmailDispatch(
    AthleteStore athletes,
    TrainingStore training,
    EmailLedger ledger,
    EmailSender sender,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    ILogger<EmailDispatch> log)
{
    /// <summary>Longer than one send with all its retries, so a live sender is never overtaken.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        EmailRequest? request;
        try { request = Json.Deserialize<EmailRequest>(body); }
        catch (JsonException e) { throw new PermanentMessageException($"Invalid JSON: {e.Message}"); }
        if (request is null || request.V != 1) throw new PermanentMessageException("An email message needs v = 1.");
        if (request.Kind != EmailRequest.AlertKind || request.AlertKey is null)
            throw new PermanentMessageException($"Unknown email kind '{request.Kind}' (or no alertKey).");
        if (request.Recipient is not (EmailRequest.ToAthlete or EmailRequest.ToCoach))
            throw new PermanentMessageException($"Unknown recipient '{request.Recipient}' (athlete or coach).");

        var profile = await athletes.FindAsync(request.AthleteId, ct)
                      ?? throw new PermanentMessageException($"Unknown athlete '{request.AthleteId}'.");
        var stored = await training.FindAlertAsync(profile.AthleteId, request.AlertKey, ct)
                     ?? throw new PermanentMessageException($"No alert '{request.AlertKey}' is stored for this athlete.");

        if (!stored.Notify)
        {
            // Backfilled or within the cooldown: stored for the record, never emailed.
            log.LogInformation("Alert {Key} of athlete {AthleteRef} is not to be emailed ({Why})", request.AlertKey, LogIds.Athlete(profile.AthleteId), stored.SuppressedBecause);
            return;
        }
        var toCoach = request.Recipient == EmailRequest.ToCoach;
        if (toCoach && (string.IsNullOrWhiteSpace(profile.CoachEmail) || (stored.Alert.IsDoctorAlert && !profile.ShareWithCoach)))
        {
            // The profile changed since the email was queued: the coach no longer gets it.
            log.LogInformation("Skipped a coach email for athlete {AthleteRef}: no coach or no consent", LogIds.Athlete(profile.AthleteId));
            return;
        }

        var claim = await ledger.TryClaimAsync(profile.AthleteId, request.LedgerKey, time.GetUtcNow(), Lease, ct);
        switch (claim)
        {
            case ClaimResult.AlreadyDone done:
                log.LogInformation("Email {Key} for athlete {AthleteRef} was already {Status}", request.LedgerKey, LogIds.Athlete(profile.AthleteId), done.Status);
                return;
            case ClaimResult.Busy busy:
                throw new TransientMessageException($"Another delivery is sending this email until {busy.LeaseUntil:O}.");
        }
        var mine = ((ClaimResult.Claimed)claim).Claim;

        var email = AlertEmails.Render(profile, stored.Alert, request.Recipient);
        SendResult result;
        try
        {
            result = await sender.SendAsync(email, ct);
        }
        catch (TransientEmailException e)
        {
            await ledger.ReleaseAsync(mine, e.Message, CancellationToken.None);
            throw;
        }

        if (result.Outcome == SendOutcome.Accepted)
        {
            await ledger.MarkSentAsync(mine, time.GetUtcNow(), result.ProviderMessageId, CancellationToken.None);
            log.LogInformation("Sent email {Key} for athlete {AthleteRef}", request.LedgerKey, LogIds.Athlete(profile.AthleteId));
        }
        else
        {
            await ledger.MarkFailedAsync(mine, result.Reason ?? "rejected", result.StatusCode, CancellationToken.None);
            log.LogWarning("SendGrid refused email {Key} for athlete {AthleteRef} with status {Status}", request.LedgerKey, LogIds.Athlete(profile.AthleteId), result.StatusCode);
        }
    }
}
