using System.Text.Json;
using Azure.Data.Tables;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Queue `recompute`: brings an athlete's day rollups, metrics and alerts up to date from the earliest dirty day,
/// starting from the stored state of the day before, then queues the emails of alerts that should go out.
/// </summary>
/// <remarks>
/// Concurrency: one recompute per athlete at a time, by a lease on the athlete's state row. Every write of the
/// holder renews the lease with the row's ETag as a fence, so a holder whose lease expired (a paused process)
/// cannot overwrite the work of the one that took over. Inputs never wait for the lease: they (re)write a dirty
/// marker, and the holder deletes a marker only with the ETag it read, so a workout stored mid-way keeps its
/// day dirty and the holder goes round again. When nobody holds the lease, a recompute does not write one: its
/// commit is fenced by the state row's ETag as read, and a conflict sends it round again under the lease. A
/// message that finds the lease taken leaves one deferred copy per athlete, due when the lease should end, which
/// picks up markers the holder did not see (or the work of a holder that died). Two copies of a message at once
/// therefore leave the same rows as one.
/// </remarks>
public sealed class RecomputeHandler(
    AthleteStore athletes,
    TrainingStore training,
    MessageQueue queue,
    IEnumerable<IAlertRule> rules,
    IOptions<MetricsOptions> metricsOptions,
    IOptions<AlertOptions> alertOptions,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    TimeProvider wallClock,
    ILogger<RecomputeHandler> log)
{
    private const int MaxRounds = 10;
    /// <summary>How long a recompute may go without writing before another may take over.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        RecomputeRequest? request;
        try { request = Json.Deserialize<RecomputeRequest>(body); }
        catch (JsonException e) { throw new PermanentMessageException($"Invalid JSON: {e.Message}"); }
        if (request is null || request.V != 1 || !AthleteIds.IsValid(request.AthleteId))
            throw new PermanentMessageException("A recompute message needs v = 1 and a valid athleteId.");
        var profile = await athletes.FindAsync(request.AthleteId, ct)
                      ?? throw new PermanentMessageException($"Unknown athlete '{request.AthleteId}'.");

        var owner = Guid.NewGuid().ToString("N");
        var days = 0;
        var alertsRaised = false;
        // The first round goes without writing a lease when nobody holds one; any conflict falls back to the lease.
        var optimistic = true;
        for (var round = 0; round < MaxRounds; round++)
        {
            var (lease, heldUntil) = await training.TryAcquireRecomputeLeaseAsync(profile.AthleteId, owner, wallClock.GetUtcNow(), LeaseDuration, ct, optimistic);
            if (lease is null)
            {
                // Another recompute is at work. Should it die, or miss a marker written after it read them, one
                // deferred copy per athlete comes back a few seconds later (and again, until the lease is free).
                var now = wallClock.GetUtcNow();
                var due = now + TimeSpan.FromSeconds(Math.Clamp((heldUntil - now).TotalSeconds + 1, 1, 5));
                if (await training.TryClaimDeferredRecomputeAsync(profile.AthleteId, now, due, ct))
                    await queue.SendAsync(QueueNames.Recompute, request, ct, due - now);
                log.LogDebug("Recompute for athlete {AthleteRef} deferred: another one holds the lease", LogIds.Athlete(profile.AthleteId));
                return;
            }
            int redirtied;
            try
            {
                (var written, redirtied, var raised) = await RecomputeOnceAsync(profile, lease, ct);
                days += written;
                alertsRaised |= raised;
            }
            catch (RecomputeLeaseLostException) when (lease.Optimistic)
            {
                // Someone else wrote the state row meanwhile: go round again, this time under the lease.
                optimistic = false;
                continue;
            }
            catch (RecomputeLeaseLostException)
            {
                throw new TransientMessageException("The recompute lease was taken over mid-way; this message will run again.");
            }
            optimistic = false;
            // Markers written again while we worked: their days have new input, so go round (the lease is free now).
            if (redirtied == 0) break;
        }
        log.LogInformation("Recomputed {Days} days for athlete {AthleteRef}", days, LogIds.Athlete(profile.AthleteId));
        // Emails go out for new alerts; a run with nothing to do may be the redelivery of one that died before queueing them.
        if (alertsRaised || days == 0) await QueuePendingEmailsAsync(profile, ct);
    }

    /// <summary>
    /// One pass under the lease: computes from the earliest dirty day (or the day after the last computed one) to
    /// today, and commits rows, marker deletions and the lease release together. Returns the days written, how
    /// many markers were written again meanwhile, and whether any alert was raised.
    /// </summary>
    private async Task<(int Days, int Redirtied, bool AlertsRaised)> RecomputeOnceAsync(AthleteProfile profile, RecomputeLease lease, CancellationToken ct)
    {
        var id = profile.AthleteId;
        var options = metricsOptions.Value;
        var state = lease.State;
        var today = profile.LocalDate(time.GetUtcNow());
        DateOnly? from = state.Markers.Count > 0 ? state.Markers.Min(m => m.Day) : null;
        if (state.LastComputedDay is { } last && last < today)
            from = from is { } f && f <= last ? f : last.AddDays(1);
        if (from is null || state.LastComputedDay is null && state.Markers.Count == 0)
        {
            if (!lease.Optimistic) await training.ReleaseRecomputeLeaseAsync(id, lease.Fence, ct);
            return (0, 0, false);
        }

        try
        {
            // Start from the stored day before, or from the very first workout when there is none.
            var start = from.Value;
            SeriesState? before = null;
            IReadOnlyList<TrainingDay> history = [];
            var lookback = Math.Max(LoadSeries.WindowDays(options), options.StrengthLookbackDays);
            // One read of the stored days before: the state of the day before, the rolling windows, the strength look-back.
            var stored = await training.GetHistoryAsync(id, start.AddDays(-lookback), start.AddDays(-1), ct);
            IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> workouts;
            if (stored.Count == 0 || stored[^1].Metrics.Date != start.AddDays(-1))
            {
                // No stored day before: start at the athlete's first workout or first check-in, whichever is earlier.
                workouts = await training.GetWorkoutsAsync(id, DateOnly.MinValue, ct);
                var firstCheckin = (await training.GetCheckinsAsync(id, DateOnly.MinValue, today, ct)).Select(c => (DateOnly?)c.Date).FirstOrDefault();
                if (workouts.Count == 0 && firstCheckin is null)
                    return (0, await training.CommitRecomputeAsync(id, lease.Fence, state.LastComputedDay, [], state.Markers, default, ct), false);
                start = workouts.Count == 0 ? firstCheckin!.Value : firstCheckin is { } fc && fc < workouts.Min(w => w.Day) ? fc : workouts.Min(w => w.Day);
            }
            else
            {
                workouts = await training.GetWorkoutsAsync(id, start, ct);
                history = stored.Select(h => h.Day).ToList();
                before = StateBefore(stored[^1].Metrics, history, start, options);
            }

            var end = workouts.Count > 0 ? Max(today, workouts.Max(w => w.Day)) : today;
            var byDay = workouts.ToLookup(w => w.Day, w => w.Workout);
            // Check-ins from far enough back for the pain baselines and the flare-up window.
            var alerting = alertOptions.Value.For(profile);
            var checkinsFrom = start.AddDays(-Math.Max(alerting.FlareUpWindowDays, Math.Max(alerting.PainBaselineDays, alerting.RecoveryWindowDays) + 1));
            var checkins = await training.GetCheckinsAsync(id, checkinsFrom, end, ct);
            var pain = checkins.ToDictionary(c => c.Date, c => c.Pain);
            var computed = DaySeries.Compute(history, DaySeries.Rollups(start, end, byDay, profile, options, pain), before, options);
            var heavyBefore = stored.Where(h => h.HeavyHinge).Select(h => h.Metrics.Date).ToHashSet();
            var heavySquatBefore = stored.Where(h => h.HeavySquat).Select(h => h.Metrics.Date).ToHashSet();

            var rows = new List<TableTransactionAction>(computed.Count * 2 + 8);
            rows.AddRange(computed.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, TrainingStore.DayEntity(id, c.Day))));
            rows.AddRange(computed.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, TrainingStore.MetricsEntity(id, c.Metrics, c.Strength, c.Day))));
            var context = new RuleContext(computed, options, alerting)
            {
                Profile = profile, History = history, Checkins = checkins,
                HeavyHingeBefore = heavyBefore, HeavySquatBefore = heavySquatBefore,
            };
            var alerts = (await AlertRowsAsync(id, context, today, ct)).ToList();
            rows.AddRange(alerts);
            var redirtied = await training.CommitRecomputeAsync(id, lease.Fence, end, rows, state.Markers, wallClock.GetUtcNow() + LeaseDuration, ct);
            return (computed.Count, redirtied, alerts.Count > 0);
        }
        catch (Exception e) when (e is not RecomputeLeaseLostException)
        {
            // Free the lease for the redelivery rather than make it wait for the lease to expire.
            if (!lease.Optimistic) await training.ReleaseRecomputeLeaseAsync(id, lease.Fence, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The series state of the day before <paramref name="start"/>, from its stored metrics and the stored days before it.</summary>
    private static SeriesState StateBefore(DayMetrics previous, IReadOnlyList<TrainingDay> history, DateOnly start, MetricsOptions options)
    {
        var windowStart = start.AddDays(-LoadSeries.WindowDays(options));
        var stored = history.ToDictionary(d => d.Date);
        var firstDay = previous.Date.AddDays(1 - previous.HistoryDays);
        var loads = new List<double>();
        var spinal = new List<double>();
        for (var d = Max(windowStart, firstDay); d < start; d = d.AddDays(1))
        {
            var day = stored.GetValueOrDefault(d);
            loads.Add(day?.Load ?? 0);
            spinal.Add(day?.SpinalLoadKg ?? 0);
        }
        return new SeriesState(firstDay, previous.Date, previous.AcuteEwma, previous.ChronicEwma, previous.Ctl, previous.Atl, loads)
        {
            SpinalAcuteEwma = previous.SpinalAcuteEwma,
            SpinalChronicEwma = previous.SpinalChronicEwma,
            RecentSpinalLoads = spinal,
        };
    }

    private async Task<IEnumerable<TableTransactionAction>> AlertRowsAsync(string athleteId, RuleContext context, DateOnly today, CancellationToken ct)
    {
        var alerting = context.Alerts;
        var raised = rules.SelectMany(r => r.Evaluate(context)).OrderBy(a => a.Date).ThenBy(a => a.Rule).ToList();
        if (raised.Count == 0) return [];

        var known = (await training.GetAlertsAsync(athleteId, raised[0].Date.AddDays(-AlertDelivery.LookbackDays(alerting)), ct))
            .ToDictionary(a => a.Alert.Key);
        var notified = known.Values.Where(a => a.Notify).Select(a => a.Alert).ToList();
        var checkins = context.Checkins.GroupBy(c => c.Date).ToDictionary(g => g.Key, g => g.Last());
        var rows = new List<TableTransactionAction>();
        foreach (var alert in raised)
        {
            bool? notify = null;
            string? suppressed = null;
            if (!known.ContainsKey(alert.Key))
            {
                // Delivery is decided once, when the alert is first raised, and kept on every later recompute.
                suppressed = AlertDelivery.SuppressedBecause(alert, today, notified, checkins.GetValueOrDefault(alert.Date), alerting);
                notify = suppressed is null;
                if (notify.Value) notified.Add(alert);
            }
            rows.Add(new(TableTransactionActionType.UpsertMerge, TrainingStore.AlertEntity(athleteId, alert, notify, suppressed)));
        }
        return rows;
    }

    /// <summary>
    /// Queues the emails of alerts decided to notify and not yet queued. Runs after every recompute, so an alert
    /// whose emails were lost to a crash between commit and enqueue is picked up by the redelivered message.
    /// </summary>
    private async Task QueuePendingEmailsAsync(AthleteProfile profile, CancellationToken ct)
    {
        var today = profile.LocalDate(time.GetUtcNow());
        var recent = await training.GetAlertsAsync(profile.AthleteId, today.AddDays(-alertOptions.Value.EmailWindowDays), ct);
        var pending = recent.Where(a => a.Notify && !a.Queued).ToList();
        if (pending.Count == 0) return;
        var hasCoach = !string.IsNullOrWhiteSpace(profile.CoachEmail);

        // A see-a-doctor alert is an email of its own; the overload alerts of one run go out together, in one email
        // per recipient (the ledger still counts each alert, so a regrouped redelivery sends none twice).
        foreach (var doctor in pending.Where(a => a.Alert.IsDoctorAlert))
        {
            await queue.SendAsync(QueueNames.Emails, new EmailRequest(EmailRequest.AlertKind, profile.AthleteId, EmailRequest.ToAthlete, doctor.Alert.Key), ct);
            if (hasCoach && profile.ShareWithCoach)
                await queue.SendAsync(QueueNames.Emails, new EmailRequest(EmailRequest.AlertKind, profile.AthleteId, EmailRequest.ToCoach, doctor.Alert.Key), ct);
        }
        var overload = pending.Where(a => !a.Alert.IsDoctorAlert).Select(a => a.Alert.Key).ToList();
        if (overload.Count > 0)
            await queue.SendAsync(QueueNames.Emails, new EmailRequest(EmailRequest.AlertKind, profile.AthleteId, EmailRequest.ToAthlete, overload[0]) { AlertKeys = overload }, ct);
        // Alerts derived from pain reach the coach only with the athlete's consent.
        var forCoach = pending.Where(a => !a.Alert.IsDoctorAlert && AlertEmails.CoachMaySee(profile, a.Alert))
            .Select(a => a.Alert.Key).ToList();
        if (hasCoach && forCoach.Count > 0)
            await queue.SendAsync(QueueNames.Emails, new EmailRequest(EmailRequest.AlertKind, profile.AthleteId, EmailRequest.ToCoach, forCoach[0]) { AlertKeys = forCoach }, ct);
        foreach (var stored in pending) await training.MarkAlertQueuedAsync(profile.AthleteId, stored.Alert.Key, ct);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
