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
    public const string Container = ContainerNames.Exports;

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
            throw new ImportException(info.Name, $"{info.Length:N0} bytes is over the {max:N0}-byte upload limit.");
        if (info.Length == 0)
            throw new ImportException(info.Name, "The file is empty.");

        string uploadId;
        await using (var content = info.OpenRead())
            uploadId = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct))[..24];
        var fileName = SafeName(info.Name);
        var blobName = $"{athleteId}/{uploadId}/{fileName}";
        var blob = storage.Blobs.GetBlobContainerClient(Container).GetBlobClient(blobName);
        await using (var content = info.OpenRead())
            await blob.UploadAsync(
                content,
                new BlobUploadOptions { TransferOptions = new() { MaximumConcurrency = 4 } },
                ct
            );
        var message = new ExportUploaded(athleteId, uploadId, blobName, fileName);
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
        if (safe.Length == 0)
            safe = "export";
        return safe.Length > 120 ? safe[^120..] : safe;
    }
}
