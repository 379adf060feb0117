using System.Text.Json;
using Azure;
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
/// Queue `exports`: reads an uploaded export into workouts for its athlete, stores them in entity-group
/// transactions, records what the upload produced in Ingestions, and asks for one recompute from the earliest
/// day it touched. Idempotent: workouts have stable ids and are upserted, the report is replaced, and a second
/// recompute request is harmless — so a redelivery, two copies at once, or the same file uploaded twice leave
/// the same rows.
/// </summary>
public sealed partial class ExportIngestion(
    AthleteStore athletes,
    TrainingStore training,
    IngestionStore ingestions,
    StorageClients storage,
    MessageQueue queue,
    ErasureGuard guard,
    ImportLimits limits,
    TrainingClock time,
    ILogger<ExportIngestion> log
) : IQueueHandler
{
    public static string QueueName => QueueNames.Exports;

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        ExportUploaded upload;
        if (BlobCreatedEvents.AsEvent(body) is { } blobEvent)
        {
            // A file dropped into the container (Event Grid, or `backsignal run`'s watcher locally).
            var (fromEvent, problem) = BlobCreatedEvents.Read(blobEvent);
            upload = fromEvent ?? throw new PermanentMessageException(problem!);
            // The event of a blob BackSignal itself uploaded and already imported: nothing new in it.
            if (await ingestions.FindAsync(upload.AthleteId, upload.UploadId, ct) is not null)
                return;
        }
        else
        {
            upload = MessageBody.Parse<ExportUploaded>(body);
            if (upload.V != 1 || !AthleteIds.IsValid(upload.AthleteId) || string.IsNullOrWhiteSpace(upload.UploadId))
                throw new PermanentMessageException(
                    "An exports message needs v = 1, a valid athleteId and an uploadId."
                );
            // A message may only point at a name the producer writes, for its own athlete's upload.
            if (!ExportUploads.IsUploadName(upload))
                throw new PermanentMessageException("The blob named is not an upload of the message's athlete.");
        }
        var profile = await athletes.KnownAthleteAsync(upload.AthleteId, ct);

        var blob = storage.Blobs.GetBlobContainerClient(ContainerNames.Exports).GetBlobClient(upload.BlobName);
        long bytes;
        try
        {
            bytes = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new PermanentMessageException(
                $"The uploaded file {upload.BlobName} is not in container '{ContainerNames.Exports}'."
            );
        }
        if (bytes > limits.MaxFileBytes)
            await FailAsync(
                upload,
                bytes,
                $"{bytes:N0} bytes is over the {limits.MaxFileBytes:N0}-byte upload limit.",
                ct
            );

        // Streamed to a temporary file: zips need random access, and memory stays flat for a file of hundreds of MB.
        var temp = Path.Combine(Path.GetTempPath(), $"backsignal-{upload.UploadId}-{Guid.NewGuid():N}");
        ImportResult result;
        try
        {
            await DownloadAtMostAsync(blob, temp, limits.MaxFileBytes, ct);
            var context = ImportContext.For(profile, upload.FileName, time.GetUtcNow()) with { Limits = limits };
            try
            {
                result = await Task.Run(() => ExportReader.ReadFile(temp, context), ct);
            }
            catch (ImportException e)
            {
                await FailAsync(upload, bytes, e.Message, ct);
                return;
            }
        }
        finally
        {
            File.Delete(temp);
        }

        var dated = result
            .Workouts.Select(w => (Day: profile.LocalDate(w.Start), Workout: w))
            .OrderBy(w => w.Day)
            .ToList();
        if (dated.Count > 0)
            await training.SaveWorkoutsAsync(profile.AthleteId, dated, ct);
        await guard.AfterWriteAsync(profile.AthleteId, ct);
        await ingestions.RecordAsync(
            new IngestionReport
            {
                AthleteId = upload.AthleteId,
                UploadId = upload.UploadId,
                FileName = upload.FileName,
                Status = IngestionReport.Done,
                Formats = result.Formats.Select(f => f.ToString()).ToList(),
                Bytes = bytes,
                Workouts = result.Workouts.Count,
                Sets = result.Sets,
                RejectedCount = result.RejectedCount,
                Rejected = result.Rejected,
                WarningCount = result.WarningCount,
                Warnings = result.Warnings,
                UnknownExercises = result.UnknownExercises,
                Skipped = result.Skipped,
                FirstDay = dated.Count > 0 ? dated[0].Day : null,
                LastDay = dated.Count > 0 ? dated[^1].Day : null,
                ProcessedAt = time.GetUtcNow(),
            },
            ct
        );
        if (dated.Count > 0)
            await queue.SendAsync(QueueNames.Recompute, new RecomputeRequest(profile.AthleteId, dated[0].Day), ct);
        await QueueReplyWhenCompleteAsync(upload, ct);
        LogImported(
            upload.UploadId,
            LogIds.Athlete(profile.AthleteId),
            result.Workouts.Count,
            result.Sets,
            result.RejectedCount
        );
    }

    /// <summary>
    /// Copies the blob to a file, stopping at the limit whatever its properties said a moment before.
    /// </summary>
    private static async Task DownloadAtMostAsync(
        Azure.Storage.Blobs.BlobClient blob,
        string path,
        long limit,
        CancellationToken ct
    )
    {
        await using var source = await blob.OpenReadAsync(cancellationToken: ct);
        await using var target = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > limit)
                throw new PermanentMessageException($"The upload grew past the {limit:N0}-byte limit while read.");
            await target.WriteAsync(buffer.AsMemory(0, n), ct);
        }
    }

    /// <summary>Records the failed upload in Ingestions, then rejects the message (it can never succeed).</summary>
    private async Task FailAsync(ExportUploaded upload, long bytes, string reason, CancellationToken ct)
    {
        await ingestions.RecordAsync(
            new IngestionReport
            {
                AthleteId = upload.AthleteId,
                UploadId = upload.UploadId,
                FileName = upload.FileName,
                Status = IngestionReport.Failed,
                Bytes = bytes,
                Error = reason,
                ProcessedAt = time.GetUtcNow(),
            },
            ct
        );
        await QueueReplyWhenCompleteAsync(upload, ct);
        throw new PermanentMessageException($"Upload {upload.UploadId} could not be read: {reason}");
    }

    /// <summary>
    /// The import report, once every upload of its mail (or link) has a report: whichever upload finishes last
    /// queues it, and the ledger sends it once even when two finish together or a message is redelivered.
    /// </summary>
    private async Task QueueReplyWhenCompleteAsync(ExportUploaded upload, CancellationToken ct)
    {
        if (upload.Reply is not { UploadIds.Count: > 0 and <= 50 } reply)
            return;
        foreach (var id in reply.UploadIds)
            if (await ingestions.FindAsync(upload.AthleteId, id, ct) is null)
                return;
        await queue.SendAsync(new ImportReportEmail(reply) { AthleteId = upload.AthleteId }, ct);
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Imported upload {UploadId} for athlete {AthleteRef}: "
            + "{Workouts} workouts, {Sets} sets, {Rejected} rows rejected"
    )]
    private partial void LogImported(string uploadId, string athleteRef, int workouts, int sets, int rejected);
}
