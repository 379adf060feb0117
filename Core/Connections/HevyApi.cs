using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackSignal.Core.Model;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Connections;

/// <summary>Hevy's workout as its API returns it (`GET /v1/workouts`, `/v1/workouts/{id}`, the events feed).</summary>
public sealed class HevyWorkout
{
    public string Id { get; init; } = "";
    public string? Title { get; init; }
    public DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public IReadOnlyList<HevyExercise>? Exercises { get; init; }
}

public sealed class HevyExercise
{
    public double Index { get; init; }
    public string? Title { get; init; }
    public string? ExerciseTemplateId { get; init; }
    public IReadOnlyList<HevySet>? Sets { get; init; }
}

public sealed class HevySet
{
    public double Index { get; init; }
    public string? Type { get; init; }
    public double? WeightKg { get; init; }
    public double? Reps { get; init; }
    public double? DistanceMeters { get; init; }
    public double? DurationSeconds { get; init; }
    public double? Rpe { get; init; }
}

public sealed class HevyWorkoutPage
{
    public int Page { get; init; }
    public int PageCount { get; init; }
    public IReadOnlyList<HevyWorkout> Workouts { get; init; } = [];
}

/// <summary>One event of `GET /v1/workouts/events`: `updated` carries the workout, `deleted` its id.</summary>
public sealed class HevyEvent
{
    public string Type { get; init; } = "";
    public string? Id { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public HevyWorkout? Workout { get; init; }
}

public sealed class HevyEventPage
{
    public int Page { get; init; }
    public int PageCount { get; init; }
    public IReadOnlyList<HevyEvent> Events { get; init; } = [];
}

/// <summary>What Hevy posts to the webhook: the delivery's id and the new workout's id.</summary>
public sealed class HevyWebhookDelivery
{
    public string? Id { get; init; }
    public HevyWebhookPayload? Payload { get; init; }
}

public sealed class HevyWebhookPayload
{
    [JsonPropertyName("workoutId")]
    public string? WorkoutId { get; init; }
}

/// <summary>
/// Hevy's public API with one athlete's key (the `api-key` header): the key is passed per call and never logged or
/// put in a URL. Failures come back as <see cref="ProviderException"/>; nothing here waits or retries — the queue
/// does, so a handler never sleeps.
/// </summary>
public sealed class HevyClient(IHttpClientFactory factory, IOptions<HevyOptions> options)
{
    /// <summary>Whether the key opens the account (`GET /v1/user/info`).</summary>
    public async Task CheckKeyAsync(string apiKey, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, "v1/user/info", apiKey, null, ct);
        await EnsureAsync(response, ct);
    }

    public async Task<HevyWorkoutPage> GetWorkoutsAsync(string apiKey, int page, CancellationToken ct)
    {
        var path = $"v1/workouts?page={page}&pageSize={options.Value.PageSize}";
        using var response = await SendAsync(HttpMethod.Get, path, apiKey, null, ct);
        // Hevy answers 404 for a page past the last when an account has no workouts at all.
        if (response.StatusCode == HttpStatusCode.NotFound)
            return new HevyWorkoutPage { Page = page, PageCount = 0 };
        await EnsureAsync(response, ct);
        return await ProviderHttp.ReadAsync<HevyWorkoutPage>(response, Provider.Hevy, ct);
    }

    /// <summary>The workout, or null when Hevy has none by that id for this key.</summary>
    public async Task<HevyWorkout?> GetWorkoutAsync(string apiKey, string workoutId, CancellationToken ct)
    {
        using var response = await SendAsync(
            HttpMethod.Get,
            "v1/workouts/" + Uri.EscapeDataString(workoutId),
            apiKey,
            null,
            ct
        );
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await EnsureAsync(response, ct);
        return await ProviderHttp.ReadAsync<HevyWorkout>(response, Provider.Hevy, ct);
    }

