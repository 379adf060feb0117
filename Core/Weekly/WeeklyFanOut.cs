using BackSignal.Core.Configuration;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Weekly;

/// <summary>
/// The weekly timer: one email message per athlete whose local time has reached Monday 07:00 and whose summary of
/// the week just ended is not queued yet, and one per coach likewise (a coach has no profile: the time zone of their
/// first athlete stands in). Who is due is read from <see cref="WeeklyMarks"/>: an hourly run with nobody due reads
/// the profiles and the marks (a transaction per thousand rows each) and nothing else, and a run after missed ones
/// catches up (the mark is older than the week due).
/// </summary>
/// <remarks>
/// The message is queued before its mark is written: a crash in between queues it again next hour, and the ledger
/// sends it once. Two runs at once may both queue a summary; the ledger still sends one.
/// </remarks>
public sealed partial class WeeklyFanOut(
    AthleteStore athletes,
    WeeklyMarks marks,
    MessageQueue queue,
    TrainingClock time,
    ILogger<WeeklyFanOut> log
)
{
    public static readonly TimeOnly SendAt = new(7, 0);

    /// <summary>
    /// The latest week whose summary is due at <paramref name="now"/> in <paramref name="zone"/>: the week before the
    /// current ISO week from Monday 07:00 on, and until then the week before that.
    /// </summary>
    public static IsoWeek Due(TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var week = IsoWeek.Of(DateOnly.FromDateTime(local));
        return local >= week.Monday.ToDateTime(SendAt) ? week.Previous : week.Previous.Previous;
    }

    /// <summary>Sends in flight at once.</summary>
    private const int Parallelism = 16;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var all = await athletes.ListAsync(ct);
        var athleteMarks = await marks.ReadAsync(WeeklyMarks.Athletes, ct);
        var coachMarks = await marks.ReadAsync(WeeklyMarks.Coaches, ct);
        var summaries = all.Where(a => !a.OptsOut(AthleteProfile.WeeklySummaryOptOut))
            .Select(a => new WeeklySummaryEmail(Due(a.ResolveTimeZone(), now).ToString()) { AthleteId = a.AthleteId })
            .Where(e => athleteMarks.GetValueOrDefault(e.AthleteId) != e.Week)
            .ToList();
        var digests = all.Where(a => !string.IsNullOrWhiteSpace(a.CoachEmail))
            .GroupBy(a => CoachRefs.Of(a.CoachEmail!))
            .Select(coach => new CoachDigestEmail(
                coach.Key,
                Due(coach.OrderBy(a => a.AthleteId, StringComparer.Ordinal).First().ResolveTimeZone(), now).ToString()
            ))
            .Where(e => coachMarks.GetValueOrDefault(e.CoachRef) != e.Week)
            .ToList();
        await Parallel.ForEachAsync(
            summaries.Concat<EmailMessage>(digests),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (email, token) => await queue.SendAsync(email, token)
        );
        await marks.MarkAsync(WeeklyMarks.Athletes, summaries.Select(e => (e.AthleteId, e.Week)), ct);
        await marks.MarkAsync(WeeklyMarks.Coaches, digests.Select(e => (e.CoachRef, e.Week)), ct);
        LogQueued(summaries.Count + digests.Count);
        return summaries.Count + digests.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly timer queued {Count} summaries and digests")]
    private partial void LogQueued(int count);
}
