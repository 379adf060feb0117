using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.AspNetCore.Http;

namespace BackSignal.Tests.Infrastructure.Providers;

/// <summary>
/// Strava's OAuth and activities API on 127.0.0.1, built from its documented payloads (developers.strava.com):
/// `POST /oauth/token` (authorization_code, refresh_token; tokens expire on the test's clock), `POST
/// /oauth/deauthorize`, `GET /api/v3/activities/{id}` (the owner's bearer token; another athlete's activity is a
/// 404), rate limits as `X-RateLimit-Limit`/`-Usage` with 429, and the webhook events Strava posts.
/// </summary>
public sealed class FakeStrava : LocalFake
{
    public const string ClientId = "4242";
    public const string ClientSecret = "fake-client-secret";

    private readonly ConcurrentDictionary<string, (long Athlete, string Scope)> _codes = new();
    private readonly ConcurrentDictionary<string, (long Athlete, DateTimeOffset Expires)> _access = new();
    private readonly ConcurrentDictionary<string, long> _refresh = new();
    private readonly ConcurrentDictionary<long, (long Owner, JsonObject Activity)> _activities = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _faults = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private long _nextActivity = 9_000_000_000;

    private FakeStrava(Func<DateTimeOffset> now) => Now = now;

    public Func<DateTimeOffset> Now { get; }

    /// <summary>How long a new access token lives (Strava: six hours).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(6);

    public int Calls(string call) => _calls.GetValueOrDefault(call);

    public static async Task<FakeStrava> StartAsync(Func<DateTimeOffset> now)
    {
        var fake = new FakeStrava(now);
        await fake.ListenAsync();
        return fake;
    }

    /// <summary>
    /// The athlete at Strava's authorization page agrees (with <paramref name="scope"/>): the redirect back, as the
    /// browser would follow it, with the state BackSignal sent.
    /// </summary>
    public Uri Approve(Uri authorizeUrl, long athleteId, string scope = "read,activity:read_all")
    {
        var query = HttpUtility.ParseQueryString(authorizeUrl.Query);
        if (query["client_id"] != ClientId || query["response_type"] != "code")
            throw new InvalidOperationException("Not an authorization request of this app.");
        var code = Guid.NewGuid().ToString("N");
        _codes[code] = (athleteId, scope);
        return new Uri(
            $"{query["redirect_uri"]}?state={Uri.EscapeDataString(query["state"]!)}&code={code}"
                + $"&scope={Uri.EscapeDataString(scope)}"
        );
    }

    public long AddActivity(long owner, DateTimeOffset start, string type, int minutes, double? exertion = null)
    {
        var id = Interlocked.Increment(ref _nextActivity);
        _activities[id] = (
            owner,
            new JsonObject
            {
                ["id"] = id,
                ["name"] = $"{type} session",
                ["type"] = type,
                ["sport_type"] = type,
                ["start_date"] = FakeHevy.Iso(start),
                ["start_date_local"] = FakeHevy.Iso(start),
                ["elapsed_time"] = minutes * 60,
                ["moving_time"] = minutes * 60,
                ["has_heartrate"] = true,
                ["average_heartrate"] = 131.5,
                ["max_heartrate"] = 170.0,
                ["perceived_exertion"] = exertion,
                ["athlete"] = new JsonObject { ["id"] = owner },
            }
        );
        return id;
    }

    public void DeleteActivity(long id) => _activities.TryRemove(id, out _);

    /// <summary>The next activity calls answer these statuses (429 carries Strava's rate-limit headers).</summary>
    public void PlanFault(int status, string? retryAfter = null) => _faults.Enqueue((status, retryAfter));

    /// <summary>The body Strava posts to the callback for an event.</summary>
    public static JsonObject Event(
        string objectType,
        long objectId,
        string aspect,
        long owner,
        bool deauthorize = false
    ) =>
        new()
        {
            ["aspect_type"] = aspect,
            ["event_time"] = 1_764_000_000,
            ["object_id"] = objectId,
            ["object_type"] = objectType,
            ["owner_id"] = owner,
            ["subscription_id"] = 120475,
            ["updates"] = deauthorize ? new JsonObject { ["authorized"] = "false" } : new JsonObject(),
        };

