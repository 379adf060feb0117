namespace BackSignal.Core.Configuration;

/// <summary>
/// The key of the TimeProvider that says what "today" is for athletes (DI keyed service). It is kept apart from
/// the unkeyed TimeProvider that infrastructure such as the HTTP retry pipeline waits on, so tests can fix the
/// day with a FakeTimeProvider without freezing retries.
/// </summary>
public static class Clock
{
    public const string Key = "backsignal-clock";
}
