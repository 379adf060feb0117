using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// An import report, at most one email per athlete and hour: the first of an hour goes at once (the hour's own
/// ledger key claimed with it); one that comes after it waits (<see cref="WaitingReports"/>) for the hourly timer,
/// which sends all that waited in one email. A leaked link cannot make report emails loop.
/// </summary>
public sealed class ImportReportComposer(
    AthleteStore athletes,
    IngestionStore ingestions,
    WaitingReports waiting,
    LedgeredSender sender,
    TrainingClock time
)
{
    /// <summary>The reply key of an hourly batch of waiting reports.</summary>
    public const string HourlyBatch = "hourly-";

    public async Task SendAsync(ImportReportEmail request, CancellationToken ct)
    {
        if (request.Reply is not { UploadIds.Count: > 0 and <= 50 } reply)
            throw new PermanentMessageException("An import report needs the uploads it covers.");
        var profile = await athletes.KnownAthleteAsync(request.AthleteId, ct);
        var id = profile.AthleteId;
        // A redelivery of a report already sent sends nothing, and waits for nothing.
        if (await sender.StatusAsync(id, request.LedgerKey, ct) is LedgerStatus.Sent or LedgerStatus.Failed)
            return;
        var hourKey = ImportHourKey(time.GetUtcNow());
        if (
            !reply.Key.StartsWith(HourlyBatch, StringComparison.Ordinal)
            && await sender.StatusAsync(id, hourKey, ct) is not null
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
        await sender.SendOnceAsync(
            id,
            [(hourKey, reply), (request.LedgerKey, reply)],
            _ =>
                Task.FromResult(
                    ImportReportEmails.Render(
                        profile.Email,
                        reports,
                        LogIds.Athlete(id),
                        Localization.SafetyLines.For(profile)
                    )
                ),
            ct
        );
        await waiting.RemoveAsync(id, reply.UploadIds, ct);
    }

    private static string ImportHourKey(DateTimeOffset now) => $"import-hour|{now.UtcDateTime:yyyyMMddHH}";
}