    protected override async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var call = path.StartsWith("/api/v3/activities/", StringComparison.Ordinal) ? "activity" : path;
        _calls.AddOrUpdate(call, 1, (_, n) => n + 1);
        if (request.Method == "POST" && path == "/oauth/token")
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                await Answer(context, 401, new JsonObject { ["message"] = "Bad Request" });
                return;
            }
            long athlete;
            if (form["grant_type"] == "authorization_code" && _codes.TryRemove(form["code"].ToString(), out var c))
                athlete = c.Athlete;
            else if (
                form["grant_type"] == "refresh_token"
                && _refresh.TryRemove(form["refresh_token"].ToString(), out var a)
            )
                athlete = a;
            else
            {
                await Answer(
                    context,
                    400,
                    new JsonObject { ["message"] = "Bad Request", ["errors"] = new JsonArray() }
                );
                return;
            }
            await Answer(context, 200, Tokens(athlete, form["grant_type"] == "authorization_code"));
            return;
        }
        if (request.Method == "POST" && path == "/oauth/deauthorize")
        {
            var form = await request.ReadFormAsync();
            if (!_access.TryGetValue(form["access_token"].ToString(), out var holder))
            {
                await Answer(context, 401, new JsonObject { ["message"] = "Authorization Error" });
                return;
            }
            Deauthorize(holder.Athlete);
            await Answer(context, 200, new JsonObject { ["access_token"] = form["access_token"].ToString() });
            return;
        }
        if (request.Method == "GET" && path == "/api/v3/athlete/activities")
        {
            if (Holder(request) is not { } athlete)
            {
                await Answer(context, 401, new JsonObject { ["message"] = "Authorization Error" });
                return;
            }
            var after = long.TryParse(request.Query["after"], out var a) ? a : 0;
            var page = int.TryParse(request.Query["page"], out var p) ? p : 1;
            var perPage = int.TryParse(request.Query["per_page"], out var pp) ? pp : 30;
            // Newest first, as Strava lists them; only what started after `after`.
            var mine = _activities
                .Values.Where(x => x.Owner == athlete)
                .Select(x => x.Activity)
                .Where(x => DateTimeOffset.Parse((string)x["start_date"]!).ToUnixTimeSeconds() > after)
                .OrderByDescending(x => (string?)x["start_date"])
                .Skip((page - 1) * perPage)
                .Take(perPage)
                .Select(x => (JsonNode)x.DeepClone())
                .ToArray();
            await Answer(context, 200, new JsonArray(mine));
            return;
        }
        if (request.Method == "GET" && call == "activity")
        {
            var bearer = request.Headers.Authorization.ToString();
            if (
                !bearer.StartsWith("Bearer ", StringComparison.Ordinal)
                || !_access.TryGetValue(bearer["Bearer ".Length..], out var holder)
                || holder.Expires <= Now()
            )
            {
                await Answer(context, 401, new JsonObject { ["message"] = "Authorization Error" });
                return;
            }
            context.Response.Headers["X-RateLimit-Limit"] = "200,2000";
            context.Response.Headers["X-RateLimit-Usage"] = "12,300";
            if (_faults.TryDequeue(out var fault))
            {
                if (fault.Status == 429)
                    context.Response.Headers["X-RateLimit-Usage"] = "201,300";
                if (fault.RetryAfter is not null)
                    context.Response.Headers.RetryAfter = fault.RetryAfter;
                await Answer(context, fault.Status, new JsonObject { ["message"] = "Rate Limit Exceeded" });
                return;
            }
            if (
                long.TryParse(path["/api/v3/activities/".Length..], out var id)
                && _activities.TryGetValue(id, out var found)
                && found.Owner == holder.Athlete
            )
                await Answer(context, 200, found.Activity.DeepClone());
            else
                await Answer(context, 404, new JsonObject { ["message"] = "Record Not Found" });
            return;
        }
        await Answer(context, 404, new JsonObject { ["message"] = "Not Found" });
    }

    /// <summary>The athlete a valid, unexpired bearer token belongs to.</summary>
    private long? Holder(HttpRequest request)
    {
        var bearer = request.Headers.Authorization.ToString();
        return
            bearer.StartsWith("Bearer ", StringComparison.Ordinal)
            && _access.TryGetValue(bearer["Bearer ".Length..], out var holder)
            && holder.Expires > Now()
            ? holder.Athlete
            : null;
    }

    /// <summary>The athlete revokes the app at Strava: every token of theirs stops working.</summary>
    public void Deauthorize(long athlete)
    {
        foreach (var token in _access.Where(t => t.Value.Athlete == athlete).Select(t => t.Key).ToList())
            _access.TryRemove(token, out _);
        foreach (var token in _refresh.Where(t => t.Value == athlete).Select(t => t.Key).ToList())
            _refresh.TryRemove(token, out _);
    }

    private JsonObject Tokens(long athlete, bool withAthlete)
    {
        var access = Guid.NewGuid().ToString("N");
        var refresh = Guid.NewGuid().ToString("N");
        var expires = Now() + TokenLifetime;
        _access[access] = (athlete, expires);
        _refresh[refresh] = athlete;
        var answer = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["access_token"] = access,
            ["refresh_token"] = refresh,
            ["expires_at"] = expires.ToUnixTimeSeconds(),
            ["expires_in"] = (long)TokenLifetime.TotalSeconds,
        };
        if (withAthlete)
            answer["athlete"] = new JsonObject { ["id"] = athlete, ["firstname"] = "Ana" };
        return answer;
    }
}
