using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// Form nonces already used (table Nonces): a captured form POST cannot be sent again to overwrite a newer answer.
/// A nonce is marked with an insert (a 409 means it was used), in a partition per hour; hours older than a form
/// lives are swept by the hourly timer.
/// </summary>
public sealed class UsedNonces(StorageClients storage, TimeProvider wallClock)
{
    /// <summary>How long a form nonce is good for (LinkTokens.VerifyFormNonce) and a little more.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromHours(3);

    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Nonces);

    /// <summary>True the first time a nonce is used; false for a replay (or a second tab sending one form).</summary>
    public async Task<bool> TryUseAsync(string nonce, CancellationToken ct)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(nonce)))[..40];
        try
        {
            await _table.AddEntityAsync(new TableEntity(Hour(wallClock.GetUtcNow()), key), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Deletes the marks of hours older than <see cref="Kept"/>.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = Hour(wallClock.GetUtcNow() - Kept);
        var deleted = 0;
        await foreach (
            var e in _table.QueryAsync<TableEntity>(
                e => e.PartitionKey.CompareTo(before) < 0,
                select: ["PartitionKey", "RowKey"],
                cancellationToken: ct
            )
        )
        {
            await _table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, ct);
            deleted++;
        }
        return deleted;
    }

    private static string Hour(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
}
