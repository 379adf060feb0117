namespace BackSignal.Core.Configuration;

/// <summary>
/// The key of the TimeProvider that says what "today" is for athletes (DI keyed service). It is kept apart from
/// the unkeyed TimeProvider that infrastructure such as the HTTP retry pipeline waits on, so tests can fix the
/// day with a FakeTimeProvider without freezing retries. Code takes a <see cref="TrainingClock"/>, never the key.
/// </summary>
public static class Clock
{
    public const string Key = "backsignal-clock";
}

/// <summary>
/// The clock of the athletes' days: what "today" is, when a week is due, how old a link is. A type of its own, so
/// that it is never confused with the wall clock infrastructure waits on (retries, leases' timers); it reads the
/// TimeProvider registered under <see cref="Clock.Key"/>, which a test replaces with a FakeTimeProvider.
/// </summary>
public sealed class TrainingClock(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
