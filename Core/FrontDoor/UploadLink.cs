using System.Net.Http.Headers;
using BackSignal.Core.Access;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// `POST /api/upload?t=TOKEN`: the body is one export file (its name from ?name= or Content-Disposition), streamed
/// into the athlete's uploads and queued; 202 with the upload id, and the import report follows by email. What
/// `curl -T file URL`, an iOS Shortcut or any automation can send.
/// </summary>
public sealed class UploadLink(
    LinkTokens tokens,
    AccessRefs access,
    AthleteStore athletes,
    ExportUploads uploads,
    UploadQuota quota,
    ImportLimits limits
) : IFrontDoorHandler
{
    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var (claims, problem) = tokens.Verify(request.QueryValue("t"), LinkPurpose.Upload);
        if (claims is null)
            return FrontDoorResponse.Text(403, problem!);
        var athleteId = await access.FindAthleteAsync(claims.Subject, AccessPurpose.Upload, ct);
        if (athleteId is null || await athletes.FindAsync(athleteId, ct) is null)
            return FrontDoorResponse.Text(403, "This link was revoked: ask for a new one.");
        var name = request.QueryValue("name") ?? FileNameOf(request.Headers.GetValueOrDefault("Content-Disposition"));
        if (string.IsNullOrWhiteSpace(name))
            return FrontDoorResponse.Text(400, "Name the file: ?name=export.csv or a Content-Disposition filename.");
        if (
            request.Headers.TryGetValue("Content-Length", out var length)
            && long.TryParse(length, out var bytes)
            && bytes > limits.MaxFileBytes
        )
            return FrontDoorResponse.Text(413, $"{bytes:N0} bytes is over the {limits.MaxFileBytes:N0}-byte limit.");

        StagedUpload staged;
        try
        {
            staged = await uploads.StageAsync(request.Body, name, limits.MaxFileBytes, ct);
        }
        catch (ImportException e)
        {
            return FrontDoorResponse.Text(e.Kind == ImportFailure.OverLimit ? 413 : 400, e.Message);
        }
        using (staged)
        {
            if (
                await quota.TryTakeAsync(athleteId, request.QueryValue("t"), new FileInfo(staged.Path).Length, ct) is
                { } full
            )
                return FrontDoorResponse.Text(429, full);
            var upload = await uploads.UploadStagedAsync(
                athleteId,
                staged,
                new ImportReply($"upload-{staged.UploadId}", [staged.UploadId]),
                ct
            );
            return FrontDoorResponse.Json(
                202,
                System.Text.Json.JsonSerializer.Serialize(
                    new Dictionary<string, string>
                    {
                        ["uploadId"] = upload.UploadId,
                        ["file"] = upload.FileName,
                        ["report"] = "by email once imported",
                    }
                )
            );
        }
    }

    private static string? FileNameOf(string? contentDisposition) =>
        ContentDispositionHeaderValue.TryParse(contentDisposition, out var parsed)
            ? (parsed.FileNameStar ?? parsed.FileName)?.Trim('"')
            : null;
}
