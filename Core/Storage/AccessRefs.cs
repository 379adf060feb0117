using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>What an access reference opens: one each, so that each can be revoked alone and a forwarded email
/// reveals only what it carries (a check-in link does not give away the import address).</summary>
public enum AccessPurpose
{
    Inbound,
    Upload,
    Checkin,
    Coach,
    Planned,
    Unsubscribe,
    Me,
}

/// <summary>
/// Access references: random, revocable names that links and the personal import address carry instead of the
/// athlete id, one per subject (an athlete, or a coach) and purpose. Stored twice in table Athletes: on the
/// subject's partition (row "access|{purpose}") and as an index row (partition "access-{ref}", with its purpose)
/// that resolves it. References made before purposes existed (row "access", an index without a purpose) still
/// resolve for any purpose until revoked.
/// </summary>
public sealed class AccessRefs(StorageClients storage)
{
    private const string LegacyRow = "access";
    private const string IndexPrefix = "access-";
    private const string IndexRow = "athlete";
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);

    private static string AccessRow(AccessPurpose purpose) => $"access|{purpose.ToString().ToLowerInvariant()}";

    /// <summary>The subject's reference for a purpose, made on first use; two callers at once get the same.</summary>
    public async Task<string> GetOrCreateAsync(string athleteId, AccessPurpose purpose, CancellationToken ct)
    {
        var row = AccessRow(purpose);
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, row, cancellationToken: ct);
        if (existing.HasValue && existing.Value!.GetString("Ref") is { } known)
            return known;
        var created = NewRef();
        // The index first: a reference never appears on the athlete before it resolves.
        await _table.UpsertEntityAsync(
            new TableEntity(IndexPrefix + created, IndexRow)
            {
                ["AthleteId"] = athleteId,
                ["Purpose"] = purpose.ToString(),
            },
            TableUpdateMode.Replace,
            ct
        );
        try
        {
            await _table.AddEntityAsync(new TableEntity(athleteId, row) { ["Ref"] = created }, ct);
            return created;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another caller made one first: use theirs and drop ours.
            await _table.DeleteEntityAsync(IndexPrefix + created, IndexRow, cancellationToken: ct);
            return await GetOrCreateAsync(athleteId, purpose, ct);
        }
    }

    /// <summary>The subject a <paramref name="purpose"/> reference names; null if unknown, revoked or other.</summary>
    public async Task<string?> FindAthleteAsync(string reference, AccessPurpose purpose, CancellationToken ct)
    {
        if (reference.Length is < 16 or > 40 || !reference.All(char.IsAsciiLetterOrDigit))
            return null;
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(
            IndexPrefix + reference,
            IndexRow,
            cancellationToken: ct
        );
        if (!index.HasValue)
            return null;
        var made = index.Value!.GetString("Purpose");
        return made is null || made == purpose.ToString() ? index.Value.GetString("AthleteId") : null;
    }

    /// <summary>
    /// Revokes the subject's reference of <paramref name="purpose"/>, or all of them (null): every link or address
    /// made with it stops working; new ones differ.
    /// </summary>
    public async Task RevokeAsync(string athleteId, CancellationToken ct, AccessPurpose? purpose = null)
    {
        var rows = purpose is { } one
            ? [AccessRow(one)]
            : Enum.GetValues<AccessPurpose>().Select(AccessRow).Append(LegacyRow);
        foreach (var row in rows)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, row, cancellationToken: ct);
            if (!existing.HasValue)
                continue;
            // The index first: once it is gone nothing resolves, whatever happens next.
            if (existing.Value!.GetString("Ref") is { } reference)
                await _table.DeleteEntityAsync(IndexPrefix + reference, IndexRow, cancellationToken: ct);
            await _table.DeleteEntityAsync(athleteId, row, ETag.All, ct);
        }
    }

    /// <summary>20 lower-case letters and digits from 100 random bits: fits an email's local part.</summary>
    private static string NewRef()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var bytes = RandomNumberGenerator.GetBytes(20);
        return string.Concat(bytes.Select(b => alphabet[b & 31]));
    }
}
