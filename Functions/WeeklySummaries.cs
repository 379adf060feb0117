using BackSignal.Core.Pipeline;
using BackSignal.Core.Weekly;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>
/// Timer (app setting WeeklySummarySchedule, hourly by default): queue the weekly summaries and coach digests that are
/// due, sweep used form nonces and old rejections, and read Hevy's events feed for each connected athlete.
/// </summary>
public sealed class WeeklySummaries(WeeklyFanOut weekly, Housekeeping housekeeping, ConnectionPolls connections)
{
    [Function(nameof(WeeklySummaries))]
    public async Task Run(
        [TimerTrigger("%" + WeeklySchedule.Setting + "%")] TimerInfo timer,
        CancellationToken cancellationToken
    )
    {
        await weekly.RunAsync(cancellationToken);
        await housekeeping.RunAsync(cancellationToken);
        await connections.RunAsync(cancellationToken);
    }
}
