using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// Each athlete's access reference: a random, revocable name that links and the personal import address carry
/// instead of the athlete id. Stored twice in table Athletes: on the athlete's partition (row "access") and as an
/// index row (partition "access-{ref}") that resolves it.
/// </summary>
public sealed class AccessRefs(StorageClients storage)
{
    private const string AccessRow = "access";
    private const string IndexPrefix = "access-";
    private const string IndexRow = "athlete";
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);

    /// <summary>The athlete's reference, made on first use; two callers at once end with the same one.</summary>
    public async Task<string> GetOrCreateAsync(string athleteId, CancellationToken ct)
    {
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, AccessRow, cancellationToken: ct);
        if (existing.HasValue && existing.Value!.GetString("Ref") is { } known)
            return known;
        var created = NewRef();
        // The index first: a reference never appears on the athlete before it resolves.
        await _table.UpsertEntityAsync(
            new TableEntity(IndexPrefix + created, IndexRow) { ["AthleteId"] = athleteId },
            TableUpdateMode.Replace,
            ct
        );
        try
        {
            await _table.AddEntityAsync(new TableEntity(athleteId, AccessRow) { ["Ref"] = created }, ct);
            return created;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another caller made one first: use theirs and drop ours.
            await _table.DeleteEntityAsync(IndexPrefix + created, IndexRow, cancellationToken: ct);
            return await GetOrCreateAsync(athleteId, ct);
        }
    }

    /// <summary>The athlete a reference names, or null for an unknown or revoked one.</summary>
    public async Task<string?> FindAthleteAsync(string reference, CancellationToken ct)
    {
        if (reference.Length is < 16 or > 40 || !reference.All(char.IsAsciiLetterOrDigit))
            return null;
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(
            IndexPrefix + reference,
            IndexRow,
            cancellationToken: ct
        );
        return index.HasValue ? index.Value!.GetString("AthleteId") : null;
    }

    /// <summary>Revokes the athlete's reference: every link and the import address made with it stop working.</summary>
    public async Task RevokeAsync(string athleteId, CancellationToken ct)
    {
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, AccessRow, cancellationToken: ct);
        if (!existing.HasValue)
            return;
        if (existing.Value!.GetString("Ref") is { } reference)
            await _table.DeleteEntityAsync(IndexPrefix + reference, IndexRow, cancellationToken: ct);
        await _table.DeleteEntityAsync(athleteId, AccessRow, ETag.All, ct);
    }

    /// <summary>20 lower-case letters and digits from 100 random bits: fits an email's local part.</summary>
    private static string NewRef()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var bytes = RandomNumberGenerator.GetBytes(20);
        return string.Concat(bytes.Select(b => alphabet[b & 31]));
    }
}
