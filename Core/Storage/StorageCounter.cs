using Azure.Core;
using Azure.Core.Pipeline;

namespace BackSignal.Core.Storage;

/// <summary>
/// Counts the requests each storage client sends (one request is one billable transaction: an entity-group
/// transaction counts once), by service. Attach with <see cref="StorageClients.FromConnectionString(string,
/// StorageCounter)"/>.
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

    internal HttpPipelinePolicy For(string service) => new Counting(this, service);

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
