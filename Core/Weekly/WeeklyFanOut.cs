using BackSignal.Core.Configuration;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Weekly;

/// <summary>
/// The weekly timer: one email message per athlete whose local time has reached Monday 07:00 and whose summary of
/// the week just ended is not sent yet, and one per coach likewise (a coach has no profile: the time zone of their
/// first athlete stands in). Safe to run twice: the ledger row of each summary decides, and a message queued
/// twice still sends once.
/// </summary>
public sealed partial class WeeklyFanOut(
    AthleteStore athletes,
    EmailLedger ledger,
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

    /// <summary>Ledger reads and sends in flight at once: the run is one read and one send per athlete.</summary>
    private const int Parallelism = 16;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var all = await athletes.ListAsync(ct);
        IEnumerable<EmailMessage> summaries = all.Where(a => !a.OptsOut(AthleteProfile.WeeklySummaryOptOut))
            .Select(a => new WeeklySummaryEmail(Due(a.ResolveTimeZone(), now).ToString()) { AthleteId = a.AthleteId });
        var digests = all.Where(a => !string.IsNullOrWhiteSpace(a.CoachEmail))
            .GroupBy(a => CoachRefs.Of(a.CoachEmail!))
            .Select(coach => new CoachDigestEmail(
                coach.Key,
                Due(coach.OrderBy(a => a.AthleteId, StringComparer.Ordinal).First().ResolveTimeZone(), now).ToString()
            ));
        var queued = 0;
        await Parallel.ForEachAsync(
            summaries.Concat(digests),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (request, token) =>
            {
                if (await QueueUnlessDoneAsync(request, token))
                    Interlocked.Increment(ref queued);
            }
        );
        LogQueued(queued);
        return queued;
    }

    /// <summary>Queues the email unless the ledger says it was already sent, refused or skipped.</summary>
    private async Task<bool> QueueUnlessDoneAsync(EmailMessage request, CancellationToken ct)
    {
        if (
            await ledger.StatusAsync(request.LedgerPartition, request.LedgerKey, ct)
            is LedgerStatus.Sent
                or LedgerStatus.Failed
        )
            return false;
        await queue.SendAsync(request, ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly timer queued {Count} summaries and digests")]
    private partial void LogQueued(int count);
}
