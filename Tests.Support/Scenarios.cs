using BackSignal.Core.Model;

namespace BackSignal.Tests.Infrastructure;

/// <summary>Readable training histories for tests.</summary>
public static class Scenarios
{
    public static AthleteProfile Athlete(
        string id,
        string? coach = "coach@example.com",
        bool share = false,
        string zone = "Europe/Berlin"
    ) =>
        new()
        {
            AthleteId = id,
            Email = $"{id}@example.com",
            DisplayName = "Test athlete",
            CoachEmail = coach,
            ShareWithCoach = share,
            TimeZone = zone,
        };

    public static WorkoutSummary Workout(
        AthleteProfile athlete,
        DateOnly day,
        double minutes,
        double rpe,
        string title = "Session"
    ) =>
        new()
        {
            AthleteId = athlete.AthleteId,
            Source = "test",
            Start = new DateTimeOffset(
                day.ToDateTime(new TimeOnly(18, 0)),
                athlete.ResolveTimeZone().GetUtcOffset(day.ToDateTime(new TimeOnly(18, 0)))
            ),
            DurationMin = minutes,
            SessionRpe = rpe,
            Title = title,
            // Upper-body work: the delivery tests want the load rules alone, without the spine and hinge rules.
            Sets =
            [
                new WorkoutSet
                {
                    Exercise = "Bench Press (Barbell)",
                    SetIndex = 1,
                    WeightKg = 60,
                    Reps = 5,
                },
            ],
        };

    /// <summary>
    /// Seven weeks of three one-hour sessions at RPE 6, then a week of five 90-minute sessions at RPE 8.
    /// </summary>
    public static IReadOnlyList<WorkoutSummary> SteadyThenSpike(AthleteProfile athlete, DateOnly lastDay)
    {
        var first = lastDay.AddDays(-55);
        var workouts = new List<WorkoutSummary>();
        for (var i = 0; i < 56; i++)
        {
            var day = first.AddDays(i);
            if (i >= 49 ? i % 7 is not (3 or 6) : i % 7 is 0 or 2 or 4)
                workouts.Add(i >= 49 ? Workout(athlete, day, 90, 8, "Push week") : Workout(athlete, day, 60, 6));
        }
        return workouts;
    }
}
