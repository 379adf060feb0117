using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Import;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

public sealed class IngestionStore(StorageClients storage)
{
    // A table property holds 64 KiB; the report's lists are cut to fit and the counts stay whole.
    private const int MaxReportChars = 30_000;
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Ingestions);

    public Task RecordAsync(IngestionReport report, CancellationToken ct)
    {
        var json = Json.Serialize(report);
        var keep = Math.Max(report.Rejected.Count, report.Warnings.Count);
        while (json.Length > MaxReportChars && keep > 0)
        {
            keep /= 2;
            json = Json.Serialize(
                report with
                {
                    Rejected = report.Rejected.Take(keep).ToList(),
                    Warnings = report.Warnings.Take(keep).ToList(),
                    UnknownExercises = report.UnknownExercises.Take(100).ToList(),
                }
            );
        }
        var entity = new TableEntity(report.AthleteId, report.UploadId)
        {
            ["FileName"] = report.FileName,
            ["Status"] = report.Status,
            ["Workouts"] = report.Workouts,
            ["Sets"] = report.Sets,
            ["RejectedCount"] = report.RejectedCount,
            ["ProcessedAt"] = report.ProcessedAt,
            ["Report"] = json,
        };
        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    public async Task<IngestionReport?> FindAsync(string athleteId, string uploadId, CancellationToken ct)
    {
        try
        {
            var e = await _table.GetEntityAsync<TableEntity>(athleteId, uploadId, cancellationToken: ct);
            return Read(e.Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Finds an upload by its id alone (a scan by RowKey: fine for the CLI, not for a hot path).</summary>
    public async Task<IngestionReport?> FindAsync(string uploadId, CancellationToken ct)
    {
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.RowKey == uploadId, cancellationToken: ct))
            return Read(e);
        return null;
    }

    public async Task<IReadOnlyList<IngestionReport>> ListAsync(string athleteId, CancellationToken ct)
    {
        var result = new List<IngestionReport>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == athleteId, cancellationToken: ct))
            if (Read(e) is { } report)
                result.Add(report);
        return result.OrderByDescending(r => r.ProcessedAt).ToList();
    }

    private static IngestionReport? Read(TableEntity e)
    {
        try
        {
            return Json.Deserialize<IngestionReport>(e.GetString("Report") ?? "null");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
