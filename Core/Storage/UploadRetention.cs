using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;

namespace BackSignal.Core.Storage;

/// <summary>
/// Raw uploads are deleted after <c>Retention__ExportDays</c> (default 30): in Azure by the storage account's
/// lifecycle rule (infra/app/storage.bicep), locally by the weekly timer of `backsignal run`, which calls this.
/// What the upload produced (workouts, the report) stays.
/// </summary>
public sealed class UploadRetention(StorageClients storage, IConfiguration configuration)
{
    public const string Setting = "Retention:ExportDays";
    public const int DefaultDays = 30;

    public int Days => int.TryParse(configuration[Setting], out var days) && days > 0 ? days : DefaultDays;

    /// <summary>Deletes the uploads last modified more than <see cref="Days"/> before <paramref name="now"/>.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        var container = storage.Blobs.GetBlobContainerClient(ContainerNames.Exports);
        var before = now.AddDays(-Days);
        var deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, ct))
        {
            if (blob.Properties.LastModified is { } modified && modified < before)
            {
                await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: ct);
                deleted++;
            }
        }
        return deleted;
    }
}
