using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BackSignal.Tests.Infrastructure.Providers;

/// <summary>
/// Hevy's public API on 127.0.0.1, built from its documented payloads (api.hevyapp.com/docs): `GET /v1/user/info`,
/// `GET /v1/workouts` (paged, at most 10 a page, newest first), `GET /v1/workouts/{id}`,
/// `GET /v1/workouts/events?since=` (updated and deleted events, newest first), `POST` and `DELETE
/// /v1/webhook-subscription`, every call with the `api-key` header. It can revoke a key, answer a planned fault,
/// and deliver its webhook as Hevy does (the registered authToken as the Authorization header).
/// </summary>
public sealed class FakeHevy : LocalFake
{
    private readonly ConcurrentDictionary<string, bool> _keys = new();
    private readonly ConcurrentDictionary<string, JsonObject> _workouts = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, JsonObject Event)> _events = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _faults = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    private FakeHevy(Func<DateTimeOffset> now) => Now = now;

    /// <summary>Hevy's clock, for updated_at and the events feed (a test's FakeTimeProvider).</summary>
    public Func<DateTimeOffset> Now { get; }

    /// <summary>The webhook Hevy would call, and the token it would send: null until one is registered.</summary>
    public (string Url, string AuthToken)? Subscription { get; private set; }

    /// <summary>Calls per "METHOD path" (e.g. "GET /v1/workouts").</summary>
    public int Calls(string methodAndPath) => _calls.GetValueOrDefault(methodAndPath);

    public static async Task<FakeHevy> StartAsync(Func<DateTimeOffset> now)
    {
        var fake = new FakeHevy(now);
        await fake.ListenAsync();
        return fake;
    }

    /// <summary>A key of a Hevy Pro account (a UUID, as Hevy's are).</summary>
    public string NewKey()
    {
        var key = Guid.NewGuid().ToString();
        _keys[key] = true;
        return key;
    }

    /// <summary>The key stops working (revoked, or Pro lapsed): every call answers 401.</summary>
    public void Revoke(string key) => _keys[key] = false;

    /// <summary>The next calls are answered with these statuses before the API works again.</summary>
    public void PlanFault(int status, string? retryAfter = null) => _faults.Enqueue((status, retryAfter));

    /// <summary>A workout as Hevy's API returns it; its id.</summary>
    public string AddWorkout(DateTimeOffset start, string title, params (string Exercise, double Kg, int Reps)[] sets)
    {
        var id = Guid.NewGuid().ToString();
        var exercises = new JsonArray();
        foreach (var (group, index) in sets.GroupBy(s => s.Exercise).Select((g, i) => (g, i)))
            exercises.Add(
                new JsonObject
                {
                    ["index"] = index,
                    ["title"] = group.Key,
                    ["notes"] = "",
                    ["exercise_template_id"] = "05293BCA",
                    ["supersets_id"] = null,
                    ["sets"] = new JsonArray(
                        group
                            .Select(
                                (s, i) =>
                                    (JsonNode)
                                        new JsonObject
                                        {
                                            ["index"] = i,
                                            ["type"] = i == 0 ? "warmup" : "normal",
                                            ["weight_kg"] = s.Kg,
                                            ["reps"] = s.Reps,
                                            ["distance_meters"] = null,
                                            ["duration_seconds"] = null,
                                            ["rpe"] = i == 0 ? null : 8,
                                            ["custom_metric"] = null,
                                        }
                            )
                            .ToArray()
                    ),
                }
            );
        _workouts[id] = new JsonObject
        {
            ["id"] = id,
            ["title"] = title,
            ["routine_id"] = null,
            ["description"] = "",
            ["start_time"] = Iso(start),
            ["end_time"] = Iso(start.AddMinutes(60)),
            ["updated_at"] = Iso(Now()),
            ["created_at"] = Iso(Now()),
            ["exercises"] = exercises,
        };
        return id;
    }

    /// <summary>The athlete edits a workout in the app: an `updated` event carries it.</summary>
    public void Update(string id, Action<JsonObject> edit)
    {
        var workout = _workouts[id];
        edit(workout);
        workout["updated_at"] = Iso(Now());
        _events.Enqueue((Now(), new JsonObject { ["type"] = "updated", ["workout"] = workout.DeepClone() }));
    }

    /// <summary>The athlete deletes a workout in the app: a `deleted` event names it.</summary>
    public void Delete(string id)
    {
        _workouts.TryRemove(id, out _);
        _events.Enqueue(
            (
                Now(),
                new JsonObject
                {
                    ["type"] = "deleted",
                    ["id"] = id,
                    ["deleted_at"] = Iso(Now()),
                }
            )
        );
    }

    /// <summary>Hevy's webhook delivery for a new workout, to the registered URL with the registered token.</summary>
    /// <param name="url">Where the front door answers when it is not at the registered address (a test's port).
    /// </param>
    public async Task<HttpResponseMessage> DeliverAsync(
        HttpClient http,
        string workoutId,
        string? authToken = null,
        string? url = null
    )
    {
        var (registered, token) = Subscription ?? ("", "");
        url ??= registered;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { id = Guid.NewGuid().ToString(), payload = new { workoutId } }),
                Encoding.UTF8,
                "application/json"
            ),
        };
        if ((authToken ?? token) is { Length: > 0 } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await http.SendAsync(request);
    }

    protected override async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var byId =
            path.StartsWith("/v1/workouts/", StringComparison.Ordinal)
            && !path.EndsWith("/events", StringComparison.Ordinal);
        var call = $"{request.Method} {(byId ? "/v1/workouts/{id}" : path)}";
        _calls.AddOrUpdate(call, 1, (_, n) => n + 1);
        if (!_keys.TryGetValue(request.Headers["api-key"].ToString(), out var valid) || !valid)
        {
            await Answer(context, 401, new JsonObject { ["error"] = "Unauthorized" });
            return;
        }
        if (_faults.TryDequeue(out var fault))
        {
            if (fault.RetryAfter is not null)
                context.Response.Headers.RetryAfter = fault.RetryAfter;
            await Answer(context, fault.Status, new JsonObject { ["error"] = "planned fault" });
            return;
        }
        var page = int.TryParse(request.Query["page"], out var p) ? p : 1;
        var pageSize = int.TryParse(request.Query["pageSize"], out var ps) ? ps : 5;
        if (pageSize is < 1 or > 10 || page < 1)
        {
            await Answer(context, 400, new JsonObject { ["error"] = "Invalid page size" });
            return;
        }
        switch (request.Method, path)
        {
            case ("GET", "/v1/user/info"):
                await Answer(
                    context,
                    200,
                    new JsonObject
                    {
                        ["data"] = new JsonObject
                        {
                            ["id"] = "u1",
                            ["name"] = "lifter",
                            ["url"] = "",
                        },
                    }
                );
                return;
            case ("GET", "/v1/workouts"):
            {
                var all = _workouts.Values.OrderByDescending(w => (string?)w["start_time"]).ToList();
                await Answer(context, 200, Page(page, pageSize, all.Cast<JsonNode>().ToList(), "workouts"));
                return;
            }
            case ("GET", "/v1/workouts/events"):
            {
                var since = DateTimeOffset.TryParse(request.Query["since"], out var s) ? s : DateTimeOffset.MinValue;
                var events = _events
                    .Where(e => e.At > since)
                    .OrderByDescending(e => e.At)
                    .Select(e => e.Event.DeepClone())
                    .ToList();
                await Answer(context, 200, Page(page, pageSize, events, "events"));
                return;
            }
            case ("POST", "/v1/webhook-subscription"):
            {
                var body = await JsonNode.ParseAsync(request.Body);
                var webhook = body?["webhook"];
                if ((string?)webhook?["url"] is not { } url || (string?)webhook["authToken"] is not { } token)
                {
                    await Answer(context, 400, new JsonObject { ["error"] = "\"webhook\" is required" });
                    return;
                }
                Subscription = (url, token);
                await Answer(context, 201, new JsonObject { ["url"] = url, ["authToken"] = token });
                return;
            }
            case ("DELETE", "/v1/webhook-subscription"):
                var had = Subscription is not null;
                Subscription = null;
                await Answer(context, had ? 200 : 404, new JsonObject());
                return;
            case ("GET", _) when path.StartsWith("/v1/workouts/", StringComparison.Ordinal):
                if (_workouts.TryGetValue(path["/v1/workouts/".Length..], out var workout))
                    await Answer(context, 200, workout.DeepClone());
                else
                    await Answer(context, 404, new JsonObject { ["error"] = "Workout not found" });
                return;
            default:
                await Answer(context, 404, new JsonObject { ["error"] = "Not found" });
                return;
        }
    }

    private static JsonObject Page(int page, int pageSize, List<JsonNode> items, string name) =>
        new()
        {
            ["page"] = page,
            ["page_count"] = (items.Count + pageSize - 1) / pageSize,
            [name] = new JsonArray(
                items.Skip((page - 1) * pageSize).Take(pageSize).Select(i => i.DeepClone()).ToArray()
            ),
        };

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
