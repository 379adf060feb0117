using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace BackSignal.Core.Storage;

/// <summary>
/// One connected account (table Connections, partition the athlete, row the provider: "hevy", "strava"): what the
/// athlete's page shows and what the sync needs, never a key or token (those are secrets, named by
/// <see cref="SecretName"/>).
/// </summary>
public sealed class ConnectionRow : ITableEntity
{
    public const string Connected = "connected";
    public const string Failing = "failing";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>This connection's own random id: a message of an earlier connection finds another and does nothing.
    /// </summary>
    public string Epoch { get; set; } = "";
    public string SecretName { get; set; } = "";
    public string Status { get; set; } = Connected;
    public DateTimeOffset ConnectedAt { get; set; }
    public DateTimeOffset? LastSyncAt { get; set; }

    /// <summary>Workouts stored (new or changed) and removed by syncs since connecting.</summary>
    public int Imported { get; set; }
    public int Removed { get; set; }

    /// <summary>What went wrong last, in plain words for the athlete; null once a sync succeeds again.</summary>
    public string? LastError { get; set; }

    /// <summary>Hevy: the one-way reference of the webhook's auth token (the token itself is never stored).</summary>
    public string? HookRef { get; set; }

    /// <summary>Whether the webhook was registered at the provider (else the hourly feed brings workouts).</summary>
    public bool Webhook { get; set; }

    /// <summary>Hevy: the events feed has been read up to here.</summary>
    public DateTimeOffset? EventsSince { get; set; }
    public bool BackfillDone { get; set; }

    /// <summary>Strava: the athlete's id there, which its webhook events name.</summary>
    public string? ProviderUserId { get; set; }
}

/// <summary>
/// The Connections table: each athlete's connections, and the index rows that lead from what a provider sends back
/// to the athlete (a Hevy webhook's token, a Strava athlete id), from an OAuth state to who started it, and from the
/// hourly feed to whom it reads.
/// </summary>
public sealed class ConnectionStore(StorageClients storage)
{
    private const string HevyHooks = "~hevy-hook";
    private const string StravaAthletes = "~strava-athlete";
    private const string HevyConnected = "~hevy-connected";
    private const string StravaStates = "~strava-state";

    private readonly TableClient _table = storage.Tables.GetTableClient(TableNames.Connections);

