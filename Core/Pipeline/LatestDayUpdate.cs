using System.ComponentModel.DataAnnotations;
using Azure.Data.Tables;
using BackSignal.Core.Configuration;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// The intake's one-hop path: a workout or check-in on or after the athlete's last computed day, with nothing marked
/// dirty and no recompute holding the lease, is stored together with the days it changes, their metrics and
/// alerts, in one transaction fenced by the recompute state row's ETag — one query before it, no `recompute`
/// message. Anything else (a backfill, a held lease, a lost race, a long gap) returns false and the caller takes
/// the recompute path unchanged.
/// </summary>
/// <remarks>
/// Same rows as the recompute, by construction: the days computed are those a recompute of the input's dirty
/// marker would compute (from the last computed day when the input is on it, else the day after, to today), from
/// the same stored days, workouts and check-ins (the input itself as it reads back from its row), through the same
/// <see cref="Recalculation"/>. A property test over random histories compares both paths row by row.
/// </remarks>
public sealed partial class LatestDayUpdate(
    LatestDayStore store,
    Recalculation calculation,
    AlertNotifier notifier,
    IOptions<PipelineOptions> options,
    TrainingClock time,
    TimeProvider wallClock,
    ILogger<LatestDayUpdate> log
)
{
    /// <summary>
    /// The intake's path when it has not read the profile: the window (<see cref="LatestWindow"/>) when it is valid,
    /// else one query that reads the profile's copy with the rows, over ranges wide enough for any time zone and the
    /// deployment's windows. Returns whether the input was stored, and the profile when the copy was there (null:
    /// read the profile and call <see cref="TryAsync"/>).
    /// </summary>
    /// <remarks>
    /// The rows computed from are those the exact ranges of the copied profile select
    /// (<see cref="LatestDays.Within"/>), so the result is the one <see cref="TryAsync"/> gives. The window and the
    /// query serve a start within the last <see cref="NarrowDays"/> days (an athlete who trained in the last week):
    /// an input after a longer gap, or an athlete whose own thresholds reach further, is read again with the full
    /// ranges. A workout of today is then one point read and one commit.
    /// </remarks>
    public async Task<(bool Done, AthleteProfile? Profile)> TryWithCopyAsync(
        string athleteId,
        Func<AthleteProfile, DayInput> inputOf,
        CancellationToken ct
    )
    {
        if (!options.Value.OneHop || !AthleteIds.IsValid(athleteId))
            return (false, null);
        if (await store.ReadWindowAsync(athleteId, ct) is { Profile: { } copied } window)
            return await TryWithReadAsync(copied, inputOf(copied), window, ct);
        var utcToday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // Local dates run from UTC−12 to UTC+14: the day before UTC's to the day after.
        var deployment = new AthleteProfile { AthleteId = athleteId, Email = "" };
        var wide = RangesFor(deployment, utcToday.AddDays(-1), utcToday.AddDays(-1 - NarrowDays)) with
        {
            Through = utcToday.AddDays(1),
        };
        var read = await store.ReadAsync(athleteId, wide, ct);
        return read.Profile is { } p ? await TryWithReadAsync(p, inputOf(p), read, ct) : (false, null);
    }

    /// <summary>The narrow path from a read (window or query) that holds the profile's copy.</summary>
    private async Task<(bool Done, AthleteProfile? Profile)> TryWithReadAsync(
        AthleteProfile profile,
        DayInput input,
        LatestDays read,
        CancellationToken ct
    )
    {
        var today = profile.LocalDate(time.GetUtcNow());
        if (!Eligible(input, today))
            return (false, profile);
        var startFrom = today.AddDays(-NarrowDays);
        var exact = RangesFor(profile, today, startFrom);
        if (read.Ranges is { } ranges && ranges.Covers(exact))
        {
            var outcome = await TryWithAsync(profile, input, today, read.Within(exact), startFrom, null, ct);
            if (outcome != Outcome.NeedsFullRead)
                return (outcome == Outcome.Done, profile);
        }
        return (await TryAsync(profile, input, ct), profile);
    }

    /// <summary>How far back the intake's first read expects the start: a week covers athletes who train weekly.
    /// </summary>
    public const int NarrowDays = 7;

    /// <param name="seedRevision">
    /// The profile's revision, to seed its copy in the partition with the commit when there is none (profiles
    /// written before copies were kept).
    /// </param>
    public async Task<bool> TryAsync(
        AthleteProfile profile,
        DayInput input,
        CancellationToken ct,
        long? seedRevision = null
    )
    {
        var today = profile.LocalDate(time.GetUtcNow());
        if (!Eligible(input, today))
            return false;
        var earliest = today.AddDays(-options.Value.OneHopMaxDays);
        var read = await store.ReadAsync(profile.AthleteId, RangesFor(profile, today, earliest), ct);
        return await TryWithAsync(
                profile,
                input,
                today,
                read,
                earliest,
                read.Profile is null && seedRevision is { } revision ? AthleteStore.CopyOf(profile, revision) : null,
                ct
            ) == Outcome.Done;
    }

    private bool Eligible(DayInput input, DateOnly today) =>
        options.Value.OneHop && input.Day <= today && input.Day >= today.AddDays(-options.Value.OneHopMaxDays);

    /// <summary>
    /// What a one-hop computation reads for an athlete whose today is <paramref name="today"/>, for a start on or
    /// after <paramref name="startFrom"/>.
    /// </summary>
    private LatestDayRanges RangesFor(AthleteProfile profile, DateOnly today, DateOnly startFrom)
    {
        var alerting = calculation.AlertsFor(profile);
        return new LatestDayRanges(
            MetricsFrom: startFrom.AddDays(-calculation.LookbackDays - 1),
            // No workout is stored after the last computed day while no day is marked dirty (each input either
            // commits here, moving that day, or leaves its marker): the days computed need only the workouts of the
            // last computed day on, so only the latest are read, the heaviest rows of the partition.
            WorkoutsFrom: today.AddDays(-WorkoutDaysRead),
            CheckinsFrom: startFrom.AddDays(-calculation.PainDays(profile)),
            // The stored alerts read reach as far back as a recompute from the earliest start would look.
            AlertsFrom: Min(
                startFrom.AddDays(-AlertDelivery.LookbackDays(alerting)),
                today.AddDays(-alerting.EmailWindowDays)
            ),
            Through: today
        );
    }

    private enum Outcome
    {
        Done,

        /// <summary>Not for this path (a backfill, a held lease, a lost race): the recompute path.</summary>
        NotOneHop,

        /// <summary>The start, or the alerts it raises, reach before what was read: read the full ranges.</summary>
        NeedsFullRead,
    }

    /// <summary>Days of workouts the one-hop read reaches back (today and the day before).</summary>
    private const int WorkoutDaysRead = 1;

    /// <param name="startFrom">The earliest start the rows read serve.</param>
    private async Task<Outcome> TryWithAsync(
        AthleteProfile profile,
        DayInput input,
        DateOnly today,
        LatestDays read,
        DateOnly startFrom,
        ITableEntity? seedCopy,
        CancellationToken ct
    )
    {
        var settings = options.Value;
        var id = profile.AthleteId;
        var earliest = today.AddDays(-settings.OneHopMaxDays);
        var alerting = calculation.AlertsFor(profile);
        var painDays = calculation.PainDays(profile);
        var alertsFrom = startFrom.AddDays(-AlertDelivery.LookbackDays(alerting));
        var full = startFrom <= earliest;
        if (Start(read, input.Day) is not { } start || start < earliest || read.LeaseHeld(wallClock.GetUtcNow()))
            return Outcome.NotOneHop;
        if (start < startFrom)
            return Outcome.NeedsFullRead;
        // A start on a last computed day before the workouts read (an input dated then, after days without any) needs
        // that day's workouts: left to the recompute.
        if (start == read.LastComputedDay && start < today.AddDays(-WorkoutDaysRead))
            return Outcome.NotOneHop;

        var (row, workouts, checkins) = WithInput(id, read, input, start, today);
        var stored = read.Stored.Where(s => s.Metrics.Date < start).ToList();
        // A gap before the start means this is not the day after the stored ones: leave it to the recompute.
        if (stored.Count > 0 && stored[^1].Metrics.Date != start.AddDays(-1))
            return Outcome.NotOneHop;
        var inputs = calculation.Inputs(
            start,
            today,
            stored.Where(s => s.Metrics.Date >= start.AddDays(-calculation.LookbackDays)).ToList(),
            workouts,
            checkins.Where(c => c.Date >= start.AddDays(-painDays)).ToList()
        );
        var result = calculation.Compute(profile, inputs);
        // An alert raised before the stored ones read would need more of them: read them all, or leave it to the
        // recompute when they were.
        if (Recalculation.KnownAlertsSince(result) is { } since && since < alertsFrom)
            return full ? Outcome.NotOneHop : Outcome.NeedsFullRead;
        var decisions = Recalculation.Decide(result, today, read.Alerts);
        var now = wallClock.GetUtcNow();
        var rows = TrainingStore.RecomputedRows(id, result.Days, decisions, input.Claim, now).Prepend(row).ToList();
        if (seedCopy is not null)
            rows.Add(seedCopy);
        if (!LatestDayStore.FitsOneTransaction(rows) || !await store.TryCommitAsync(id, read, today, rows, ct))
            return Outcome.NotOneHop;
        LogUpdated(result.Days.Count, LogIds.Athlete(id), read.FromWindow ? "window" : "query");
        await notifier.QueueAsync(
            profile,
            Pending(read.Alerts, decisions, today.AddDays(-alerting.EmailWindowDays), input.Claim, now),
            ct
        );
        return Outcome.Done;
    }

    /// <summary>
    /// The first day a recompute of the input's dirty marker would compute, or null when the input is not one for
    /// this path: a day before the last computed one, markers waiting, or an athlete with rows but no state.
    /// </summary>
    private static DateOnly? Start(LatestDays read, DateOnly day)
    {
        if (read.Markers > 0)
            return null;
        if (read.LastComputedDay is not { } last)
            return read.Empty ? day : null;
        return day < last ? null
            : day == last ? last
            : last.AddDays(1);
    }

    /// <summary>
    /// The input's row, and the workouts and check-ins the days from <paramref name="start"/> need, the input in
    /// place of an earlier copy of itself.
    /// </summary>
    private static (
        ITableEntity Row,
        IReadOnlyList<(DateOnly Day, WorkoutSummary Workout)> Workouts,
        IReadOnlyList<PainCheckin> Checkins
    ) WithInput(string athleteId, LatestDays read, DayInput input, DateOnly start, DateOnly today)
    {
        var workouts = read.Workouts.Where(w => w.Day >= start && w.Day <= today).ToList();
        var checkins = read.Checkins.ToList();
        if (input.Workout is { } workout)
        {
            var (row, stored) = LatestDayStore.Stored(athleteId, input.Day, workout);
            workouts.RemoveAll(w => w.Day == input.Day && w.Workout.WorkoutId == stored.Workout.WorkoutId);
            workouts.Add(stored);
            return (row, [.. workouts.OrderBy(w => w.Day)], checkins);
        }
        var earlier = checkins.LastOrDefault(c => c.Date == input.Day);
        var (checkinRow, checkin) = LatestDayStore.Stored(
            input.Checkin!,
            earlier,
            read.CheckinETags.TryGetValue(input.Day, out var etag) ? etag : null,
            fenced: !read.FromWindow
        );
        checkins.RemoveAll(c => c.Date == checkin.Date);
        checkins.Add(checkin);
        return (checkinRow, workouts, [.. checkins.OrderBy(c => c.Date)]);
    }

    /// <summary>
    /// The alerts whose emails are due after the commit: those this commit decided to email, and those stored within
    /// the email window, decided to be emailed and not queued yet, that this message claimed (its redelivery after a
    /// crash) or whose claim went stale (<see cref="AlertClaims"/>).
    /// </summary>
    private static IReadOnlyList<Alert> Pending(
        IReadOnlyList<StoredAlert> stored,
        IReadOnlyList<AlertDecision> decisions,
        DateOnly windowStart,
        string claim,
        DateTimeOffset now
    )
    {
        var fresh = decisions.Where(d => d.Delivery is { Notify: true }).Select(d => d.Alert);
        var waiting = stored.Where(a => AlertClaims.MayQueue(a, claim, now)).Select(a => a.Alert);
        return fresh
            .Concat(waiting)
            .Where(a => a.Date >= windowStart)
            .DistinctBy(a => a.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Updated {Days} days for athlete {AthleteRef} in one hop, read from the {Read}"
    )]
    private partial void LogUpdated(int days, string athleteRef, string read);
}
