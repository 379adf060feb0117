using BackSignal.Core.Configuration;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Queue `checkins`: validate one pain check-in (a bad answer is dropped and recorded with its field; the rest, a red
/// flag among it, is kept), store it as the day's check-in (replacing an earlier one) with
/// the day's pain, metrics and alerts in one hop (<see cref="LatestDayUpdate"/>), or with its dirty marker and a
/// recompute from its day; either runs the rules — the see-a-doctor ones included, so an emergency sign is emailed
/// within seconds.
/// </summary>
public sealed partial class CheckinIntake(
    AthleteStore athletes,
    TrainingStore training,
    LatestDayUpdate latest,
    MessageQueue queue,
    ErasureGuard guard,
    RejectionStore rejections,
    TrainingClock time,
    ILogger<CheckinIntake> log
) : IQueueHandler
{
    public static string QueueName => QueueNames.Checkins;

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        var received = MessageBody.Parse<PainCheckin>(body, CheckinValidation.Explain);
        var profile = AthleteIds.IsValid(received.AthleteId) ? await athletes.FindAsync(received.AthleteId, ct) : null;
        var (checkin, problems) = CheckinValidation.Clean(received, profile?.LocalDate(time.GetUtcNow()));
        if (problems.Any(CheckinValidation.IsFatal))
            throw new PermanentMessageException("Invalid check-in: " + string.Join("; ", problems));
        if (profile is null)
            throw new PermanentMessageException(MessageBody.UnknownAthlete(checkin.AthleteId));
        if (problems.Count > 0)
            // Kept, less the bad answers: what was dropped is recorded by field, never the answers themselves.
            await rejections.RecordAsync(
                QueueNames.Checkins,
                body,
                "Stored without these answers: " + string.Join("; ", problems),
                time.GetUtcNow(),
                ct
            );

        if (await latest.TryAsync(profile, DayInput.Of(checkin) with { Claim = AlertClaims.Of(body) }, ct))
        {
            LogStored(LogIds.Athlete(profile.AthleteId));
            return;
        }
        await training.SaveCheckinAsync(checkin, ct);
        await guard.AfterWriteAsync(profile.AthleteId, ct);
        await queue.SendAsync(QueueNames.Recompute, new RecomputeRequest(profile.AthleteId, checkin.Date), ct);
        // No pain score, symptom or note in the log: only that a check-in arrived.
        LogStored(LogIds.Athlete(profile.AthleteId));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored a check-in for athlete {AthleteRef}")]
    private partial void LogStored(string athleteRef);
}
