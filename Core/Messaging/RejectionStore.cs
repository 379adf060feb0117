using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Messaging;

public sealed record Rejection(string Queue, string Id, string Reason, string Body, DateTimeOffset At)
{
    /// <summary>The athlete the message named, when it named one: for an athlete's export and erasure.</summary>
    public string? AthleteId { get; init; }
}

/// <summary>
/// Messages that could not be processed, with the reason (table Rejections, PartitionKey = queue). The RowKey is
/// a hash of the body, so a redelivered bad message is one row, not one per delivery.
/// </summary>
public sealed class RejectionStore(StorageClients storage, ErasedAthletes erased)
{
    private const int MaxBodyChars = 30_000;
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Rejections);

    public const string ErasedReason = "the athlete was erased";

    public static string IdOf(string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32];

    /// <summary>What is kept instead of a check-in's body: its symptoms and note are health data.</summary>
    public const string CheckinBodyNotKept =
        "(not kept: a check-in's answers are health data; the reason names the field)";

    public async Task<string> RecordAsync(
        string queue,
        string body,
        string reason,
        DateTimeOffset at,
        CancellationToken ct
    )
    {
        var id = IdOf(body);
        var athlete =
            Messaging.MessageFields.AthleteIdOf(body) is { Length: > 0 } named ? named
            : BlobCreatedEvents.AsEvent(body) is { } e ? BlobCreatedEvents.Read(e).Upload?.AthleteId
            : null;
        if (athlete is { Length: > 0 } && await erased.IsErasedAsync(athlete, ct))
        {
            // A message of an erased athlete: that it was dropped, and nothing that names them.
            await _table.UpsertEntityAsync(
                new TableEntity(queue, id)
                {
                    ["Reason"] = ErasedReason,
                    ["Body"] = "(not kept: the athlete was erased)",
                    ["At"] = at,
                },
                TableUpdateMode.Replace,
                ct
            );
            return id;
        }
        var kept = queue == Messaging.QueueNames.Checkins ? CheckinBodyNotKept : body;
        var entity = new TableEntity(queue, id)
        {
            ["Reason"] = reason.Length > MaxBodyChars ? reason[..MaxBodyChars] : reason,
            ["Body"] = kept.Length > MaxBodyChars ? kept[..MaxBodyChars] : kept,
            ["BodyTruncated"] = kept.Length > MaxBodyChars,
            ["AthleteId"] = athlete is { Length: > 0 } ? athlete : null,
            ["At"] = at,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        return id;
    }

    /// <summary>Deletes the rejections recorded before <paramref name="before"/>: kept a while, not forever.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken ct)
    {
        var deleted = 0;
        await foreach (var e in _table.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            if ((e.GetDateTimeOffset("At") ?? e.Timestamp) is { } at && at < before)
            {
                await _table.DeleteEntityAsync(e.PartitionKey, e.RowKey, Azure.ETag.All, ct);
                deleted++;
            }
        }
        return deleted;
    }

    public async Task<IReadOnlyList<Rejection>> ListAsync(string? queue, CancellationToken ct)
    {
        var result = new List<Rejection>();
        var query = queue is null
            ? _table.QueryAsync<TableEntity>(cancellationToken: ct)
            : _table.QueryAsync<TableEntity>(e => e.PartitionKey == queue, cancellationToken: ct);
        await foreach (var e in query)
            result.Add(
                new Rejection(
                    e.PartitionKey,
                    e.RowKey,
                    e.GetString("Reason") ?? "",
                    e.GetString("Body") ?? "",
                    e.GetDateTimeOffset("At") ?? e.Timestamp ?? default
                )
                {
                    AthleteId = e.GetString("AthleteId"),
                }
            );
        return result.OrderByDescending(r => r.At).ToList();
    }
}
