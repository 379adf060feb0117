using System.Globalization;
using BackSignal.Core.Configuration;
using BackSignal.Core.Connections;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Observability;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Queue `connections`: one step of a connected account — a page of Hevy's history, a workout Hevy's webhook
/// announced, a page of Hevy's events feed, a Strava event — fetched with the athlete's key or token and stored
/// through <see cref="ProviderImport"/>.
/// </summary>
/// <remarks>
/// Nothing a webhook says is believed without the provider: a workout or activity is fetched by id with the
/// athlete's own credentials (an id that is not theirs finds nothing), a deletion is acted on only when the provider
/// no longer has the activity, and a deauthorization only when Strava refuses the tokens. A rate limit (429) puts
/// the same step back on the queue, invisible until the provider's window resets: a handler never sleeps. Steps are
/// idempotent (workouts upsert by id; a page read twice stores the same rows), and a message of a connection
/// since removed or replaced (another epoch) does nothing.
/// </remarks>
public sealed partial class ConnectionSync(
    ConnectionStore store,
    ConnectedAccounts accounts,
    HevyClient hevy,
    StravaClient strava,
    ProviderImport imports,
    AthleteStore athletes,
    MessageQueue queue,
    TrainingClock time,
    ILogger<ConnectionSync> log
) : IQueueHandler
{
    public static string QueueName => QueueNames.Connections;

    /// <summary>The feed is read again from a little before the last read: a clock apart never loses an event.
    /// </summary>
    public static readonly TimeSpan FeedOverlap = TimeSpan.FromMinutes(5);

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        var message = MessageBody.Parse<ConnectionMessage>(body);
        var provider = message is StravaEventReceived or StravaBackfillPage ? Provider.Strava : Provider.Hevy;
        if (
            !AthleteIds.IsValid(message.AthleteId)
            || await store.FindAsync(message.AthleteId, provider.Name(), ct) is not { } row
            || row.Epoch != message.Epoch
            || row.Status == ConnectionRow.Failing
            || await athletes.FindAsync(message.AthleteId, ct) is not { } profile
        )
        {
            LogGone(provider.Name());
            return;
        }
        try
        {
            var (stored, removed, change) = message switch
            {
                HevyBackfillPage page => await BackfillAsync(profile, row, page, ct),
                HevyWorkoutDelivered delivered => await DeliveredAsync(profile, row, delivered, ct),
                HevyEventsPage events => await EventsAsync(profile, row, events, ct),
                StravaEventReceived strava => await StravaAsync(profile, row, strava, ct),
                StravaBackfillPage page => await StravaBackfillAsync(profile, row, page, ct),
                _ => throw new PermanentMessageException("Unknown connection step."),
            };
            await store.ChangeAsync(
                row.PartitionKey,
                row.RowKey,
                row.Epoch,
                r =>
                {
                    r.LastSyncAt = time.GetUtcNow();
                    r.Imported += stored;
                    r.Removed += removed;
                    r.LastError = null;
                    change?.Invoke(r);
                },
                ct
            );
            LogSynced(provider.Name(), LogIds.Athlete(profile.AthleteId), stored, removed);
        }
        catch (ProviderException e) when (e.Problem == ProviderProblem.RateLimited)
        {
            // The same step again once the window resets, through the queue (a queue message waits 7 days at most).
            var wait = e.RetryAfter ?? TimeSpan.FromMinutes(1);
            wait =
                wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1)
                : wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1)
                : wait;
            await queue.SendAsync(message, ct, wait);
            LogRateLimited(provider.Name(), (int)wait.TotalSeconds);
        }
        catch (ProviderException e) when (e.Problem == ProviderProblem.Unauthorized)
        {
            await accounts.MarkRevokedAsync(row, Revoked(provider), ct);
            LogRevoked(provider.Name(), LogIds.Athlete(profile.AthleteId));
        }
        catch (ProviderException e) when (e.Problem == ProviderProblem.Refused)
        {
            throw new PermanentMessageException(e.Message);
        }
    }

    /// <summary>
    /// The key of what the athlete's page says when a provider no longer accepts BackSignal (kept in the connection
    /// row, said in the reader's language).
    /// </summary>
    public static string Revoked(Provider provider) =>
        provider == Provider.Hevy ? "Connect.Problem.HevyRevoked" : "Connect.Problem.StravaRevoked";

    private async Task<(int, int, Action<ConnectionRow>?)> BackfillAsync(
        AthleteProfile profile,
        ConnectionRow row,
        HevyBackfillPage step,
        CancellationToken ct
    )
    {
        var key = await KeyAsync(row, ct);
        var page = await hevy.GetWorkoutsAsync(key, step.Page, ct);
        var stored = await imports.StoreAsync(
            profile,
            page.Workouts.Select(w => HevyWorkouts.ToSummary(w, profile.AthleteId)),
            ct
        );
        // Each page its own message: a failure retries that page only, and the backfill resumes where it stopped.
        if (step.Page < page.PageCount)
        {
            await queue.SendAsync(step with { Page = step.Page + 1 }, ct);
            return (stored, 0, null);
        }
        return (stored, 0, r => r.BackfillDone = true);
    }

    private async Task<(int, int, Action<ConnectionRow>?)> DeliveredAsync(
        AthleteProfile profile,
        ConnectionRow row,
        HevyWorkoutDelivered step,
        CancellationToken ct
    )
    {
        var workout = await hevy.GetWorkoutAsync(await KeyAsync(row, ct), step.WorkoutId, ct);
        if (workout is null)
            return (0, 0, null);
        return (await imports.StoreAsync(profile, [HevyWorkouts.ToSummary(workout, profile.AthleteId)], ct), 0, null);
    }

    private async Task<(int, int, Action<ConnectionRow>?)> EventsAsync(
        AthleteProfile profile,
        ConnectionRow row,
        HevyEventsPage step,
        CancellationToken ct
    )
    {
        var since = step.Since ?? row.EventsSince ?? row.ConnectedAt;
        var page = await hevy.GetEventsAsync(await KeyAsync(row, ct), since, step.Page, ct);
        var updated = page
            .Events.Where(e => e.Type == "updated" && e.Workout is not null)
            .Select(e => HevyWorkouts.ToSummary(e.Workout!, profile.AthleteId))
            .ToList();
        var stored = await imports.StoreAsync(profile, updated, ct);
        var removed = 0;
        foreach (var deleted in page.Events.Where(e => e.Type == "deleted" && e.Id is { Length: > 0 }))
            if (await imports.RemoveAsync(profile, Provider.Hevy.Name(), deleted.Id!, ct))
                removed++;
        if (step.Page < page.PageCount)
        {
            await queue.SendAsync(step with { Since = since, Page = step.Page + 1 }, ct);
            return (stored, removed, null);
        }
        var next = step.PolledAt - FeedOverlap;
        return (stored, removed, r => r.EventsSince = r.EventsSince is { } s && s > next ? s : next);
    }

    private async Task<(int, int, Action<ConnectionRow>?)> StravaAsync(
        AthleteProfile profile,
        ConnectionRow row,
        StravaEventReceived step,
        CancellationToken ct
    )
    {
        // A deauthorization is believed only when Strava refuses a refresh too (Unauthorized, handled above).
        var tokens = await TokensAsync(row, ct, refresh: step.ObjectType == "athlete" && step.Deauthorized);
        if (step.ObjectType == "athlete")
            return (0, 0, null);
        var id = step.ObjectId.ToString(CultureInfo.InvariantCulture);
        var activity = await strava.GetActivityAsync(tokens, step.ObjectId, ct);
        if (step.Aspect == "delete")
            // Removed here only once Strava no longer has it for this athlete.
            return activity is null && await imports.RemoveAsync(profile, Provider.Strava.Name(), id, ct)
                ? (0, 1, null)
                : (0, 0, null);
        if (activity is null)
            return (0, 0, null);
        return (
            await imports.StoreAsync(profile, [StravaActivities.ToSummary(activity, profile.AthleteId)], ct),
            0,
            null
        );
    }

    private async Task<(int, int, Action<ConnectionRow>?)> StravaBackfillAsync(
        AthleteProfile profile,
        ConnectionRow row,
        StravaBackfillPage step,
        CancellationToken ct
    )
    {
        var tokens = await TokensAsync(row, ct);
        var page = await strava.GetActivitiesAsync(tokens, step.After, step.Page, ct);
        var stored = await imports.StoreAsync(
            profile,
            page.Select(a => StravaActivities.ToSummary(a, profile.AthleteId)),
            ct
        );
        // Each page its own message (a failure or a rate limit retries that page only); a short page is the last.
        if (page.Count >= StravaClient.ActivitiesPerPage)
        {
            await queue.SendAsync(step with { Page = step.Page + 1 }, ct);
            return (stored, 0, null);
        }
        return (stored, 0, r => r.BackfillDone = true);
    }

    private async Task<string> KeyAsync(ConnectionRow row, CancellationToken ct) =>
        await accounts.HevyKeyAsync(row, ct)
        ?? throw new ProviderException(Provider.Hevy, ProviderProblem.Unauthorized, "No key kept.", null);

    private async Task<StravaTokens> TokensAsync(ConnectionRow row, CancellationToken ct, bool refresh = false) =>
        await accounts.StravaTokensAsync(row, ct, refresh)
        ?? throw new ProviderException(Provider.Strava, ProviderProblem.Unauthorized, "No tokens kept.", null);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "A {Provider} step for a connection no longer there: ignored"
    )]
    private partial void LogGone(string provider);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "{Provider} sync for athlete {AthleteRef}: {Stored} workouts stored, {Removed} removed"
    )]
    private partial void LogSynced(string provider, string athleteRef, int stored, int removed);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Provider} rate limit: the step waits {Seconds} s in the queue"
    )]
    private partial void LogRateLimited(string provider, int seconds);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Provider} no longer accepts the access of athlete {AthleteRef}"
    )]
    private partial void LogRevoked(string provider, string athleteRef);
}

/// <summary>
/// Hourly (the weekly timer's run): a page of Hevy's events feed for each connected athlete — the updates and
/// deletions, and the new workouts when a webhook was missed or could not be registered — and expired OAuth states
/// swept.
/// </summary>
public sealed class ConnectionPolls(ConnectionStore store, MessageQueue queue, TrainingClock time)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        // One message per connected athlete, nothing read for it here: the step reads the connection anyway (a
        // connection since removed, replaced or failing does nothing), and with it where the feed stands.
        await foreach (var (athleteId, epoch) in store.HevyConnectedAsync(ct))
        {
            await queue.SendAsync(new HevyEventsPage(null, 1, now) { AthleteId = athleteId, Epoch = epoch }, ct);
            queued++;
        }
        await store.SweepStatesAsync(now, ct);
        return queued;
    }
}
