using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackSignal.Core.Connections;
using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The providers' webhooks: `POST /api/hooks/hevy` (the Authorization header must be the token BackSignal gave Hevy
/// for that athlete), `GET /api/hooks/strava` (the subscription's challenge, answered only with the right
/// verify token) and `POST /api/hooks/strava` (an event). Each answers at once and queues the work: Hevy wants a 200
/// within 5 s, Strava within 2 s.
/// </summary>
/// <remarks>
/// A webhook says only that something changed: what is imported is fetched from the provider with the athlete's own
/// credentials (<see cref="Pipeline.ConnectionSync"/>), so a forged delivery imports nothing. Events of accounts
/// nobody here connected are dropped before queueing.
/// </remarks>
public sealed partial class ProviderHooks(
    ConnectionStore store,
    MessageQueue queue,
    IOptions<StravaOptions> strava,
    ILogger<ProviderHooks> log
) : IFrontDoorHandler
{
    /// <summary>A delivery is a few hundred bytes; nothing larger is read.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public async Task<FrontDoorResponse> HandleAsync(FrontDoorRequest request, CancellationToken ct)
    {
        if (request.Path == ConnectionRoutes.HevyHook.Path)
            return await HevyAsync(request, ct);
        return request.Method == "GET" ? StravaChallenge(request) : await StravaEventAsync(request, ct);
    }

    private async Task<FrontDoorResponse> HevyAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var authorization = request.Headers.GetValueOrDefault("Authorization");
        if (
            authorization is not { Length: > 0 and < 300 }
            || await store.FindHevyHookAsync(authorization, ct) is not { } owner
        )
        {
            LogRefused("hevy");
            return FrontDoorResponse.Text(401, "Unknown webhook token.");
        }
        var (delivery, problem) = await ReadAsync<HevyWebhookDelivery>(request, ct);
        if (delivery?.Payload?.WorkoutId is not { Length: > 0 and <= 100 } workoutId)
            return FrontDoorResponse.Text(problem == 413 ? 413 : 400, "Expected {\"payload\": {\"workoutId\": …}}.");
        await queue.SendAsync(
            new HevyWorkoutDelivered(workoutId) { AthleteId = owner.AthleteId, Epoch = owner.Epoch },
            ct
        );
        return FrontDoorResponse.Text(200, "queued");
    }

    private FrontDoorResponse StravaChallenge(FrontDoorRequest request)
    {
        var expected = strava.Value.VerifyToken;
        var given = request.QueryValue("hub.verify_token");
        if (
            request.QueryValue("hub.mode") != "subscribe"
            || string.IsNullOrEmpty(expected)
            // A Key Vault reference the platform could not resolve is public text, never a token.
            || Configuration.SecretKeyAttribute.IsUnresolvedReference(expected)
            || given is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))
        )
        {
            LogRefused("strava-challenge");
            return FrontDoorResponse.Text(403, "Wrong verify token.");
        }
        return FrontDoorResponse.Json(
            200,
            JsonSerializer.Serialize(
                new Dictionary<string, string> { ["hub.challenge"] = request.QueryValue("hub.challenge") ?? "" }
            )
        );
    }

    private async Task<FrontDoorResponse> StravaEventAsync(FrontDoorRequest request, CancellationToken ct)
    {
        var (received, problem) = await ReadAsync<StravaWebhookEvent>(request, ct);
        if (received is not { ObjectType: "activity" or "athlete", AspectType: "create" or "update" or "delete" })
            return FrontDoorResponse.Text(problem == 413 ? 413 : 400, "Not a Strava event.");
        // Strava expects a 200 for every event, those of accounts connected here no longer too.
        if (await store.FindStravaAthleteAsync(received.OwnerId, ct) is not { } owner)
            return FrontDoorResponse.Text(200, "ignored");
        await queue.SendAsync(
            new StravaEventReceived(
                received.ObjectType!,
                received.ObjectId,
                received.AspectType!,
                received.OwnerId,
                received.Deauthorizes
            )
            {
                AthleteId = owner.AthleteId,
                Epoch = owner.Epoch,
            },
            ct
        );
        return FrontDoorResponse.Text(200, "queued");
    }

    /// <summary>The JSON body, at most <see cref="MaxBodyBytes"/>; (null, 413) past that, (null, 400) unreadable.
    /// </summary>
    private static async Task<(T? Value, int Problem)> ReadAsync<T>(FrontDoorRequest request, CancellationToken ct)
        where T : class
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        int n;
        while (total < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
            total += n;
        if (total > MaxBodyBytes)
            return (null, 413);
        try
        {
            return (JsonSerializer.Deserialize<T>(buffer.AsSpan(0, total), ProviderHttp.Wire), 0);
        }
        catch (JsonException)
        {
            return (null, 400);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Hook} webhook call was refused")]
    private partial void LogRefused(string hook);
}
