using System.Text.Json;
using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

public sealed partial class EmailDispatch
{
    /// <summary>
    /// An import report, at most one email per athlete and hour: the first of an hour goes at once (the hour's own
    /// ledger key claimed with it); one that comes after it waits (<see cref="WaitingReports"/>) for the hourly
    /// timer, which sends all that waited in one email. A leaked link cannot make report emails loop.
    /// </summary>
    private async Task ImportReportAsync(EmailRequest request, CancellationToken ct)
    {
        if (request.Reply is not { UploadIds.Count: > 0 and <= 50 } reply)
            throw new PermanentMessageException("An import report needs the uploads it covers.");
        var profile = await athletes.KnownAthleteAsync(request.AthleteId, ct);
        var id = profile.AthleteId;
        // A redelivery of a report already sent sends nothing, and waits for nothing.
        if (await ledger.StatusAsync(id, request.LedgerKey, ct) is LedgerStatus.Sent or LedgerStatus.Failed)
            return;
        var hourKey = ImportHourKey(time.GetUtcNow());
        if (
            !request.Reply.Key.StartsWith(HourlyBatch, StringComparison.Ordinal)
            && await ledger.StatusAsync(id, hourKey, ct) is not null
        )
        {
            await waiting.AddAsync(id, reply.UploadIds, ct);
            return;
        }
        var reports = new List<IngestionReport>();
        foreach (var upload in reply.UploadIds)
            if (await ingestions.FindAsync(id, upload, ct) is { } report)
                reports.Add(report);
        if (reports.Count == 0)
            throw new PermanentMessageException("An upload of the import report has no report.");
        await SendOnceAsync(
            id,
            [(hourKey, reply), (request.LedgerKey, reply)],
            _ => Task.FromResult(ImportReportEmails.Render(profile.Email, reports, LogIds.Athlete(id))),
            ct
        );
        await waiting.RemoveAsync(id, reply.UploadIds, ct);
    }

    /// <summary>The reply key of an hourly batch of waiting reports.</summary>
    public const string HourlyBatch = "hourly-";

    private static string ImportHourKey(DateTimeOffset now) => $"import-hour|{now.UtcDateTime:yyyyMMddHH}";

    private async Task WeeklyAsync(EmailRequest request, CancellationToken ct)
    {
        if (!IsoWeek.TryParse(request.Week, out var week))
            throw new PermanentMessageException($"'{request.Week}' is not an ISO week such as 2026-W47.");
        var profile = await athletes.KnownAthleteAsync(request.AthleteId, ct);
        if (profile.OptsOut(AthleteProfile.WeeklySummaryOptOut))
        {
            LogOptedOut(LogIds.Athlete(profile.AthleteId), "the weekly summary");
            return;
        }
        await SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, week)],
            async _ =>
            {
                var summary = await reports.SummaryAsync(profile, week, ct);
                return await WithCheckinLinkAsync(
                    profile.AthleteId,
                    WeeklyEmails.Render(
                        profile.Email,
                        summary,
                        WeeklyChart.Png(summary.Chart),
                        LogIds.Athlete(profile.AthleteId),
                        emailOptions.Value.WeeklyUnsubscribeGroupId
                    ),
                    ct
                );
            },
            ct
        );
    }

    private async Task DigestAsync(EmailRequest request, CancellationToken ct)
    {
        if (!IsoWeek.TryParse(request.Week, out var week))
            throw new PermanentMessageException($"'{request.Week}' is not an ISO week such as 2026-W47.");
        if (string.IsNullOrWhiteSpace(request.CoachRef))
            throw new PermanentMessageException("A coach digest needs a coachRef.");
        var (coachEmail, rows) = await reports.DigestAsync(request.CoachRef, week, ct);
        if (coachEmail is null || rows.Count == 0)
        {
            LogNoAthletes(LogIds.Coach(request.CoachRef));
            return;
        }
        await SendOnceAsync(
            request.LedgerPartition,
            [(request.LedgerKey, week)],
            _ =>
                WithCoachLinkAsync(
                    request.CoachRef,
                    WeeklyEmails.RenderDigest(
                        coachEmail,
                        week,
                        rows,
                        request.CoachRef,
                        emailOptions.Value.WeeklyUnsubscribeGroupId
                    ),
                    ct
                ),
            ct
        );
    }
}
