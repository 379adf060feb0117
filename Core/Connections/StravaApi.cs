using System.Globalization;
using System.Net;
using System.Text.Json;
using BackSignal.Core.Import;
using BackSignal.Core.Model;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Connections;

/// <summary>An athlete's Strava tokens (kept as one secret), and whom Strava says they belong to.</summary>
public sealed record StravaTokens(string AccessToken, string RefreshToken, long ExpiresAt, long AthleteId)
{
    public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(ExpiresAt);

    /// <summary>Refreshed a few minutes before expiry, so a token never lapses during a fetch.</summary>
    public bool NeedsRefresh(DateTimeOffset now) => Expires - now < TimeSpan.FromMinutes(5);
}

/// <summary>The fields of `GET /api/v3/activities/{id}` that BackSignal reads.</summary>
public sealed class StravaActivity
{
    public long Id { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? SportType { get; init; }
    public DateTimeOffset StartDate { get; init; }
    public double ElapsedTime { get; init; }
    public double? AverageHeartrate { get; init; }
    public double? MaxHeartrate { get; init; }
    public double? PerceivedExertion { get; init; }
}

/// <summary>What Strava posts to the webhook for an activity or an athlete.</summary>
public sealed class StravaWebhookEvent
{
    public string? ObjectType { get; init; }
    public long ObjectId { get; init; }
    public string? AspectType { get; init; }
    public long OwnerId { get; init; }
    public long SubscriptionId { get; init; }
    public long EventTime { get; init; }
    public Dictionary<string, JsonElement>? Updates { get; init; }

    /// <summary>`"authorized": "false"`: the athlete revoked BackSignal's access at Strava.</summary>
    public bool Deauthorizes =>
        ObjectType == "athlete"
        && Updates?.TryGetValue("authorized", out var v) == true
        && string.Equals(v.ToString(), "false", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Strava's OAuth token endpoint and activities API. Failures come back as <see cref="ProviderException"/>; a 429
/// carries when to ask again (Strava's limits reset every quarter hour and at midnight UTC), which the handler turns
/// into a delayed queue message.
/// </summary>
public sealed class StravaClient(IHttpClientFactory factory, IOptions<StravaOptions> options, TimeProvider wallClock)
{
    public const string Scope = "activity:read_all";

    /// <summary>Strava's authorization page for this athlete's <paramref name="state"/>.</summary>
    public Uri AuthorizeUrl(Uri redirect, string state)
    {
        var clientId = Uri.EscapeDataString(options.Value.ClientId ?? "");
        return new(
            $"{options.Value.BaseUrl.TrimEnd('/')}/oauth/authorize?client_id={clientId}"
                + $"&redirect_uri={Uri.EscapeDataString(redirect.ToString())}&response_type=code&approval_prompt=auto"
                + $"&scope={Uri.EscapeDataString(Scope)}&state={Uri.EscapeDataString(state)}"
        );
    }

    public Task<StravaTokens> ExchangeCodeAsync(string code, CancellationToken ct) =>
        TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code }, null, ct);

    public Task<StravaTokens> RefreshAsync(StravaTokens tokens, CancellationToken ct) =>
        TokenAsync(
            new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken },
            tokens.AthleteId,
            ct
        );

