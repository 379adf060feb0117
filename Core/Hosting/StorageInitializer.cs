using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Hosting;

/// <summary>Creates the tables, queues and containers the app uses (locally; in Azure, infra/ declares them).</summary>
public static class StorageInitializer
{
    public static async Task EnsureCreatedAsync(StorageClients storage, CancellationToken ct)
    {
        foreach (var table in TableNames.All)
            await storage.Tables.CreateTableIfNotExistsAsync(table, ct);
        foreach (var queue in QueueNames.All)
        {
            await storage.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: ct);
            await storage.Queues.GetQueueClient(QueueNames.Poison(queue)).CreateIfNotExistsAsync(cancellationToken: ct);
        }
        await storage.Blobs.GetBlobContainerClient(ContainerNames.Claims).CreateIfNotExistsAsync(cancellationToken: ct);
        await storage
            .Blobs.GetBlobContainerClient(ContainerNames.Exports)
            .CreateIfNotExistsAsync(cancellationToken: ct);
    }
}
