using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

public enum LedgerStatus
{
    Sending,
    Sent,
    Failed,
}

/// <summary>Who holds the right to send one email, and the ETag that proves it.</summary>
public sealed record EmailClaim(string AthleteId, string Key, ETag ETag);

public abstract record ClaimResult
{
    public sealed record Claimed(EmailClaim Claim) : ClaimResult;

    public sealed record AlreadyDone(LedgerStatus Status) : ClaimResult;

    /// <summary>Another delivery of the same message holds a live lease: try again after it ends.</summary>
    public sealed record Busy(DateTimeOffset LeaseUntil) : ClaimResult;
}

public sealed record LedgerEntry(
    string Key,
    LedgerStatus Status,
    DateTimeOffset? SentAt,
    string? Reason,
    int? ProviderStatus
);

/// <summary>
/// The send state of every email (Training rows "mail|{kind}|{key}|{recipient}"). A sender claims the row with
/// a lease before it sends and marks it sent only after SendGrid accepted the message, so copies of one queue
/// message that run at once or one after another send one email. A sender that dies mid-send loses its lease
/// and a later delivery claims the row again.
/// </summary>
public sealed class EmailLedger(StorageClients storage)
{
    // Table Storage dates start in 1601; any instant in the past releases a lease.
    private static readonly DateTimeOffset Expired = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Training);

    public async Task<ClaimResult> TryClaimAsync(
        string athleteId,
        string key,
        DateTimeOffset now,
        TimeSpan lease,
        CancellationToken ct
    )
    {
        var rowKey = RowKeys.Mail + key;
        var fresh = new TableEntity(athleteId, rowKey)
        {
            ["Status"] = nameof(LedgerStatus.Sending),
            ["LeaseUntil"] = now + lease,
            ["Attempts"] = 1,
        };
        try
        {
            var added = await _table.AddEntityAsync(fresh, ct);
            return new ClaimResult.Claimed(new EmailClaim(athleteId, key, added.Headers.ETag ?? ETag.All));
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Someone has (or had) it: look at what they left.
        }

        var existing = (await _table.GetEntityAsync<TableEntity>(athleteId, rowKey, cancellationToken: ct)).Value;
        var status = Enum.Parse<LedgerStatus>(existing.GetString("Status") ?? nameof(LedgerStatus.Sending));
        if (status != LedgerStatus.Sending)
            return new ClaimResult.AlreadyDone(status);
        var leaseUntil = existing.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue;
        if (leaseUntil > now)
            return new ClaimResult.Busy(leaseUntil);

        existing["LeaseUntil"] = now + lease;
        existing["Attempts"] = (existing.GetInt32("Attempts") ?? 0) + 1;
        try
        {
            var updated = await _table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, ct);
            return new ClaimResult.Claimed(new EmailClaim(athleteId, key, updated.Headers.ETag ?? ETag.All));
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return new ClaimResult.Busy(now + lease);
        }
    }

    public Task MarkSentAsync(EmailClaim claim, DateTimeOffset at, string? providerMessageId, CancellationToken ct) =>
        FinishAsync(
            claim,
            new()
            {
                ["Status"] = nameof(LedgerStatus.Sent),
                ["SentAt"] = at,
                ["ProviderMessageId"] = providerMessageId,
            },
            ct
        );

    public Task MarkFailedAsync(EmailClaim claim, string reason, int? providerStatus, CancellationToken ct) =>
        FinishAsync(
            claim,
            new()
            {
                ["Status"] = nameof(LedgerStatus.Failed),
                ["Reason"] = reason,
                ["ProviderStatus"] = providerStatus,
            },
            ct
        );

    /// <summary>
    /// Gives the claim up after a transient failure, so that the queue's next delivery can send at once.
    /// </summary>
    public async Task ReleaseAsync(EmailClaim claim, string reason, CancellationToken ct)
    {
        var entity = new TableEntity(claim.AthleteId, RowKeys.Mail + claim.Key)
        {
            ["LeaseUntil"] = Expired,
            ["Reason"] = reason,
        };
        try
        {
            await _table.UpdateEntityAsync(entity, claim.ETag, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { }
    }

    /// <summary>The status of one email, or null when it was never claimed.</summary>
    public async Task<LedgerStatus?> StatusAsync(string partition, string key, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, RowKeys.Mail + key, ["Status"], ct);
        return row.HasValue
            ? Enum.Parse<LedgerStatus>(row.Value!.GetString("Status") ?? nameof(LedgerStatus.Sending))
            : null;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(string athleteId, CancellationToken ct)
    {
        var result = new List<LedgerEntry>();
        var filter = RowKeys.Range(athleteId, RowKeys.Mail, RowKeys.Mail + RowKeys.End);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(
                new LedgerEntry(
                    e.RowKey[RowKeys.Mail.Length..],
                    Enum.Parse<LedgerStatus>(e.GetString("Status") ?? nameof(LedgerStatus.Sending)),
                    e.GetDateTimeOffset("SentAt"),
                    e.GetString("Reason"),
                    e.GetInt32("ProviderStatus")
                )
            );
        }
        return result;
    }

    private async Task FinishAsync(EmailClaim claim, TableEntity values, CancellationToken ct)
    {
        values.PartitionKey = claim.AthleteId;
        values.RowKey = RowKeys.Mail + claim.Key;
        // Merge without the ETag: once sent, the fact must be recorded even if a lease expired meanwhile.
        await _table.UpdateEntityAsync(values, ETag.All, TableUpdateMode.Merge, ct);
    }
}