    /// <summary>The activity, or null when Strava has none by that id for this athlete.</summary>
    public async Task<StravaActivity?> GetActivityAsync(StravaTokens tokens, long activityId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            Url("api/v3/activities/" + activityId.ToString(CultureInfo.InvariantCulture))
        );
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);
        using var response = await SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await EnsureAsync(response, ct);
        return await ProviderHttp.ReadAsync<StravaActivity>(response, Provider.Strava, ct);
    }

    /// <summary>A page of the athlete's activities started after <paramref name="after"/> (Unix seconds).</summary>
    public async Task<IReadOnlyList<StravaActivity>> GetActivitiesAsync(
        StravaTokens tokens,
        long after,
        int page,
        CancellationToken ct
    )
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            Url(
                FormattableString.Invariant(
                    $"api/v3/athlete/activities?after={after}&page={page}&per_page={ActivitiesPerPage}"
                )
            )
        );
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);
        using var response = await SendAsync(request, ct);
        await EnsureAsync(response, ct);
        return await ProviderHttp.ReadAsync<List<StravaActivity>>(response, Provider.Strava, ct);
    }

    /// <summary>Activities per page of the backfill (Strava allows up to 200).</summary>
    public const int ActivitiesPerPage = 100;

    /// <summary>Revokes BackSignal's access (disconnect); a token already revoked is no error.</summary>
    public async Task DeauthorizeAsync(StravaTokens tokens, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("oauth/deauthorize"))
        {
            Content = new FormUrlEncodedContent([new("access_token", tokens.AccessToken)]),
        };
        using var response = await SendAsync(request, ct);
        if ((int)response.StatusCode is not (401 or 403))
            await EnsureAsync(response, ct);
    }

    private async Task<StravaTokens> TokenAsync(
        Dictionary<string, string> fields,
        long? athleteId,
        CancellationToken ct
    )
    {
        fields["client_id"] = options.Value.ClientId ?? "";
        fields["client_secret"] = options.Value.ClientSecret ?? "";
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("oauth/token"))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        using var response = await SendAsync(request, ct);
        // A refused code or refresh token is a 400 at Strava: the athlete must connect again.
        if ((int)response.StatusCode is 400 or 401)
            throw new ProviderException(
                Provider.Strava,
                ProviderProblem.Unauthorized,
                "Strava no longer accepts BackSignal's access for this athlete.",
                null
            );
        await EnsureAsync(response, ct);
        var answer = await ProviderHttp.ReadAsync<TokenAnswer>(response, Provider.Strava, ct);
        if (answer.AccessToken is not { Length: > 0 } access || answer.RefreshToken is not { Length: > 0 } refresh)
            throw new ProviderException(Provider.Strava, ProviderProblem.Refused, "Strava sent no tokens.", null);
        return new StravaTokens(access, refresh, answer.ExpiresAt, answer.Athlete?.Id ?? athleteId ?? 0);
    }

    private sealed class TokenAnswer
    {
        public string? AccessToken { get; init; }
        public string? RefreshToken { get; init; }
        public long ExpiresAt { get; init; }
        public TokenAthlete? Athlete { get; init; }
    }

    private sealed class TokenAthlete
    {
        public long Id { get; init; }
    }

    private Uri Url(string path) => new(new Uri(options.Value.BaseUrl.TrimEnd('/') + "/"), path);

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        ProviderHttp.SendAsync(
            factory.CreateClient(StravaOptions.HttpClientName),
            request,
            Provider.Strava,
            options.Value.RequestTimeoutSeconds,
            ct
        );

    private async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = (int)response.StatusCode;
        throw status switch
        {
            401 or 403 => new ProviderException(
                Provider.Strava,
                ProviderProblem.Unauthorized,
                "Strava refused BackSignal's access token.",
                null
            ),
            429 => new ProviderException(
                Provider.Strava,
                ProviderProblem.RateLimited,
                "Strava's rate limit is reached.",
                RateLimits.StravaWait(response, wallClock.GetUtcNow())
            ),
            >= 500 => new ProviderException(
                Provider.Strava,
                ProviderProblem.Unavailable,
                $"Strava answered {status}.",
                null
            ),
            _ => new ProviderException(
                Provider.Strava,
                ProviderProblem.Refused,
                $"Strava refused the request ({status}): {await ProviderHttp.SnippetAsync(response, ct)}",
                null
            ),
        };
    }
}

/// <summary>A Strava activity in the canonical shape, as the bulk export's activities.csv reads.</summary>
public static class StravaActivities
{
    public static WorkoutSummary ToSummary(StravaActivity activity, string athleteId)
    {
        var type = activity.SportType ?? activity.Type ?? "";
        return new WorkoutSummary
        {
            AthleteId = athleteId,
            Source = Provider.Strava.Name(),
            SourceId = activity.Id.ToString(CultureInfo.InvariantCulture),
            Start = activity.StartDate.ToUniversalTime(),
            DurationMin = Math.Round(activity.ElapsedTime / 60, 2),
            Title = activity.Name is { Length: > 0 } name ? name : type,
            SessionRpe = activity.PerceivedExertion is > 0 and <= 10 ? activity.PerceivedExertion : null,
            AvgHr = activity.AverageHeartrate is > 0 ? activity.AverageHeartrate : null,
            MaxHr = activity.MaxHeartrate is > 0 ? activity.MaxHeartrate : null,
            // Strava's API spells types in CamelCase (WeightTraining); the export in words.
            Sport = Sports.FromName(SpaceWords(type)),
        };
    }

    private static string SpaceWords(string camel) =>
        string.Concat(camel.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString()));
}
