using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace BackSignal.Core.Storage;

/// <summary>
/// The three storage clients, built the way the Functions host reads its own storage setting: a connection
/// string in <c>AzureWebJobsStorage</c> (local, Azurite), or identity-based settings in Azure
/// (<c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__blobServiceUri</c>,
/// <c>__credential=managedidentity</c>, <c>__clientId</c>) so that no account key is needed anywhere.
/// </summary>
public sealed class StorageClients
{
    public const string SettingName = "AzureWebJobsStorage";

    public StorageClients(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs)
    {
        Tables = tables;
        Queues = queues;
        Blobs = blobs;
    }

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }

    public static StorageClients FromConfiguration(IConfiguration configuration, params HttpPipelinePolicy[] policies)
    {
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
            return FromConnectionString(connectionString, policies);

        var section = configuration.GetSection(SettingName);
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        var blobUri = section["blobServiceUri"];
        if (tableUri is null || queueUri is null || blobUri is null)
            throw new InvalidOperationException(
                $"Storage is not configured: set {SettingName} to a connection string, or "
                    + $"{SettingName}__tableServiceUri, __queueServiceUri and __blobServiceUri for an identity-based "
                    + $"connection."
            );

        TokenCredential credential = string.Equals(
            section["credential"],
            "managedidentity",
            StringComparison.OrdinalIgnoreCase
        )
            ? new ManagedIdentityCredential(
                section["clientId"] is { Length: > 0 } id
                    ? ManagedIdentityId.FromUserAssignedClientId(id)
                    : ManagedIdentityId.SystemAssigned
            )
            : new DefaultAzureCredential();
        return new StorageClients(
            new TableServiceClient(new Uri(tableUri), credential, With(new TableClientOptions(), policies)),
            new QueueServiceClient(new Uri(queueUri), credential, With(QueueOptions(), policies)),
            new BlobServiceClient(new Uri(blobUri), credential, With(new BlobClientOptions(), policies))
        );
    }

    public static StorageClients FromConnectionString(string connectionString, params HttpPipelinePolicy[] policies) =>
        new(
            new TableServiceClient(connectionString, With(new TableClientOptions(), policies)),
            new QueueServiceClient(connectionString, With(QueueOptions(), policies)),
            new BlobServiceClient(connectionString, With(new BlobClientOptions(), policies))
        );

    /// <summary>The Functions queue trigger expects base64 message bodies by default.</summary>
    public static QueueClientOptions QueueOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    private static T With<T>(T options, HttpPipelinePolicy[] policies)
        where T : ClientOptions
    {
        // No request logging: the Azure SDK would write each request's URI and headers to its event source, and a
        // table URI carries the athlete's id (the partition key), which must not reach any log. Formatting them also
        // took 3 % of the handlers' samples in a profile while a listener was on (the local host's WebJobs
        // extensions start one at Verbose). Failures still surface as exceptions, logged without ids.
        options.Diagnostics.IsLoggingEnabled = false;
        foreach (var policy in policies)
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return options;
    }
}
