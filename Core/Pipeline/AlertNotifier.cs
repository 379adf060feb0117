using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// The fan-out of alert emails after a recompute: which emails each alert decided to notify becomes, to whom.
/// </summary>
/// <remarks>
/// Runs after every recompute and queues what is decided to notify and not yet queued, so alerts whose emails were
/// lost to a crash between commit and enqueue are picked up by the redelivered message. An alert is marked queued
/// only after its emails are on the queue: a crash in between queues them again, and the email ledger sends none
/// twice.
/// </remarks>
public sealed class AlertNotifier(
    TrainingStore training,
    MessageQueue queue,
    IOptions<AlertOptions> alertOptions,
    TrainingClock time,
    TimeProvider wallClock
)
{
    /// <summary>
    /// Queues the emails of the recent alerts this message's <paramref name="claim"/> may queue (its own, those of
    /// before claims, stale ones); returns when one waiting on another's fresh claim goes stale, if any does.
    /// </summary>
    public async Task<DateTimeOffset?> QueuePendingAsync(AthleteProfile profile, string claim, CancellationToken ct)
    {
        var now = wallClock.GetUtcNow();
        var today = profile.LocalDate(time.GetUtcNow());
        var recent = await training.GetAlertsAsync(
            profile.AthleteId,
            today.AddDays(-alertOptions.Value.EmailWindowDays),
            ct
        );
        await QueueAsync(
            profile,
            recent.Where(a => AlertClaims.MayQueue(a, claim, now)).Select(a => a.Alert).ToList(),
            ct
        );
        return recent.Select(a => AlertClaims.StaleAt(a, claim, now)).Where(at => at is not null).Min();
    }

    /// <summary>Queues the emails of alerts decided to be emailed, then marks them queued.</summary>
    public async Task QueueAsync(AthleteProfile profile, IReadOnlyList<Alert> pending, CancellationToken ct)
    {
        if (pending.Count == 0)
            return;
        foreach (var email in EmailsFor(profile, pending))
            await queue.SendAsync(email, ct);
        await training.MarkAlertsQueuedAsync(profile.AthleteId, pending.Select(a => a.Key), ct);
    }

    /// <summary>
    /// A see-a-doctor alert is an email of its own; the overload alerts of one run go out together, in one email
    /// per recipient (the ledger still counts each alert, so a regrouped redelivery sends none twice). The coach
    /// gets a doctor alert only with the athlete's consent, and alerts derived from pain likewise.
    /// </summary>
    public static IReadOnlyList<AlertEmail> EmailsFor(AthleteProfile profile, IReadOnlyList<Alert> pending)
    {
        var hasCoach = !string.IsNullOrWhiteSpace(profile.CoachEmail);
        var emails = new List<AlertEmail>();
        foreach (var doctor in pending.Where(a => a.IsDoctorAlert))
        {
            emails.Add(new AlertEmail(profile.AthleteId, Recipient.Athlete, doctor.Key));
            if (hasCoach && profile.ShareWithCoach)
                emails.Add(new AlertEmail(profile.AthleteId, Recipient.Coach, doctor.Key));
        }
        var overload = pending.Where(a => !a.IsDoctorAlert).Select(a => a.Key).ToList();
        if (overload.Count > 0)
            emails.Add(new AlertEmail(profile.AthleteId, Recipient.Athlete, overload));
        var forCoach = pending
            .Where(a => !a.IsDoctorAlert && AlertEmails.CoachMaySee(profile, a))
            .Select(a => a.Key)
            .ToList();
        if (hasCoach && forCoach.Count > 0)
            emails.Add(new AlertEmail(profile.AthleteId, Recipient.Coach, forCoach));
        return emails;
    }
}
