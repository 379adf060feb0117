using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BackSignal.Core.Storage;

namespace BackSignal.DevHost;

/// <summary>
/// Counts the requests each storage client sends (one request is one billable transaction: an entity-group
/// transaction counts once), by service: the benchmarks' and the tests' measure of what a path costs.
/// </summary>
public sealed class StorageCounter
{
    private long _tables,
        _queues,
        _blobs;

    public long Tables => Interlocked.Read(ref _tables);
    public long Queues => Interlocked.Read(ref _queues);
    public long Blobs => Interlocked.Read(ref _blobs);
    public long Total => Tables + Queues + Blobs;

    public (long Tables, long Queues, long Blobs) Snapshot() => (Tables, Queues, Blobs);

    /// <summary>Storage clients whose every request reaching the service is counted here.</summary>
    public StorageClients Clients(string connectionString)
    {
        var tables = new TableClientOptions();
        tables.AddPolicy(new Counting(this, "table"), HttpPipelinePosition.PerRetry);
        var queues = StorageClients.QueueOptions();
        queues.AddPolicy(new Counting(this, "queue"), HttpPipelinePosition.PerRetry);
        var blobs = new BlobClientOptions();
        blobs.AddPolicy(new Counting(this, "blob"), HttpPipelinePosition.PerRetry);
        return new StorageClients(
            new TableServiceClient(connectionString, tables),
            new QueueServiceClient(connectionString, queues),
            new BlobServiceClient(connectionString, blobs)
        );
    }

    private void Count(string service)
    {
        switch (service)
        {
            case "table":
                Interlocked.Increment(ref _tables);
                break;
            case "queue":
                Interlocked.Increment(ref _queues);
                break;
            default:
                Interlocked.Increment(ref _blobs);
                break;
        }
    }

    private sealed class Counting(StorageCounter counter, string service) : HttpPipelineSynchronousPolicy
    {
        // After retries are decided: every attempt that reaches the service is a transaction.
        public override void OnSendingRequest(HttpMessage message) => counter.Count(service);
    }
}
