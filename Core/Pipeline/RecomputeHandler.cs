using BackSignal.Core.Configuration;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Queue `recompute`: brings an athlete's day rollups, metrics and alerts up to date from the earliest dirty day,
/// starting from the stored state of the day before, then has <see cref="AlertNotifier"/> queue the emails.
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
public sealed partial class RecomputeHandler(
    AthleteStore athletes,
    TrainingStore training,
    RecomputeLeases leases,
    MessageQueue queue,
    AlertNotifier notifier,
    Recalculation calculation,
    TrainingClock time,
    TimeProvider wallClock,
    ILogger<RecomputeHandler> log
) : IQueueHandler
{
    public static string QueueName => QueueNames.Recompute;

    private const int MaxRounds = 10;

    /// <summary>How soon a recompute that found alerts under another message's fresh claim looks again.</summary>
    public static readonly TimeSpan ClaimRecheck = TimeSpan.FromSeconds(5);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>How long a recompute may go without writing before another may take over.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        var request = MessageBody.Parse<RecomputeRequest>(body);
        if (request.V != 1 || !AthleteIds.IsValid(request.AthleteId))
            throw new PermanentMessageException("A recompute message needs v = 1 and a valid athleteId.");
        var profile = await athletes.KnownAthleteAsync(request.AthleteId, ct);
        var claim = AlertClaims.Of(body);

        var owner = Guid.NewGuid().ToString("N");
        var days = 0;
        var alertsRaised = false;
        var lostLease = false;
        // The first round goes without writing a lease when nobody holds one; any conflict falls back to the lease.
        var optimistic = true;
        for (var round = 0; round < MaxRounds; round++)
        {
            var (lease, heldUntil) = await leases.TryAcquireAsync(
                profile.AthleteId,
                owner,
                wallClock.GetUtcNow(),
                LeaseDuration,
                ct,
                optimistic
            );
            if (lease is null)
            {
                await DeferAsync(request, heldUntil, ct);
                return;
            }
            int redirtied;
            try
            {
                (var written, redirtied, var raised) = await RecomputeOnceAsync(profile, lease, claim, ct);
                days += written;
                alertsRaised |= raised;
            }
            catch (RecomputeLeaseLostException) when (lease.Optimistic)
            {
                // Someone else wrote the state row meanwhile: go round again, this time under the lease.
                optimistic = false;
                lostLease = true;
                continue;
            }
            catch (RecomputeLeaseLostException)
            {
                // What was committed before the lease went may hold alerts under this message's claim: queue them
                // now. Left to this message's redelivery (which raises nothing new, so queues nothing) or to the
                // claim's grace, they waited a minute while others deferred to the claim.
                await notifier.QueuePendingAsync(profile, claim, ct);
                throw new TransientMessageException(
                    "The recompute lease was taken over mid-way; this message will run again."
                );
            }
            optimistic = false;
            // Markers written again while we worked: their days have new input, so go round (the lease is free now).
            if (redirtied == 0)
                break;
        }
        LogRecomputed(days, LogIds.Athlete(profile.AthleteId));
        // Emails go out for new alerts; a run with nothing to do may be the redelivery of one that died before
        // queueing them.
        if (
            (alertsRaised || days == 0 || lostLease)
            && await notifier.QueuePendingAsync(profile, claim, ct) is { } stale
            && stale > wallClock.GetUtcNow()
        )
            // Alerts under another message's fresh claim: it is about to queue them (its queueing takes well under a
            // second; this read fell in between). This request looks again a few seconds later — it then finds them
            // queued and stops — and, should the claimant never queue them, takes them over once the claim is stale.
            await queue.SendAsync(
                QueueNames.Recompute,
                request,
                ct,
                Min(stale - wallClock.GetUtcNow() + TimeSpan.FromSeconds(1), ClaimRecheck)
            );
    }

    /// <summary>
    /// Another recompute is at work. Should it die, or miss a marker written after it read them, one deferred copy
    /// per athlete comes back a few seconds later (and again, until the lease is free).
    /// </summary>
    private async Task DeferAsync(RecomputeRequest request, DateTimeOffset heldUntil, CancellationToken ct)
    {
        var now = wallClock.GetUtcNow();
        var due = now + TimeSpan.FromSeconds(Math.Clamp((heldUntil - now).TotalSeconds + 1, 1, 5));
        if (await leases.TryClaimDeferredAsync(request.AthleteId, now, due, ct))
            await queue.SendAsync(QueueNames.Recompute, request, ct, due - now);
        LogDeferred(LogIds.Athlete(request.AthleteId));
    }

    /// <summary>
    /// One pass under the lease: computes from the earliest dirty day (or the day after the last computed one) to
    /// today, and commits rows, marker deletions and the lease release together. Returns the days written, how
    /// many markers were written again meanwhile, and whether any alert was raised.
    /// </summary>
    private async Task<(int Days, int Redirtied, bool AlertsRaised)> RecomputeOnceAsync(
        AthleteProfile profile,
        RecomputeLease lease,
        string claim,
        CancellationToken ct
    )
    {
        var id = profile.AthleteId;
        var state = lease.State;
        var today = profile.LocalDate(time.GetUtcNow());
        DateOnly? from = state.Markers.Count > 0 ? state.Markers.Min(m => m.Day) : null;
        if (state.LastComputedDay is { } last && last < today)
            from = from is { } f && f <= last ? f : last.AddDays(1);
        if (from is null || state.LastComputedDay is null && state.Markers.Count == 0)
        {
            if (!lease.Optimistic)
                await leases.ReleaseAsync(id, lease.Fence, ct);
            return (0, 0, false);
        }

        try
        {
            var inputs = await ReadInputsAsync(profile, from.Value, today, ct);
            // A deleted input (a workout removed at its provider) can leave days computed before the first day that
            // still has input, or after the last input is gone: nothing computes them again, so they go.
            if (inputs is null || inputs.Start > from.Value)
                await training.DeleteComputedDaysBeforeAsync(id, inputs?.Start, ct);
            if (inputs is null)
                return (0, await leases.CommitAsync(id, lease, state.LastComputedDay, [], default, ct), false);
            var result = calculation.Compute(profile, inputs);
            var decisions = await DecideAsync(id, result, today, ct);
            var rows = TrainingStore.RecomputedRows(id, result.Days, decisions, claim, wallClock.GetUtcNow());
            var redirtied = await leases.CommitAsync(
                id,
                lease,
                inputs.End,
                rows,
                wallClock.GetUtcNow() + LeaseDuration,
                ct
            );
            return (result.Days.Count, redirtied, decisions.Count > 0);
        }
        catch (Exception e) when (e is not RecomputeLeaseLostException)
        {
            // Free the lease for the redelivery rather than make it wait for the lease to expire.
            if (!lease.Optimistic)
                await leases.ReleaseAsync(id, lease.Fence, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Null when the athlete has neither a workout nor a check-in: nothing to compute.</summary>
    private async Task<RecomputeInputs?> ReadInputsAsync(
        AthleteProfile profile,
        DateOnly from,
        DateOnly today,
        CancellationToken ct
    )
    {
        var id = profile.AthleteId;
        var start = from;
        // One read of the stored days before: the state of the day before, the rolling windows, the strength
        // look-back.
        var stored = await training.GetStoredDaysAsync(
            id,
            start.AddDays(-calculation.LookbackDays),
            start.AddDays(-1),
            ct
        );
        IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> workouts;
        var resumes = stored.Count > 0 && stored[^1].Metrics.Date == start.AddDays(-1);
        if (!resumes)
        {
            // No stored day before: start at the athlete's first workout or first check-in, whichever is earlier.
            workouts = await training.GetWorkoutsAsync(id, DateOnly.MinValue, ct);
            var firstCheckin = (await training.GetCheckinsAsync(id, DateOnly.MinValue, today, ct))
                .Select(c => (DateOnly?)c.Date)
                .FirstOrDefault();
            if (workouts.Count == 0 && firstCheckin is null)
                return null;
            var firstWorkout = workouts.Count == 0 ? (DateOnly?)null : workouts.Min(w => w.Day);
            start = Earliest(firstWorkout, firstCheckin);
        }
        else
            workouts = await training.GetWorkoutsAsync(id, start, ct);
        var end = workouts.Count > 0 && workouts.Max(w => w.Day) > today ? workouts.Max(w => w.Day) : today;
        // Check-ins from far enough back for the pain baselines and the flare-up window.
        var checkins = await training.GetCheckinsAsync(id, start.AddDays(-calculation.PainDays(profile)), end, ct);
        return resumes
            ? calculation.Inputs(start, end, stored, workouts, checkins)
            : new RecomputeInputs(start, end, stored, [], null, workouts, checkins);
    }

    /// <summary>
    /// The delivery decisions of the raised alerts, against those stored (<see cref="AlertDelivery"/>).
    /// </summary>
    private async Task<IReadOnlyList<AlertDecision>> DecideAsync(
        string athleteId,
        Recalculated result,
        DateOnly today,
        CancellationToken ct
    ) =>
        Recalculation.KnownAlertsSince(result) is { } since
            ? Recalculation.Decide(result, today, await training.GetAlertsAsync(athleteId, since, ct))
            : [];

    private static DateOnly Earliest(DateOnly? a, DateOnly? b) =>
        a is { } x && b is { } y ? (x < y ? x : y) : a ?? b ?? throw new ArgumentException("No day given.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Recomputed {Days} days for athlete {AthleteRef}")]
    private partial void LogRecomputed(int days, string athleteRef);

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Recompute for athlete {AthleteRef} deferred: another one holds the lease"
    )]
    private partial void LogDeferred(string athleteRef);
}
