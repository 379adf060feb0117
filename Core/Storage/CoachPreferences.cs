using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// What a coach chose to stop receiving, and the language their emails are written in (the browser's on their last
/// visit to their page). Coaches have no profile: the row lives in table Athletes on a partition of the coach's own
/// ("~coach-prefs-{coachRef}": '~' never starts an athlete id), row "email-opt-outs".
/// </summary>
public sealed class CoachPreferences(StorageClients storage)
{
    private const string Row = "email-opt-outs";
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);

    public async Task<bool> OptsOutAsync(string coachRef, string kind, CancellationToken ct) =>
        (await ReadAsync(coachRef, ct)).OptOuts.Contains(kind);

    /// <summary>Stops or restarts one kind; written over the ETag read, so two changes at once both hold.</summary>
    public async Task SetAsync(string coachRef, string kind, bool optOut, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (optOuts, _, etag) = await ReadAsync(coachRef, ct);
            var next = optOuts.Where(k => k != kind).Concat(optOut ? [kind] : []).Order().ToList();
            if (await TryWriteAsync(coachRef, "OptOuts", string.Join(",", next), etag, ct) || attempt >= 5)
                return;
        }
    }

    /// <summary>The language of the coach's emails; null before they first opened their page.</summary>
    public async Task<string?> LanguageAsync(string coachRef, CancellationToken ct) =>
        (await ReadAsync(coachRef, ct)).Language;

    /// <summary>Keeps the language of the coach's emails (merged over the ETag read: the opt-outs stay).</summary>
    public async Task SetLanguageAsync(string coachRef, string language, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (_, current, etag) = await ReadAsync(coachRef, ct);
            if (current == language || await TryWriteAsync(coachRef, "Language", language, etag, ct) || attempt >= 5)
                return;
        }
    }

    /// <summary>One column written over the ETag read (merge: the other stays); false when another won.</summary>
    private async Task<bool> TryWriteAsync(
        string coachRef,
        string column,
        string value,
        ETag? etag,
        CancellationToken ct
    )
    {
        var entity = new TableEntity(Partition(coachRef), Row) { [column] = value };
        try
        {
            if (etag is { } e)
                await _table.UpdateEntityAsync(entity, e, TableUpdateMode.Merge, ct);
            else
                await _table.AddEntityAsync(entity, ct);
            return true;
        }
        catch (RequestFailedException x) when (x.Status is 409 or 412)
        {
            return false;
        }
    }

    private async Task<(IReadOnlySet<string> OptOuts, string? Language, ETag? ETag)> ReadAsync(
        string coachRef,
        CancellationToken ct
    )
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(coachRef), Row, cancellationToken: ct);
        if (!row.HasValue)
            return (new HashSet<string>(), null, null);
        var list = row.Value!.GetString("OptOuts") ?? "";
        return (
            list.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            row.Value.GetString("Language"),
            row.Value.ETag
        );
    }

    private static string Partition(string coachRef) => "~coach-prefs-" + coachRef;
}
