using System.Security.Cryptography;
using System.Text;
using BackSignal.Core.Model;

namespace BackSignal.Tests.Import;

/// <summary>
/// A workout's id is stored as its row's key: it must stay what it always was, a hash of (source, start, title),
/// of the source's id, or of a Hevy start to the minute, however it is computed.
/// </summary>
public sealed class WorkoutIdTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 17, 45, 31, 250, TimeSpan.FromHours(-5));

    public static TheoryData<string, string?, string?> Workouts() =>
        new()
        {
            { "strong", null, "Day 1" },
            { "strong", null, null },
            { "strong", null, "Ünïcode – ☃ 日本語" },
            { "strong", null, new string('x', 300) },
            { "hevy", null, "Push" },
            { "strava", "12345678901", "Morning run" },
            { "fit", new string('9', 400), null },
        };

    [Theory]
    [MemberData(nameof(Workouts))]
    public void Is_the_first_20_hex_digits_of_the_sha256_of_its_key(string source, string? sourceId, string? title)
    {
        var workout = new WorkoutSummary
        {
            Source = source,
            SourceId = sourceId,
            Start = Start,
            Title = title,
        };
        var utc = Start.UtcDateTime;
        var minute = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0);
        var key =
            source == "hevy" ? $"{source}|start|{minute:yyyy-MM-ddTHH:mm}"
            : sourceId is not null ? $"{source}|id|{sourceId}"
            : $"{source}|{utc:O}|{title}";

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20], workout.WorkoutId);
    }
}
