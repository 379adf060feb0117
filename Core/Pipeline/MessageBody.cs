using System.Text.Json;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>What every handler does first: read its message, and find the athlete it names.</summary>
public static class MessageBody
{
    /// <summary>
    /// The message as <typeparamref name="T"/>; malformed JSON or a null body is a permanent error naming where
    /// the JSON breaks (<paramref name="explain"/> may say it in the domain's words).
    /// </summary>
    public static T Parse<T>(string body, Func<JsonException, string?>? explain = null)
        where T : class
    {
        var (value, error) = Json.TryRead<T>(body, explain);
        return value ?? throw new PermanentMessageException(error!);
    }

    /// <summary>
    /// The athlete's profile; an athlete nobody added is a permanent error (the message cannot succeed).
    /// </summary>
    public static async Task<AthleteProfile> KnownAthleteAsync(
        this AthleteStore athletes,
        string athleteId,
        CancellationToken ct
    ) =>
        (AthleteIds.IsValid(athleteId) ? await athletes.FindAsync(athleteId, ct) : null)
        ?? throw new PermanentMessageException(UnknownAthlete(athleteId));

    public static string UnknownAthlete(string athleteId) =>
        $"Unknown athlete '{athleteId}': add the athlete first (backsignal athlete add).";
}