    /// <summary>A secret's one-way reference, for index rows: the token itself stays with the provider.</summary>
    public static string RefOf(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("connection|" + secret)))[..40];

    public async Task<ConnectionRow?> FindAsync(string athleteId, string provider, CancellationToken ct)
    {
        var found = await _table.GetEntityIfExistsAsync<ConnectionRow>(athleteId, provider, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task<IReadOnlyList<ConnectionRow>> ListAsync(string athleteId, CancellationToken ct)
    {
        var rows = new List<ConnectionRow>();
        await foreach (
            var row in _table.QueryAsync<ConnectionRow>(
                TableClient.CreateQueryFilter($"PartitionKey eq {athleteId}"),
                cancellationToken: ct
            )
        )
            rows.Add(row);
        return rows;
    }

    /// <summary>
    /// A new connection with its index rows (the row replaces an earlier connection of the same provider, whose
    /// index rows the caller removed first).
    /// </summary>
    public async Task SaveNewAsync(ConnectionRow row, CancellationToken ct)
    {
        if (row.HookRef is { } hook)
            await _table.UpsertEntityAsync(Index(HevyHooks, hook, row), TableUpdateMode.Replace, ct);
        if (row.ProviderUserId is { } user)
            await _table.UpsertEntityAsync(Index(StravaAthletes, user, row), TableUpdateMode.Replace, ct);
        if (row.RowKey == "hevy")
            await _table.UpsertEntityAsync(Index(HevyConnected, row.PartitionKey, row), TableUpdateMode.Replace, ct);
        // The row last: until it exists, an index row leads nowhere and is ignored.
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// Writes the row over the ETag it was read with; false when it changed meanwhile (read again and retry) or is
    /// gone (disconnected).
    /// </summary>
    public async Task<bool> TryUpdateAsync(ConnectionRow row, CancellationToken ct)
    {
        try
        {
            await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Reads, changes and writes the connection of this epoch, retrying a lost race; false if gone.</summary>
    public async Task<bool> ChangeAsync(
        string athleteId,
        string provider,
        string epoch,
        Action<ConnectionRow> change,
        CancellationToken ct
    )
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await FindAsync(athleteId, provider, ct) is not { } row || row.Epoch != epoch)
                return false;
            change(row);
            if (await TryUpdateAsync(row, ct))
                return true;
        }
        throw new InvalidOperationException("The connection kept changing; the message will be retried.");
    }

    /// <summary>Removes the connection and its index rows (what is already gone is no error).</summary>
    public async Task RemoveAsync(ConnectionRow row, CancellationToken ct)
    {
        await RemoveIndexesAsync(row, ct);
        await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
    }

    /// <summary>The index rows only: nothing a provider sends leads to this connection any more.</summary>
    public async Task RemoveIndexesAsync(ConnectionRow row, CancellationToken ct)
    {
        if (row.HookRef is { } hook)
            await DeleteIfOfAsync(HevyHooks, hook, row.Epoch, ct);
        if (row.ProviderUserId is { } user)
            await DeleteIfOfAsync(StravaAthletes, user, row.Epoch, ct);
        if (row.RowKey == "hevy")
            await DeleteIfOfAsync(HevyConnected, row.PartitionKey, row.Epoch, ct);
    }

    /// <summary>The athlete and connection a Hevy webhook's token belongs to.</summary>
    public Task<(string AthleteId, string Epoch)?> FindHevyHookAsync(string authToken, CancellationToken ct) =>
        IndexAsync(HevyHooks, RefOf(authToken), ct);

    public Task<(string AthleteId, string Epoch)?> FindStravaAthleteAsync(long stravaAthleteId, CancellationToken ct) =>
        IndexAsync(StravaAthletes, stravaAthleteId.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);

    /// <summary>Every athlete with Hevy connected, for the hourly feed.</summary>
    public async IAsyncEnumerable<(string AthleteId, string Epoch)> HevyConnectedAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct
    )
    {
        await foreach (
            var row in _table.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {HevyConnected}"),
                cancellationToken: ct
            )
        )
            yield return (row.GetString("AthleteId") ?? "", row.GetString("Epoch") ?? "");
    }

    /// <summary>An OAuth state for this athlete, good once and for <paramref name="lifetime"/>.</summary>
    public async Task<string> NewStateAsync(
        string athleteId,
        DateTimeOffset now,
        TimeSpan lifetime,
        CancellationToken ct
    )
    {
        var state = Base64Url(RandomNumberGenerator.GetBytes(32));
        await _table.AddEntityAsync(
            new TableEntity(StravaStates, RefOf(state)) { ["AthleteId"] = athleteId, ["Expires"] = now + lifetime },
            ct
        );
        return state;
    }

    /// <summary>
    /// The athlete who started this state, once: the row is deleted with the ETag read, so of two callbacks with the
    /// same state only one gets the athlete. Null when unknown, used or expired.
    /// </summary>
    public async Task<string?> TakeStateAsync(string? state, DateTimeOffset now, CancellationToken ct)
    {
        if (state is not { Length: > 20 and < 100 })
            return null;
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(StravaStates, RefOf(state), cancellationToken: ct);
        if (found is not { HasValue: true, Value: { } row })
            return null;
        try
        {
            await _table.DeleteEntityAsync(StravaStates, row.RowKey, row.ETag, ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
        return row.GetDateTimeOffset("Expires") is { } expires && expires > now ? row.GetString("AthleteId") : null;
    }

    /// <summary>States never taken (the athlete turned back at Strava), swept once expired.</summary>
    public async Task<int> SweepStatesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var swept = 0;
        await foreach (
            var row in _table.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {StravaStates} and Expires lt {now}"),
                cancellationToken: ct
            )
        )
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
            swept++;
        }
        return swept;
    }

    private static TableEntity Index(string partition, string key, ConnectionRow row) =>
        new(partition, key) { ["AthleteId"] = row.PartitionKey, ["Epoch"] = row.Epoch };

    private async Task<(string, string)?> IndexAsync(string partition, string key, CancellationToken ct)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: ct);
        return found is { HasValue: true, Value: { } row } && row.GetString("AthleteId") is { Length: > 0 } athlete
            ? (athlete, row.GetString("Epoch") ?? "")
            : null;
    }

    /// <summary>An index row is removed only by the connection that wrote it (a newer one may have replaced it).
    /// </summary>
    private async Task DeleteIfOfAsync(string partition, string key, string epoch, CancellationToken ct)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: ct);
        if (found is not { HasValue: true, Value: { } row } || row.GetString("Epoch") != epoch)
            return;
        try
        {
            await _table.DeleteEntityAsync(partition, key, row.ETag, ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
