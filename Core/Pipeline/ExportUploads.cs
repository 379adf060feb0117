using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Uploads an export to blob container `exports` as {athleteId}/{uploadId}/{fileName} and queues it on `exports`.
/// The upload id is a hash of the content, so uploading the same file twice is the same upload.
/// </summary>
public sealed class ExportUploads(StorageClients storage, MessageQueue queue)
{
    public async Task<ExportUploaded> UploadAsync(
        string athleteId,
        string path,
        CancellationToken ct,
        ImportLimits? limits = null
    )
    {
        if (!AthleteIds.IsValid(athleteId))
            throw new ArgumentException($"'{athleteId}' is not a valid athlete id.", nameof(athleteId));
        var info = new FileInfo(path);
        var max = (limits ?? ImportLimits.Default).MaxFileBytes;
        if (info.Length > max)
            throw new ImportException(
                info.Name,
                $"{info.Length:N0} bytes is over the {max:N0}-byte upload limit.",
                kind: ImportFailure.OverLimit
            );
        if (info.Length == 0)
            throw new ImportException(info.Name, "The file is empty.");
        string uploadId;
        await using (var content = info.OpenRead())
            uploadId = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct))[..24];
        return await StoreAsync(athleteId, uploadId, SafeName(info.Name), path, null, ct);
    }

    /// <summary>
    /// An export arriving as a stream (an upload link, a mail attachment): copied to a temporary file while it is
    /// hashed and counted, so that memory stays flat and the size limit holds whatever the sender claimed.
    /// </summary>
    public async Task<StagedUpload> StageAsync(Stream content, string fileName, long maxBytes, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"backsignal-upload-{Guid.NewGuid():N}");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = File.Create(path))
            {
                var buffer = new byte[81920];
                long total = 0;
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += n;
                    if (total > maxBytes)
                        throw new ImportException(
                            fileName,
                            $"Over the {maxBytes:N0}-byte upload limit.",
                            kind: ImportFailure.OverLimit
                        );
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                if (total == 0)
                    throw new ImportException(fileName, "The file is empty.");
            }
            return new StagedUpload(path, SafeName(fileName), Convert.ToHexStringLower(hash.GetHashAndReset())[..24]);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Stores a staged file as the athlete's upload and queues it (with the reply it asks for).</summary>
    public Task<ExportUploaded> UploadStagedAsync(
        string athleteId,
        StagedUpload staged,
        ImportReply? reply,
        CancellationToken ct
    ) => StoreAsync(athleteId, staged.UploadId, staged.FileName, staged.Path, reply, ct);

    private async Task<ExportUploaded> StoreAsync(
        string athleteId,
        string uploadId,
        string fileName,
        string path,
        ImportReply? reply,
        CancellationToken ct
    )
    {
        var blobName = $"{athleteId}/{uploadId}/{fileName}";
        var blob = storage.Blobs.GetBlobContainerClient(ContainerNames.Exports).GetBlobClient(blobName);
        await using (var content = File.OpenRead(path))
            await blob.UploadAsync(
                content,
                new BlobUploadOptions { TransferOptions = new() { MaximumConcurrency = 4 } },
                ct
            );
        var message = new ExportUploaded(athleteId, uploadId, blobName, fileName) { Reply = reply };
        await queue.SendAsync(QueueNames.Exports, message, ct);
        return message;
    }

    /// <summary>
    /// True when the message names exactly what <see cref="UploadAsync"/> writes: {athleteId}/{uploadId}/{fileName}
    /// with the message's own athlete, a 24-hex-digit upload id and a safe file name.
    /// </summary>
    public static bool IsUploadName(ExportUploaded upload) =>
        AthleteIds.IsValid(upload.AthleteId)
        && upload.UploadId.Length == 24
        && upload.UploadId.All(char.IsAsciiHexDigitLower)
        && upload.FileName == SafeName(upload.FileName)
        && upload.BlobName == $"{upload.AthleteId}/{upload.UploadId}/{upload.FileName}";

    /// <summary>
    /// A file name safe in a blob path and a report: no folders, no control characters, not too long.
    /// </summary>
    public static string SafeName(string name)
    {
        var chars = Path.GetFileName(name).Select(c => char.IsControl(c) || c is '/' or '\\' ? '_' : c).ToArray();
        var safe = new string(chars).Trim();
        // "." and ".." name folders, not files: as a blob name part they would climb the path.
        if (safe.Length == 0 || safe.All(c => c == '.'))
            safe = "export";
        return safe.Length > 120 ? safe[^120..] : safe;
    }
}

/// <summary>An export copied to a temporary file and hashed; delete <see cref="Path"/> when done.</summary>
public sealed record StagedUpload(string Path, string FileName, string UploadId) : IDisposable
{
    public void Dispose() => File.Delete(Path);
}
