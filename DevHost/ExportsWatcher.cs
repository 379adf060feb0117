using System.Text.Json;
using Azure.Storage.Queues;
using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Hosting;

namespace BackSignal.DevHost;

/// <summary>
/// Locally, what Event Grid does in Azure: every blob that appears in container `exports` becomes a BlobCreated
/// event (Event Grid schema) on queue `exports`, so that a file dropped there with any storage tool is imported.
/// Blobs there before it started are left alone.
/// </summary>
public sealed class ExportsWatcher(StorageClients storage, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var container = storage.Blobs.GetBlobContainerClient(ContainerNames.Exports);
        var queue = storage.Queues.GetQueueClient(QueueNames.Exports);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var blob in container.GetBlobsAsync(cancellationToken: stoppingToken))
                {
                    var key = $"{blob.Name}|{blob.Properties.ETag}";
                    if (!seen.Add(key) || first)
                        continue;
                    // The client base64-encodes, as Event Grid does and the queue trigger expects.
                    await queue.SendMessageAsync(JsonSerializer.Serialize(Event(blob.Name, key)), stoppingToken);
                }
                first = false;
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Azure.RequestFailedException)
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
    }

    /// <summary>The event as Event Grid writes it to a queue (one event, Event Grid schema).</summary>
    public static object Event(string blobName, string etag) =>
        new Dictionary<string, object>
        {
            ["topic"] = "local",
            ["subject"] = $"/blobServices/default/containers/{ContainerNames.Exports}/blobs/{blobName}",
            ["eventType"] = Azure.Messaging.EventGrid.SystemEventNames.StorageBlobCreated,
            ["id"] = Guid.NewGuid().ToString(),
            ["data"] = new Dictionary<string, object> { ["api"] = "PutBlob", ["eTag"] = etag },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
        };
}
