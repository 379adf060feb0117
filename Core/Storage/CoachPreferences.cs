using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// What a coach chose to stop receiving. Coaches have no profile: the row lives in table Athletes on a partition of
/// the coach's own ("~coach-prefs-{coachRef}": '~' never starts an athlete id), row "email-opt-outs".
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
            var (optOuts, etag) = await ReadAsync(coachRef, ct);
            var next = optOuts.Where(k => k != kind).Concat(optOut ? [kind] : []).Order().ToList();
            var entity = new TableEntity(Partition(coachRef), Row) { ["OptOuts"] = string.Join(",", next) };
            try
            {
                if (etag is { } e)
                    await _table.UpdateEntityAsync(entity, e, TableUpdateMode.Replace, ct);
                else
                    await _table.AddEntityAsync(entity, ct);
                return;
            }
            catch (RequestFailedException x) when (x.Status is 409 or 412 && attempt < 5) { }
        }
    }

    private async Task<(IReadOnlySet<string> OptOuts, ETag? ETag)> ReadAsync(string coachRef, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(coachRef), Row, cancellationToken: ct);
        if (!row.HasValue)
            return (new HashSet<string>(), null);
        var list = row.Value!.GetString("OptOuts") ?? "";
        return (list.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(), row.Value.ETag);
    }

    private static string Partition(string coachRef) => "~coach-prefs-" + coachRef;
}
