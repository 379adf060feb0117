using System.Text.Json;
using Azure.Data.Tables;
using BackSignal.Core.Configuration;
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
/// Concurrency: every write of a recompute is guarded by the ETag of the athlete's recompute state row, which
/// every input write also touches. Two recomputes at once, or a workout arriving mid-way, make the later writer
/// fail with 412 and start again from fresh inputs, so the stored rows always come from one consistent read.
/// </remarks>
public sealed class RecomputeHandler(
    AthleteStore athletes,
    TrainingStore training,
    MessageQueue queue,
    IEnumerable<IAlertRule> rules,
    IOptions<MetricsOptions> metricsOptions,
    IOptions<AlertOptions> alertOptions,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    ILogger<RecomputeHandler> log)
{
    private const int MaxAttempts = 8;

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        RecomputeRequest? request;
        try { request = Json.Deserialize<RecomputeRequest>(body); }
        catch (JsonException e) { throw new PermanentMessageException($"Invalid JSON: {e.Message}"); }
        if (request is null || request.V != 1 || !AthleteIds.IsValid(request.AthleteId))
            throw new PermanentMessageException("A recompute message needs v = 1 and a valid athleteId.");
        var profile = await athletes.FindAsync(request.AthleteId, ct)
                      ?? throw new PermanentMessageException($"Unknown athlete '{request.AthleteId}'.");

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var days = await RecomputeOnceAsync(profile, ct);
                log.LogInformation("Recomputed {Days} days for athlete {AthleteRef} (attempt {Attempt})", days, LogIds.Athlete(profile.AthleteId), attempt);
                break;
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && attempt < MaxAttempts)
            {
                // Inputs changed or another recompute wrote first: read again and redo.
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
        }
        await QueuePendingEmailsAsync(profile, ct);
    }

    /// <summary>Returns how many days were written (0 when nothing was dirty).</summary>
    private async Task<int> RecomputeOnceAsync(AthleteProfile profile, CancellationToken ct)
    {
        var id = profile.AthleteId;
        var options = metricsOptions.Value;
        var state = await training.ReadRecomputeStateAsync(id, ct);
        if (state is null) return 0;

        var today = profile.LocalDate(time.GetUtcNow());
        DateOnly? from = state.DirtyDays.Count > 0 ? state.DirtyDays.Min() : null;
        if (state.LastComputedDay is { } last && last < today)
            from = from is { } f && f <= last ? f : last.AddDays(1);
        if (from is null) return 0;

        // Start from the stored day before, or from the very first workout when there is none.
        var start = from.Value;
        SeriesState? before = null;
        var previous = (await training.GetMetricsAsync(id, start.AddDays(-1), start.AddDays(-1), ct)).FirstOrDefault();
        IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> workouts;
        if (previous is null)
        {
            workouts = await training.GetWorkoutsAsync(id, DateOnly.MinValue, ct);
            if (workouts.Count == 0) return 0;
            start = workouts.Min(w => w.Day);
        }
        else
        {
            workouts = await training.GetWorkoutsAsync(id, start, ct);
            var windowStart = start.AddDays(-(options.ChronicDays - 1));
            var stored = (await training.GetDaysAsync(id, windowStart, start.AddDays(-1), ct)).ToDictionary(d => d.Date, d => d.Load);
            var firstDay = previous.Date.AddDays(1 - previous.HistoryDays);
            var recent = new List<double>();
            for (var d = Max(windowStart, firstDay); d < start; d = d.AddDays(1)) recent.Add(stored.GetValueOrDefault(d));
            before = new SeriesState(firstDay, previous.Date, previous.AcuteEwma, previous.ChronicEwma, previous.Ctl, previous.Atl, recent);
        }

        var end = workouts.Count > 0 ? Max(today, workouts.Max(w => w.Day)) : today;
        var byDay = workouts.ToLookup(w => w.Day, w => w.Workout);
        var rollups = new List<TrainingDay>();
        for (var d = start; d <= end; d = d.AddDays(1))
            rollups.Add(TrainingDay.Of(d, byDay[d].ToList(), profile, options));
        var metrics = LoadSeries.Compute(rollups.Select(r => (r.Date, r.Load)).ToList(), before, options);

        var rows = new List<TableTransactionAction>(rollups.Count * 2 + 8);
        rows.AddRange(rollups.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, TrainingStore.DayEntity(id, r))));
        rows.AddRange(metrics.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, TrainingStore.MetricsEntity(id, m))));
        rows.AddRange(await AlertRowsAsync(id, metrics, today, ct));
        await training.CommitRecomputeAsync(id, state, end, rows, ct);
        return rollups.Count;
    }

    private async Task<IEnumerable<TableTransactionAction>> AlertRowsAsync(string athleteId, IReadOnlyList<DayMetrics> metrics, DateOnly today, CancellationToken ct)
    {
        var alerting = alertOptions.Value;
        var context = new RuleContext(metrics, metricsOptions.Value, alerting);
        var raised = rules.SelectMany(r => r.Evaluate(context)).OrderBy(a => a.Date).ThenBy(a => a.Rule).ToList();
        if (raised.Count == 0) return [];

        var known = (await training.GetAlertsAsync(athleteId, raised[0].Date.AddDays(-alerting.CooldownDays), ct))
            .ToDictionary(a => a.Alert.Key);
        var notified = known.Values.Where(a => a.Notify).Select(a => a.Alert).ToList();
        var rows = new List<TableTransactionAction>();
        foreach (var alert in raised)
        {
            bool? notify = null;
            string? suppressed = null;
            if (!known.ContainsKey(alert.Key))
            {
                // Delivery is decided once, when the alert is first raised, and kept on every later recompute.
                if (today.DayNumber - alert.Date.DayNumber >= alerting.EmailWindowDays)
                    suppressed = $"backfill: the day is more than {alerting.EmailWindowDays} days ago";
                else if (notified.Any(n => n.Rule == alert.Rule && Math.Abs(alert.Date.DayNumber - n.Date.DayNumber) < alerting.CooldownDays))
                    suppressed = $"cooldown: {alert.Rule} was emailed less than {alerting.CooldownDays} days before";
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
        foreach (var stored in recent.Where(a => a.Notify && !a.Queued))
        {
            await queue.SendAsync(QueueNames.Emails, new EmailRequest(EmailRequest.AlertKind, profile.AthleteId, EmailRequest.ToAthlete, stored.Alert.Key), ct);
            if (!string.IsNullOrWhiteSpace(profile.CoachEmail) && (!stored.Alert.IsDoctorAlert || profile.ShareWithCoach))
                await queue.SendAsync(QueueNames.Emails, new EmailRequest(EmailRequest.AlertKind, profile.AthleteId, EmailRequest.ToCoach, stored.Alert.Key), ct);
            await training.MarkAlertQueuedAsync(profile.AthleteId, stored.Alert.Key, ct);
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
