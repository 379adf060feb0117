using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Connections;
using BackSignal.Core.Messaging;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Connecting and disconnecting an athlete's Hevy and Strava accounts (docs/design.md#connected-accounts), for the
/// settings page and the CLI alike: keys and tokens go to the secret store, never a table, log or URL; the table
/// keeps what the page shows and the index rows that lead a webhook back to its athlete.
/// </summary>
public sealed partial class ConnectedAccounts(
    ConnectionStore store,
    ISecretStore secrets,
    HevyClient hevy,
    StravaClient strava,
    IOptions<StravaOptions> stravaOptions,
    IOptions<LinkOptions> links,
    MessageQueue queue,
    TrainingClock time,
    ILogger<ConnectedAccounts> log
)
{
    /// <summary>How far back a new Strava connection imports: the baseline weeks of the overload rules and more.
    /// </summary>
    public static readonly TimeSpan StravaHistory = TimeSpan.FromDays(84);

    /// <summary>How long the athlete has to come back from Strava's page.</summary>
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(15);

    public bool StravaOffered => stravaOptions.Value.Configured;

    public Uri HevyHookUrl => new(links.Value.PublicBaseUrl.TrimEnd('/') + "/api/hooks/hevy");

    public Uri StravaRedirect => new(links.Value.PublicBaseUrl.TrimEnd('/') + "/api/connect/strava/callback");

    /// <summary>
    /// Checks the key with Hevy, keeps it as a secret, registers the webhook and queues the backfill's first page.
    /// Returns null when connected, else the key of what went wrong in plain words (Localization/Texts.resx: the page
    /// and the CLI say it in their reader's language); nothing is kept then.
    /// </summary>
    public async Task<string?> ConnectHevyAsync(string athleteId, string? apiKey, CancellationToken ct)
    {
        var key = apiKey?.Trim() ?? "";
        if (key.Length is < 16 or > 100 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            return "Connect.Problem.NotHevyKey";
        try
        {
            await hevy.CheckKeyAsync(key, ct);
        }
        catch (ProviderException e) when (e.Problem == ProviderProblem.Unauthorized)
        {
            return "Connect.Problem.HevyRefused";
        }
        catch (ProviderException)
        {
            return "Connect.Problem.HevyUnreachable";
        }

        // A new key replaces an earlier connection (its webhook, secret and index rows go first).
        await DisconnectAsync(athleteId, Provider.Hevy, ct);
        var now = time.GetUtcNow();
        var epoch = NewEpoch();
        var secretName = SecretName(Provider.Hevy, athleteId, epoch);
        await secrets.SetAsync(secretName, key, ct);
        // Hevy sends this back as the Authorization header of each delivery; only its one-way reference is stored.
        var authToken = "Bearer " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var webhook = true;
        try
        {
            await hevy.SubscribeAsync(key, HevyHookUrl, authToken, ct);
        }
        catch (ProviderException e) when (e.Problem != ProviderProblem.Unauthorized)
        {
            // Without the webhook the hourly events feed still brings every workout, an hour later at most.
            webhook = false;
            LogNoWebhook(LogIds.Athlete(athleteId), e.Problem.ToString());
        }
        await store.SaveNewAsync(
            new ConnectionRow
            {
                PartitionKey = athleteId,
                RowKey = Provider.Hevy.Name(),
                Epoch = epoch,
                SecretName = secretName,
                ConnectedAt = now,
                HookRef = webhook ? ConnectionStore.RefOf(authToken) : null,
                Webhook = webhook,
                EventsSince = now,
            },
            ct
        );
        await queue.SendAsync(new HevyBackfillPage(1) { AthleteId = athleteId, Epoch = epoch }, ct);
        LogConnected(Provider.Hevy.Name(), LogIds.Athlete(athleteId));
        return null;
    }

    /// <summary>Strava's authorization page for this athlete, with a state good once for a quarter hour.</summary>
    public async Task<Uri?> StartStravaAsync(string athleteId, CancellationToken ct)
    {
        if (!StravaOffered)
            return null;
        var state = await store.NewStateAsync(athleteId, time.GetUtcNow(), StateLifetime, ct);
        return strava.AuthorizeUrl(StravaRedirect, state);
    }

    /// <summary>
    /// Strava's redirect back: the state names the athlete (once), the code is exchanged for tokens kept as a secret.
    /// Returns the athlete (when the state named one) and what went wrong, if anything.
    /// </summary>
    public async Task<(string? AthleteId, string? Problem)> CompleteStravaAsync(
        string? code,
        string? state,
        string? scope,
        string? error,
        CancellationToken ct
    )
    {
        var athleteId = await store.TakeStateAsync(state, time.GetUtcNow(), ct);
        if (athleteId is null)
            return (null, "Connect.Problem.StravaStateUsed");
        if (!StravaOffered)
            return (athleteId, "Connect.Problem.StravaNotOffered");
        if (error is { Length: > 0 } || code is not { Length: > 0 and < 200 })
            return (athleteId, "Connect.Problem.StravaDenied");
        var scopes = (scope ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (!scopes.Contains(StravaClient.Scope) && !scopes.Contains("activity:read"))
            return (athleteId, "Connect.Problem.StravaScope");
        StravaTokens tokens;
        try
        {
            tokens = await strava.ExchangeCodeAsync(code, ct);
        }
        catch (ProviderException)
        {
            return (athleteId, "Connect.Problem.StravaExchange");
        }
        await DisconnectAsync(athleteId, Provider.Strava, ct);
        var epoch = NewEpoch();
        var secretName = SecretName(Provider.Strava, athleteId, epoch);
        await secrets.SetAsync(secretName, JsonSerializer.Serialize(tokens), ct);
        await store.SaveNewAsync(
            new ConnectionRow
            {
                PartitionKey = athleteId,
                RowKey = Provider.Strava.Name(),
                Epoch = epoch,
                SecretName = secretName,
                ConnectedAt = time.GetUtcNow(),
                ProviderUserId = tokens.AthleteId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Webhook = true,
            },
            ct
        );
        // The recent weeks, so that the rules have usual weeks to compare with from the first new activity on.
        var after = (time.GetUtcNow() - StravaHistory).ToUnixTimeSeconds();
        await queue.SendAsync(new StravaBackfillPage(after, 1) { AthleteId = athleteId, Epoch = epoch }, ct);
        LogConnected(Provider.Strava.Name(), LogIds.Athlete(athleteId));
        return (athleteId, null);
    }

    /// <summary>
    /// Removes the webhook or access at the provider, the secret and the rows here; the workouts stay. False when
    /// nothing was connected. A provider that cannot be reached does not keep the connection here: its webhook then
    /// finds no athlete and imports nothing.
    /// </summary>
    public async Task<bool> DisconnectAsync(string athleteId, Provider provider, CancellationToken ct)
    {
        if (await store.FindAsync(athleteId, provider.Name(), ct) is not { } row)
            return false;
        if (await secrets.GetAsync(row.SecretName, ct) is { } secret)
        {
            try
            {
                if (provider == Provider.Hevy)
                    await hevy.UnsubscribeAsync(secret, ct);
                else if (JsonSerializer.Deserialize<StravaTokens>(secret) is { } tokens)
                    await strava.DeauthorizeAsync(tokens, ct);
            }
            catch (ProviderException e)
            {
                LogProviderNotTold(provider.Name(), e.Problem.ToString());
            }
            await secrets.DeleteAsync(row.SecretName, ct);
        }
        await store.RemoveAsync(row, ct);
        LogDisconnected(provider.Name(), LogIds.Athlete(athleteId));
        return true;
    }

    /// <summary>Every connection of the athlete (an erasure, `athlete delete`).</summary>
    public async Task DisconnectAllAsync(string athleteId, CancellationToken ct)
    {
        foreach (var provider in Enum.GetValues<Provider>())
            await DisconnectAsync(athleteId, provider, ct);
    }

    public async Task<string?> HevyKeyAsync(ConnectionRow row, CancellationToken ct) =>
        await secrets.GetAsync(row.SecretName, ct);

    /// <summary>
    /// The athlete's Strava tokens, refreshed first when they expire within minutes or when <paramref name="refresh"/>
    /// asks (to confirm a deauthorization: Strava refuses a refresh once access is removed), and kept.
    /// </summary>
    /// <remarks>
    /// Two steps may refresh at once, and Strava's refresh token changes with each refresh: the loser's refresh is
    /// refused. It then takes the winner's tokens if they were kept meanwhile, else the access token it has while that
    /// has not expired (a removed access shows as a 401 on the fetch itself); only otherwise has access ended.
    /// </remarks>
    public async Task<StravaTokens?> StravaTokensAsync(ConnectionRow row, CancellationToken ct, bool refresh = false)
    {
        if (await secrets.GetAsync(row.SecretName, ct) is not { } secret)
            return null;
        var tokens = JsonSerializer.Deserialize<StravaTokens>(secret);
        var now = time.GetUtcNow();
        if (tokens is null || !refresh && !tokens.NeedsRefresh(now))
            return tokens;
        StravaTokens fresh;
        try
        {
            fresh = await strava.RefreshAsync(tokens, ct);
        }
        catch (ProviderException e) when (e.Problem == ProviderProblem.Unauthorized)
        {
            if (
                await secrets.GetAsync(row.SecretName, ct) is { } again
                && JsonSerializer.Deserialize<StravaTokens>(again) is { } newer
                && newer.RefreshToken != tokens.RefreshToken
            )
                return newer;
            if (!refresh && tokens.Expires > now)
                return tokens;
            throw;
        }
        await secrets.SetAsync(row.SecretName, JsonSerializer.Serialize(fresh), ct);
        return fresh;
    }

    /// <summary>
    /// The provider no longer accepts BackSignal (a revoked key, a lapsed subscription, access removed at Strava):
    /// the secret goes, the row stays with the reason for the athlete's page, and webhooks stop leading here.
    /// </summary>
    public async Task MarkRevokedAsync(ConnectionRow row, string reason, CancellationToken ct)
    {
        await secrets.DeleteAsync(row.SecretName, ct);
        await store.ChangeAsync(
            row.PartitionKey,
            row.RowKey,
            row.Epoch,
            r =>
            {
                r.Status = ConnectionRow.Failing;
                r.LastError = reason;
            },
            ct
        );
        await store.RemoveIndexesAsync(row, ct);
    }

    private static string NewEpoch() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Letters, digits and dashes (Key Vault's rule); a one-way reference, never the athlete's id.</summary>
    private static string SecretName(Provider provider, string athleteId, string epoch) =>
        $"{provider.Name()}-"
        + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("secret|" + athleteId)))[..24]
        + $"-{epoch}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected {Provider} for athlete {AthleteRef}")]
    private partial void LogConnected(string provider, string athleteRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disconnected {Provider} for athlete {AthleteRef}")]
    private partial void LogDisconnected(string provider, string athleteRef);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "No Hevy webhook for athlete {AthleteRef} ({Problem}): the hourly feed brings the workouts"
    )]
    private partial void LogNoWebhook(string athleteRef, string problem);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Provider} could not be told of a disconnection ({Problem}); removed here all the same"
    )]
    private partial void LogProviderNotTold(string provider, string problem);
}
