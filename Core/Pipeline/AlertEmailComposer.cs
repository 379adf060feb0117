using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// An alert email: the stored alerts still to be emailed (not backfilled, within the coach's consent, not opted
/// out), each claimed in the ledger on its own, rendered as one email with the athlete's or coach's links.
/// </summary>
public sealed partial class AlertEmailComposer(
    AthleteStore athletes,
    TrainingStore training,
    CoachPreferences coaches,
    SignedEmailLinks links,
    LedgeredSender sender,
    ILogger<AlertEmailComposer> log
)
{
    public async Task SendAsync(AlertEmail request, CancellationToken ct)
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
            if (!toCoach && !stored.Alert.IsDoctorAlert && profile.OptsOut(EmailChoices.OverloadAlerts))
            {
                LogOptedOut(LogIds.Athlete(profile.AthleteId));
                continue;
            }
            if (
                toCoach
                && !stored.Alert.IsDoctorAlert
                && await coaches.OptsOutAsync(CoachRefs.Of(profile.CoachEmail!), EmailChoices.OverloadAlerts, ct)
            )
            {
                LogOptedOut(LogIds.Athlete(profile.AthleteId));
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
        await sender.SendOnceAsync(
            profile.AthleteId,
            // A revision (a new sign the same day) is an email of its own.
            alerts.Select(a => (request.LedgerKeyOf(a.Key) + (a.Revision > 0 ? $"|r{a.Revision}" : ""), a)).ToList(),
            claimed => WithLinksAsync(profile.AthleteId, claimed, request.Recipient, Render(claimed), ct),
            ct,
            atLeastOnce
        );
    }

    private async Task<OutgoingEmail> WithLinksAsync(
        string athleteId,
        IReadOnlyList<Rules.Alert> claimed,
        Recipient recipient,
        OutgoingEmail email,
        CancellationToken ct
    )
    {
        email = await links.WithPlannedLinkAsync(athleteId, claimed, recipient, email, ct);
        if (recipient == Recipient.Athlete && SignedEmailLinks.CheckinPrompt(claimed) is { } prompt)
            email = await links.WithCheckinLinkAsync(athleteId, email, ct, prompt);
        // Training load warnings may be stopped; see-a-doctor advice never.
        if (claimed.Any(a => a.IsDoctorAlert))
            return email;
        var subject = recipient == Recipient.Athlete ? athleteId : LinkSubjects.CoachPrefix + CoachRefs.Of(email.To);
        return await links.WithUnsubscribeAsync(subject, EmailChoices.OverloadAlerts, email, ct);
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

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "An overload alert email about athlete {AthleteRef} was stopped by its recipient"
    )]
    private partial void LogOptedOut(string athleteRef);
}
