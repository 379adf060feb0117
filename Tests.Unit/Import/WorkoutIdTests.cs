using System.Security.Cryptography;
using System.Text;
using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.Tests.Infrastructure;

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

    [Fact]
    public void An_upload_keeps_one_workout_per_id_the_last_copy_with_its_sets()
    {
        using var folder = new TempFolder();
        var path = folder.File(
            "w.json",
            """
            [
              { "athleteId": "ana", "source": "strong", "start": "2026-11-01T10:00:00+00:00", "title": "Day 1",
                "sets": [ { "exercise": "Deadlift (Barbell)", "setIndex": 1, "reps": 5, "weightKg": 100 } ] },
              { "athleteId": "ana", "source": "strong", "start": "2026-11-01T10:00:00+00:00", "title": "Day 1",
                "sets": [ { "exercise": "Deadlift (Barbell)", "setIndex": 1, "reps": 5, "weightKg": 100 },
                          { "exercise": "Deadlift (Barbell)", "setIndex": 2, "reps": 5, "weightKg": 100 } ] },
              { "athleteId": "ana", "source": "strong", "start": "2026-11-01T10:00:00+00:00", "title": "Day 2" },
              { "athleteId": "ana", "source": "hevy", "start": "2026-11-02T10:00:10+00:00", "title": "Push" },
              { "athleteId": "ana", "source": "hevy", "start": "2026-11-02T10:00:50+00:00", "title": "Pull" }
            ]
            """
        );

        var result = ExportReader.ReadFile(
            path,
            new ImportContext
            {
                FileName = "w.json",
                AthleteId = "ana",
                Now = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero),
            }
        );

        // Strong's Day 1 twice is one workout (the later copy, two sets); Day 2 is another; two Hevy workouts started
        // in one minute are one (the later).
        Assert.Equal(
            ["Day 1 2", "Day 2 0", "Pull 0"],
            result.Workouts.Select(w => $"{w.Title} {w.Sets.Count}").Order()
        );
        Assert.Equal(2, result.Sets);
        Assert.Equal(3, result.Workouts.Select(w => w.WorkoutId).Distinct().Count());
    }
}
