using System.Collections.Concurrent;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Messaging;

/// <summary>
/// Puts messages on the pipeline's queues, base64-encoded as the Functions queue trigger expects. A body too
/// large for a queue message goes to a blob and the message carries its name (claim check).
/// </summary>
public sealed class MessageQueue(StorageClients storage)
{
    // Queue messages may be 64 KiB; base64 grows a body by 4/3, so 48 KiB of base64 leaves 36 KiB of JSON.
    public const int MaxInlineBytes = 36 * 1024;

    private readonly ConcurrentDictionary<string, QueueClient> _queues = new();

    public Task SendAsync<T>(string queueName, T message, CancellationToken ct, TimeSpan? delay = null) =>
        // An email is written as its base type, so that its kind goes with it whatever type the caller held.
        SendTextAsync(queueName, message is EmailMessage email ? email.ToJson() : Json.Serialize(message), ct, delay);

    /// <summary>Queues an email on `emails`.</summary>
    public Task SendAsync(EmailMessage email, CancellationToken ct) =>
        SendTextAsync(QueueNames.Emails, email.ToJson(), ct);

    /// <summary>A connection's step; <paramref name="delay"/> waits out a rate limit (never a sleep).</summary>
    public Task SendAsync(ConnectionMessage message, CancellationToken ct, TimeSpan? delay = null) =>
        SendTextAsync(QueueNames.Connections, message.ToJson(), ct, delay);

    public async Task SendTextAsync(string queueName, string body, CancellationToken ct, TimeSpan? delay = null)
    {
        if (Encoding.UTF8.GetByteCount(body) > MaxInlineBytes)
        {
            var blobName = $"{queueName}/{DateTime.UtcNow:yyyyMMdd}/{Guid.NewGuid():N}.json";
            var container = storage.Blobs.GetBlobContainerClient(ContainerNames.Claims);
            await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(body), overwrite: true, ct);
            body = Json.Serialize(new ClaimCheck(blobName));
        }
        await GetQueue(queueName).SendMessageAsync(body, visibilityTimeout: delay, cancellationToken: ct);
    }

    /// <summary>Returns the message body, fetched from its blob when the message is a claim check.</summary>
    public async Task<string> ResolveAsync(string body, CancellationToken ct)
    {
        if (!body.Contains("\"claimCheckBlob\"", StringComparison.Ordinal))
            return body;
        ClaimCheck? claim;
        try
        {
            claim = Json.Deserialize<ClaimCheck>(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
        if (claim?.ClaimCheckBlob is not { Length: > 0 } name)
            return body;
        var blob = storage.Blobs.GetBlobContainerClient(ContainerNames.Claims).GetBlobClient(name);
        var content = await blob.DownloadContentAsync(ct);
        return content.Value.Content.ToString();
    }

    /// <summary>
    /// The queues exist already: <see cref="StorageInitializer"/> creates them locally, Bicep in Azure.
    /// </summary>
    public QueueClient GetQueue(string queueName) => _queues.GetOrAdd(queueName, storage.Queues.GetQueueClient);
}
