using BackSignal.Core.Access;
using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

/// <summary>The weekly summary of one athlete and week, with the check-in link; none for an athlete who opted out.
/// </summary>
public sealed partial class WeeklySummaryComposer(
    AthleteStore athletes,
    WeeklyReports reports,
    SignedEmailLinks links,
    LedgeredSender sender,
    IOptions<EmailOptions> options,
    ILogger<WeeklySummaryComposer> log
)
{
    public async Task SendAsync(WeeklySummaryEmail request, CancellationToken ct)
    {
        if (!IsoWeek.TryParse(request.Week, out var week))
            throw new PermanentMessageException($"'{request.Week}' is not an ISO week such as 2026-W47.");
        var profile = await athletes.KnownAthleteAsync(request.AthleteId, ct);
        if (profile.OptsOut(AthleteProfile.WeeklySummaryOptOut))
        {
            LogOptedOut(LogIds.Athlete(profile.AthleteId));
            return;
        }
        await sender.SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, week)],
            async _ =>
            {
                var summary = await reports.SummaryAsync(profile, week, ct);
                var email = await links.WithCheckinLinkAsync(
                    profile.AthleteId,
                    WeeklyEmails.Render(
                        profile.Email,
                        summary,
                        WeeklyChart.Png(summary.Chart),
                        LogIds.Athlete(profile.AthleteId),
                        options.Value.WeeklyUnsubscribeGroupId
                    ),
                    ct
                );
                return await links.WithUnsubscribeAsync(profile.AthleteId, EmailChoices.WeeklySummary, email, ct);
            },
            ct
        );
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Athlete {AthleteRef} opted out of the weekly summary")]
    private partial void LogOptedOut(string athleteRef);
}

/// <summary>The weekly digest of one coach and week, with the coach's page; none once no athlete names them.</summary>
public sealed partial class CoachDigestComposer(
    WeeklyReports reports,
    CoachPreferences coaches,
    SignedEmailLinks links,
    LedgeredSender sender,
    IOptions<EmailOptions> options,
    ILogger<CoachDigestComposer> log
)
{
    public async Task SendAsync(CoachDigestEmail request, CancellationToken ct)
    {
        if (!IsoWeek.TryParse(request.Week, out var week))
            throw new PermanentMessageException($"'{request.Week}' is not an ISO week such as 2026-W47.");
        if (string.IsNullOrWhiteSpace(request.CoachRef))
            throw new PermanentMessageException("A coach digest needs a coachRef.");
        if (await coaches.OptsOutAsync(request.CoachRef, EmailChoices.CoachDigest, ct))
        {
            LogOptedOut(LogIds.Coach(request.CoachRef));
            return;
        }
        var words = Localization.Words.For(await coaches.LanguageAsync(request.CoachRef, ct));
        var (coachEmail, rows) = await reports.DigestAsync(request.CoachRef, week, ct, words);
        if (coachEmail is null || rows.Count == 0)
        {
            LogNoAthletes(LogIds.Coach(request.CoachRef));
            return;
        }
        await sender.SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, week)],
            async _ =>
            {
                var email = await links.WithCoachLinkAsync(
                    request.CoachRef,
                    DigestEmails.RenderDigest(
                        coachEmail,
                        week,
                        rows,
                        request.CoachRef,
                        options.Value.WeeklyUnsubscribeGroupId,
                        words
                    ),
                    ct
                );
                return await links.WithUnsubscribeAsync(
                    LinkSubjects.CoachPrefix + request.CoachRef,
                    EmailChoices.CoachDigest,
                    email,
                    ct
                );
            },
            ct
        );
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No athletes for coach {CoachRef} any more: no digest")]
    private partial void LogNoAthletes(string coachRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Coach {CoachRef} unsubscribed from the digest")]
    private partial void LogOptedOut(string coachRef);
}
