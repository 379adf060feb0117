using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>Settings of section "Upload": how much one athlete, and one link, may send.</summary>
public sealed class UploadOptions
{
    public const string Section = "Upload";

    [Range(1, 10_000)]
    public int MaxUploadsPerHour { get; set; } = 20;

    [Range(1, long.MaxValue)]
    public long MaxBytesPerHour { get; set; } = 1L << 30;

    [Range(1, 100_000)]
    public int MaxUploadsPerDay { get; set; } = 100;

    [Range(1, long.MaxValue)]
    public long MaxBytesPerDay { get; set; } = 4L << 30;

    /// <summary>One link (a leaked one, say) gets less than its athlete.</summary>
    [Range(1, 10_000)]
    public int MaxUploadsPerLinkPerHour { get; set; } = 10;
}

/// <summary>
/// Upload quotas: counts and bytes per athlete per hour and per day, and uploads per link per hour, in counter rows
/// on the athlete's partition of table Athletes (so an erasure takes them too). A leaked upload link cannot store
/// blobs, start imports and send report emails in a loop.
/// </summary>
/// <remarks>
/// Concurrency: each counter is read and written over its ETag; two uploads at once both retry on a conflict, so
/// neither slips past the limit.
/// </remarks>
public sealed class UploadQuota(
    StorageClients storage,
    Microsoft.Extensions.Options.IOptions<UploadOptions> options,
    TimeProvider wallClock
)
{
    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Athletes);

    /// <summary>
    /// Counts one upload of <paramref name="bytes"/> for the athlete (and the link, when given) if every quota has
    /// room, and returns null; else returns, in a plain sentence, which one is full (nothing counted).
    /// </summary>
    public async Task<string?> TryTakeAsync(string athleteId, string? link, long bytes, CancellationToken ct)
    {
        var o = options.Value;
        var now = wallClock.GetUtcNow().UtcDateTime;
        var hour = now.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var day = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var counters = new List<(string Row, int MaxCount, long MaxBytes, string Full)>
        {
            ($"quota|h|{hour}", o.MaxUploadsPerHour, o.MaxBytesPerHour, "this hour's uploads"),
            ($"quota|d|{day}", o.MaxUploadsPerDay, o.MaxBytesPerDay, "today's uploads"),
        };
        if (link is { Length: > 0 })
            counters.Add(
                (
                    $"quota|l|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(link)))[..24]}|{hour}",
                    o.MaxUploadsPerLinkPerHour,
                    long.MaxValue,
                    "this link's uploads this hour"
                )
            );
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var read = new List<(string Row, TableEntity Entity, bool Exists)>();
            foreach (var (row, maxCount, maxBytes, full) in counters)
            {
                var found = await _table.GetEntityIfExistsAsync<TableEntity>(athleteId, row, cancellationToken: ct);
                var entity = found.HasValue
                    ? found.Value!
                    : new TableEntity(athleteId, row) { ["Count"] = 0, ["Bytes"] = 0L };
                if (
                    (entity.GetInt32("Count") ?? 0) + 1 > maxCount
                    || (entity.GetInt64("Bytes") ?? 0) + bytes > maxBytes
                )
                    return $"Too many uploads: {full} are used up. Try again later (the limits keep a lost link from "
                        + "being used to flood the account).";
                read.Add((row, entity, found.HasValue));
            }
            try
            {
                foreach (var (_, entity, exists) in read)
                {
                    entity["Count"] = (entity.GetInt32("Count") ?? 0) + 1;
                    entity["Bytes"] = (entity.GetInt64("Bytes") ?? 0) + bytes;
                    if (exists)
                        await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct);
                    else
                        await _table.AddEntityAsync(entity, ct);
                }
                return null;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another upload counted meanwhile: read again (a counter updated before the conflict stays
                // counted, which errs on the side of the limit).
            }
        }
        return "Too many uploads at once: try again in a minute.";
    }
}