    public async Task<HevyEventPage> GetEventsAsync(string apiKey, DateTimeOffset since, int page, CancellationToken ct)
    {
        var path =
            $"v1/workouts/events?page={page}&pageSize={options.Value.PageSize}"
            + $"&since={Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))}";
        using var response = await SendAsync(HttpMethod.Get, path, apiKey, null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return new HevyEventPage { Page = page, PageCount = 0 };
        await EnsureAsync(response, ct);
        return await ProviderHttp.ReadAsync<HevyEventPage>(response, Provider.Hevy, ct);
    }

    /// <summary>
    /// Registers BackSignal's webhook for this account (Hevy keeps one per key: an earlier one is removed first).
    /// Hevy sends <paramref name="authToken"/> back as the Authorization header of every delivery.
    /// </summary>
    public async Task SubscribeAsync(string apiKey, Uri url, string authToken, CancellationToken ct)
    {
        await UnsubscribeAsync(apiKey, ct);
        var body = JsonContent.Create(
            new { webhook = new { url = url.ToString(), authToken } },
            options: new JsonSerializerOptions(JsonSerializerDefaults.Web)
        );
        using var response = await SendAsync(HttpMethod.Post, "v1/webhook-subscription", apiKey, body, ct);
        await EnsureAsync(response, ct);
    }

    public async Task UnsubscribeAsync(string apiKey, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, "v1/webhook-subscription", apiKey, null, ct);
        if (response.StatusCode != HttpStatusCode.NotFound)
            await EnsureAsync(response, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        string apiKey,
        HttpContent? content,
        CancellationToken ct
    )
    {
        var client = factory.CreateClient(HevyOptions.HttpClientName);
        using var request = new HttpRequestMessage(
            method,
            new Uri(new Uri(options.Value.BaseUrl.TrimEnd('/') + "/"), path)
        );
        request.Headers.TryAddWithoutValidation("api-key", apiKey);
        request.Headers.Accept.ParseAdd("application/json");
        request.Content = content;
        return await ProviderHttp.SendAsync(client, request, Provider.Hevy, options.Value.RequestTimeoutSeconds, ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = (int)response.StatusCode;
        throw status switch
        {
            401 or 403 => new ProviderException(
                Provider.Hevy,
                ProviderProblem.Unauthorized,
                "Hevy no longer accepts the API key: it was revoked or replaced, or Hevy Pro has lapsed.",
                null
            ),
            404 => new ProviderException(Provider.Hevy, ProviderProblem.NotFound, "Hevy has no such workout.", null),
            429 => new ProviderException(
                Provider.Hevy,
                ProviderProblem.RateLimited,
                "Hevy asked BackSignal to slow down.",
                RateLimits.RetryAfter(response) ?? TimeSpan.FromMinutes(1)
            ),
            >= 500 => new ProviderException(
                Provider.Hevy,
                ProviderProblem.Unavailable,
                $"Hevy answered {status}.",
                null
            ),
            _ => new ProviderException(
                Provider.Hevy,
                ProviderProblem.Refused,
                $"Hevy refused the request ({status}): {await ProviderHttp.SnippetAsync(response, ct)}",
                null
            ),
        };
    }
}

/// <summary>Hevy's workout in the canonical shape, set for set as its CSV export reads.</summary>
public static class HevyWorkouts
{
    public static WorkoutSummary ToSummary(HevyWorkout workout, string athleteId)
    {
        var sets = new List<WorkoutSet>();
        foreach (var exercise in (workout.Exercises ?? []).OrderBy(e => e.Index))
        {
            var name = exercise.Title?.Trim() ?? "";
            foreach (var set in (exercise.Sets ?? []).OrderBy(s => s.Index))
                sets.Add(
                    new WorkoutSet
                    {
                        Exercise = name,
                        // Hevy counts sets from 0; the canonical form from 1.
                        SetIndex = (int)set.Index + 1,
                        Kind = (set.Type ?? "normal").Trim().ToLowerInvariant() switch
                        {
                            "" or "normal" => SetKind.Normal,
                            "warmup" => SetKind.Warmup,
                            "failure" => SetKind.Failure,
                            "dropset" => SetKind.Dropset,
                            // Validation reads it as normal and says so.
                            _ => SetKind.Unrecognised,
                        },
                        WeightKg = set.WeightKg,
                        Reps = set.Reps is { } r && r == Math.Floor(r) && r is >= 0 and <= int.MaxValue ? (int)r : null,
                        Rpe = set.Rpe is > 0 ? set.Rpe : null,
                        DistanceM = set.DistanceMeters is > 0 ? set.DistanceMeters : null,
                        Seconds = set.DurationSeconds is > 0 ? set.DurationSeconds : null,
                    }
                );
        }
        return new WorkoutSummary
        {
            AthleteId = athleteId,
            Source = Provider.Hevy.Name(),
            SourceId = workout.Id,
            Start = workout.StartTime,
            DurationMin = workout.EndTime is { } end
                ? Math.Round(Math.Max(0, (end - workout.StartTime).TotalMinutes), 2)
                : double.NaN,
            Title = workout.Title,
            Sport = "strength",
            Sets = sets,
        };
    }
}
