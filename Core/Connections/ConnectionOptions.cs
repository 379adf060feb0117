using System.ComponentModel.DataAnnotations;

namespace BackSignal.Core.Connections;

/// <summary>
/// The training apps an athlete can connect (docs/design.md#connected-accounts); the workouts' source.
/// </summary>
public enum Provider
{
    Hevy,
    Strava,
}

public static class Providers
{
    /// <summary>The word used in rows, routes and a workout's <c>source</c>: "hevy", "strava".</summary>
    public static string Name(this Provider provider) => provider == Provider.Hevy ? "hevy" : "strava";

    public static string Display(this Provider provider) => provider == Provider.Hevy ? "Hevy" : "Strava";

    public static Provider? Parse(string? name) =>
        name?.Trim().ToLowerInvariant() switch
        {
            "hevy" => Provider.Hevy,
            "strava" => Provider.Strava,
            _ => null,
        };
}

/// <summary>Hevy Pro's public API (`api-key` header). Settings `Hevy__*`.</summary>
public sealed class HevyOptions
{
    public const string Section = "Hevy";
    public const string HttpClientName = "hevy";

    /// <summary>Where the API answers; tests point it at a local fake.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "https://api.hevyapp.com";

    /// <summary>Workouts per page of the backfill and events per page of the feed (Hevy allows at most 10).</summary>
    [Range(1, 10)]
    public int PageSize { get; set; } = 10;

    /// <summary>The most one request may take before the message is retried through the queue.</summary>
    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 20;
}

/// <summary>Strava's API and OAuth 2.0. Settings `Strava__*`; the client secret lives in Key Vault.</summary>
public sealed class StravaOptions
{
    public const string Section = "Strava";
    public const string HttpClientName = "strava";

    [Required, Url]
    public string BaseUrl { get; set; } = "https://www.strava.com";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>What Strava's subscription challenge must carry as hub.verify_token.</summary>
    public string? VerifyToken { get; set; }

    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 20;

    /// <summary>Strava can be offered only when the app is registered with it.</summary>
    public bool Configured =>
        !string.IsNullOrWhiteSpace(ClientId)
        && !string.IsNullOrWhiteSpace(ClientSecret)
        && !Configuration.SecretKeyAttribute.IsUnresolvedReference(ClientSecret);
}

/// <summary>
/// Where connection secrets (API keys, OAuth tokens) are kept: Key Vault in Azure (`Secrets__VaultUri`, the app's
/// identity), encrypted files on one machine (`Secrets__Directory`, `Secrets__LocalKey`). Never a table.
/// </summary>
public sealed class SecretStoreOptions : IValidatableObject
{
    public const string Section = "Secrets";

    [Url]
    public string? VaultUri { get; set; }

    public string? Directory { get; set; }

    /// <summary>The AES-256 key of the local files: base64 of 32 random bytes.</summary>
    [Configuration.SecretKey]
    public string? LocalKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Directory) && string.IsNullOrWhiteSpace(LocalKey))
            yield return new ValidationResult(
                "Secrets:Directory needs Secrets:LocalKey, the key its files are encrypted with.",
                [nameof(LocalKey)]
            );
    }
}

/// <summary>What went wrong at a provider, in the terms the handlers act on.</summary>
public enum ProviderProblem
{
    /// <summary>The key or token is no longer accepted (revoked, a lapsed Hevy Pro, deauthorized).</summary>
    Unauthorized,

    /// <summary>The workout or activity is not there (deleted, or not the athlete's).</summary>
    NotFound,

    /// <summary>Too many requests: try again after <see cref="ProviderException.RetryAfter"/>, through the queue.
    /// </summary>
    RateLimited,

    /// <summary>A refusal that asking again will not change (a bad request).</summary>
    Refused,

    /// <summary>Down, slow or unreachable: the queue retries.</summary>
    Unavailable,
}

public sealed class ProviderException(Provider provider, ProviderProblem problem, string message, TimeSpan? retryAfter)
    : Exception(message)
{
    public Provider Provider { get; } = provider;
    public ProviderProblem Problem { get; } = problem;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
