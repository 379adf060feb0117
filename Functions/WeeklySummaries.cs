using BackSignal.Core.Weekly;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>
/// Timer (app setting WeeklySummarySchedule, hourly by default): queue the weekly summaries and coach digests that are
/// due.
/// </summary>
public sealed class WeeklySummaries(WeeklyFanOut weekly)
{
    [Function(nameof(WeeklySummaries))]
    public Task Run(
        [TimerTrigger("%" + WeeklySchedule.Setting + "%")] TimerInfo timer,
        CancellationToken cancellationToken
    ) => weekly.RunAsync(cancellationToken);
}
