namespace BackSignal.Core.Connections;

/// <summary>How long to wait after a 429, from what the provider's answer says.</summary>
public static class RateLimits
{
    /// <summary>A Retry-After header (seconds or a date), when there is one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    /// <summary>
    /// Strava counts requests per 15 minutes (reset at :00, :15, :30, :45) and per day (reset at midnight UTC):
    /// `X-RateLimit-Limit: 200,2000` and `X-RateLimit-Usage: 200,1200` (and the same as X-ReadRateLimit-*). When the
    /// daily count is spent, wait for midnight; else for the next quarter hour. A few seconds more spread the retries.
    /// </summary>
    public static TimeSpan StravaWait(HttpResponseMessage response, DateTimeOffset now)
    {
        if (RetryAfter(response) is { } after && after > TimeSpan.Zero)
            return after;
        var daily = DailySpent(response, "X-ReadRateLimit-") || DailySpent(response, "X-RateLimit-");
        var utc = now.UtcDateTime;
        var next = daily
            ? utc.Date.AddDays(1)
            : new DateTime(
                utc.Year,
                utc.Month,
                utc.Day,
                utc.Hour,
                utc.Minute / 15 * 15,
                0,
                DateTimeKind.Utc
            ).AddMinutes(15);
        return next - utc + TimeSpan.FromSeconds(5 + Random.Shared.Next(0, 25));
    }

    private static bool DailySpent(HttpResponseMessage response, string prefix)
    {
        if (
            !response.Headers.TryGetValues(prefix + "Limit", out var limits)
            || !response.Headers.TryGetValues(prefix + "Usage", out var usages)
        )
            return false;
        var limit = limits.FirstOrDefault()?.Split(',');
        var usage = usages.FirstOrDefault()?.Split(',');
        return limit is [_, var dayLimit, ..]
            && usage is [_, var dayUsage, ..]
            && long.TryParse(dayLimit, out var l)
            && long.TryParse(dayUsage, out var u)
            && u >= l;
    }
}
