using System.Text.Json;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
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
public sealed class EmailDispatch(
    AthleteStore athletes,
    TrainingStore training,
    WeeklyReports reports,
    EmailLedger ledger,
    EmailSender sender,
    IOptions<EmailOptions> emailOptions,
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
        if (request.Recipient is not (EmailRequest.ToAthlete or EmailRequest.ToCoach))
            throw new PermanentMessageException($"Unknown recipient '{request.Recipient}' (athlete or coach).");

        switch (request.Kind)
        {
            case EmailRequest.AlertKind: await AlertAsync(request, ct); break;
            case EmailRequest.WeeklyKind: await WeeklyAsync(request, ct); break;
            case EmailRequest.DigestKind: await DigestAsync(request, ct); break;
            default: throw new PermanentMessageException($"Unknown email kind '{request.Kind}'.");
        }
    }

    private async Task AlertAsync(EmailRequest request, CancellationToken ct)
    {
        if (request.Alerts.Count == 0) throw new PermanentMessageException("An alert email needs an alertKey.");
        var profile = await athletes.FindAsync(request.AthleteId, ct)
                      ?? throw new PermanentMessageException($"Unknown athlete '{request.AthleteId}'.");
        var toCoach = request.Recipient == EmailRequest.ToCoach;

        var alerts = new List<Rules.Alert>();
        foreach (var key in request.Alerts)
        {
            var stored = await training.FindAlertAsync(profile.AthleteId, key, ct)
                         ?? throw new PermanentMessageException($"No alert '{key}' is stored for this athlete.");
            if (!stored.Notify)
            {
                // Backfilled or within the cooldown: stored for the record, never emailed.
                log.LogInformation("Alert {Key} of athlete {AthleteRef} is not to be emailed ({Why})", key, LogIds.Athlete(profile.AthleteId), stored.SuppressedBecause);
                continue;
            }
            if (toCoach && (string.IsNullOrWhiteSpace(profile.CoachEmail) || (stored.Alert.IsDoctorAlert && !profile.ShareWithCoach)))
            {
                // The profile changed since the email was queued: the coach no longer gets it.
                log.LogInformation("Skipped a coach email for athlete {AthleteRef}: no coach or no consent", LogIds.Athlete(profile.AthleteId));
                continue;
            }
            if (!toCoach && !stored.Alert.IsDoctorAlert && profile.OptsOut(AthleteProfile.OverloadAlertsOptOut))
            {
                log.LogInformation("Athlete {AthleteRef} opted out of overload alert emails", LogIds.Athlete(profile.AthleteId));
                continue;
            }
            alerts.Add(stored.Alert);
        }
        if (alerts.Count == 0) return;

        // Each alert is claimed in the ledger on its own: the email carries only those not sent yet, so copies of
        // the message, or a redelivery that grouped the alerts differently, send no alert twice.
        var claims = new List<(EmailClaim Claim, Rules.Alert Alert)>();
        try
        {
            foreach (var alert in alerts)
            {
                switch (await ledger.TryClaimAsync(profile.AthleteId, request.LedgerKeyOf(alert.Key), time.GetUtcNow(), Lease, ct))
                {
                    case ClaimResult.Claimed claimed: claims.Add((claimed.Claim, alert)); break;
                    case ClaimResult.Busy busy: throw new TransientMessageException($"Another delivery is sending alert {alert.Key} until {busy.LeaseUntil:O}.");
                }
            }
        }
        catch (TransientMessageException)
        {
            foreach (var (claim, _) in claims) await ledger.ReleaseAsync(claim, "another delivery holds a sibling alert", CancellationToken.None);
            throw;
        }
        if (claims.Count == 0)
        {
            log.LogInformation("Every alert of this email was already handled");
            return;
        }

        var email = claims.Count == 1
            ? AlertEmails.Render(profile, claims[0].Alert, request.Recipient)
            : AlertEmails.RenderMany(profile, claims.Select(c => c.Alert).ToList(), request.Recipient);
        SendResult result;
        try
        {
            result = await sender.SendAsync(email, ct);
        }
        catch (TransientEmailException e)
        {
            foreach (var (claim, _) in claims) await ledger.ReleaseAsync(claim, e.Message, CancellationToken.None);
            throw;
        }
        foreach (var (claim, alert) in claims)
        {
            if (result.Outcome == SendOutcome.Accepted) await ledger.MarkSentAsync(claim, time.GetUtcNow(), result.ProviderMessageId, CancellationToken.None);
            else await ledger.MarkFailedAsync(claim, result.Reason ?? "rejected", result.StatusCode, CancellationToken.None);
        }
        if (result.Outcome == SendOutcome.Accepted) log.LogInformation("Sent an email of {Count} alert(s) for athlete {AthleteRef}", claims.Count, LogIds.Athlete(profile.AthleteId));
        else log.LogWarning("SendGrid refused an alert email for athlete {AthleteRef} with status {Status}", LogIds.Athlete(profile.AthleteId), result.StatusCode);
    }

    private async Task WeeklyAsync(EmailRequest request, CancellationToken ct)
    {
        if (!IsoWeek.TryParse(request.Week, out var week)) throw new PermanentMessageException($"'{request.Week}' is not an ISO week such as 2026-W47.");
        var profile = await athletes.FindAsync(request.AthleteId, ct)
                      ?? throw new PermanentMessageException($"Unknown athlete '{request.AthleteId}'.");
        if (profile.OptsOut(AthleteProfile.WeeklySummaryOptOut))
        {
            log.LogInformation("Athlete {AthleteRef} opted out of the weekly summary", LogIds.Athlete(profile.AthleteId));
            return;
        }
        await SendOnceAsync(request, async () =>
        {
            var summary = await reports.SummaryAsync(profile, week, ct);
            return WeeklyEmails.Render(profile.Email, summary, WeeklyChart.Png(summary.Chart), LogIds.Athlete(profile.AthleteId), emailOptions.Value.WeeklyUnsubscribeGroupId);
        }, ct);
    }

    private async Task DigestAsync(EmailRequest request, CancellationToken ct)
    {
        if (!IsoWeek.TryParse(request.Week, out var week)) throw new PermanentMessageException($"'{request.Week}' is not an ISO week such as 2026-W47.");
        if (string.IsNullOrWhiteSpace(request.CoachRef)) throw new PermanentMessageException("A coach digest needs a coachRef.");
        var (coachEmail, rows) = await reports.DigestAsync(request.CoachRef, week, ct);
        if (coachEmail is null || rows.Count == 0)
        {
            log.LogInformation("No athletes for coach {CoachRef} any more: no digest", request.CoachRef);
            return;
        }
        await SendOnceAsync(request, () => Task.FromResult(WeeklyEmails.RenderDigest(coachEmail, week, rows, request.CoachRef, emailOptions.Value.WeeklyUnsubscribeGroupId)), ct);
    }

    /// <summary>Claims the ledger row, renders and sends, and records the outcome: one email whatever the deliveries.</summary>
    private async Task SendOnceAsync(EmailRequest request, Func<Task<OutgoingEmail>> render, CancellationToken ct)
    {
        var partition = request.LedgerPartition;
        var claim = await ledger.TryClaimAsync(partition, request.LedgerKey, time.GetUtcNow(), Lease, ct);
        switch (claim)
        {
            case ClaimResult.AlreadyDone done:
                log.LogInformation("Email {Key} was already {Status}", request.LedgerKey, done.Status);
                return;
            case ClaimResult.Busy busy:
                throw new TransientMessageException($"Another delivery is sending this email until {busy.LeaseUntil:O}.");
        }
        var mine = ((ClaimResult.Claimed)claim).Claim;

        SendResult result;
        try
        {
            result = await sender.SendAsync(await render(), ct);
        }
        catch (TransientEmailException e)
        {
            await ledger.ReleaseAsync(mine, e.Message, CancellationToken.None);
            throw;
        }
        catch
        {
            await ledger.ReleaseAsync(mine, "rendering failed", CancellationToken.None);
            throw;
        }

        if (result.Outcome == SendOutcome.Accepted)
        {
            await ledger.MarkSentAsync(mine, time.GetUtcNow(), result.ProviderMessageId, CancellationToken.None);
            log.LogInformation("Sent email {Key}", request.LedgerKey);
        }
        else
        {
            await ledger.MarkFailedAsync(mine, result.Reason ?? "rejected", result.StatusCode, CancellationToken.None);
            log.LogWarning("SendGrid refused email {Key} with status {Status}", request.LedgerKey, result.StatusCode);
        }
    }
}
