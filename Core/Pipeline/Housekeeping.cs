using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// What the hourly timer sweeps in both hosts: used form nonces older than a form lives, erasure tombstones older
/// than 30 days, and rejections (refused
/// mail and messages that could not be processed) older than <c>Retention__RejectionDays</c> (default 90).
/// </summary>
public sealed class Housekeeping(
    UsedNonces nonces,
    RejectionStore rejections,
    ErasedAthletes erased,
    IConfiguration configuration,
    TimeProvider wallClock
)
{
    public const string RejectionSetting = "Retention:RejectionDays";
    public const int DefaultRejectionDays = 90;

    public int RejectionDays =>
        int.TryParse(configuration[RejectionSetting], out var days) && days > 0 ? days : DefaultRejectionDays;

    public async Task RunAsync(CancellationToken ct)
    {
        await nonces.SweepAsync(ct);
        await erased.SweepAsync(ct);
        await rejections.DeleteOlderThanAsync(wallClock.GetUtcNow().AddDays(-RejectionDays), ct);
    }
}
