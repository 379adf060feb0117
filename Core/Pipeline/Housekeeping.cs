using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// What the hourly timer does besides the weekly fan-out, in both hosts: it queues the import reports that waited
/// for the hour, and sweeps used form nonces older than a form lives, erasure tombstones older than 30 days, and
/// rejections (refused mail and messages that could not be processed) older than <c>Retention__RejectionDays</c>
/// (default 90).
/// </summary>
public sealed class Housekeeping(
    UsedNonces nonces,
    RejectionStore rejections,
    ErasedAthletes erased,
    WaitingReports waiting,
    MessageQueue queue,
    IConfiguration configuration,
    TimeProvider wallClock
)
{
    public const string RejectionSetting = "Retention:RejectionDays";
    public const int DefaultRejectionDays = 90;

    /// <summary>
    /// Queues one email per athlete with the import reports that waited for the hour (at most 50 uploads an email;
    /// the rest wait for the next run). Its reply key names the hour, so a timer that fires twice queues one email.
    /// </summary>
    public async Task FlushWaitingReportsAsync(CancellationToken ct)
    {
        var hour = wallClock
            .GetUtcNow()
            .UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var athleteId in await waiting.AthletesAsync(ct))
        {
            var uploads = (await waiting.UploadsAsync(athleteId, ct)).Take(50).ToList();
            if (uploads.Count == 0)
            {
                await waiting.RemoveAsync(athleteId, [], ct);
                continue;
            }
            await queue.SendAsync(
                new ImportReportEmail(new ImportReply($"{ImportReportComposer.HourlyBatch}{hour}", uploads))
                {
                    AthleteId = athleteId,
                },
                ct
            );
        }
    }

    public int RejectionDays =>
        int.TryParse(configuration[RejectionSetting], out var days) && days > 0 ? days : DefaultRejectionDays;

    public async Task RunAsync(CancellationToken ct)
    {
        await FlushWaitingReportsAsync(ct);
        await nonces.SweepAsync(ct);
        await erased.SweepAsync(ct);
        await rejections.DeleteOlderThanAsync(wallClock.GetUtcNow().AddDays(-RejectionDays), ct);
    }
}
