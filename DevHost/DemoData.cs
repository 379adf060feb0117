using BackSignal.Core.Model;

namespace BackSignal.DevHost;

/// <summary>
/// Eight weeks of a lifter's training ending today: seven steady weeks of three sessions, then a week of six
/// long, hard sessions — the kind of jump that precedes many lower-back flare-ups. Deterministic, so a second
/// demo run produces the same workouts (same ids) and stores nothing twice.
/// </summary>
public static class DemoData
{
    public static AthleteProfile Athlete =>
        new()
        {
            AthleteId = "demo-ana",
            Email = "ana@example.com",
            DisplayName = "Ana",
            CoachEmail = "coach.kim@example.com",
            ShareWithCoach = true,
            TimeZone = "Europe/Berlin",
            WeightUnit = "kg",
            BodyMassKg = 68,
        };

    public static IReadOnlyList<WorkoutSummary> Workouts(AthleteProfile athlete, DateOnly today)
    {
        var zone = athlete.ResolveTimeZone();
        var workouts = new List<WorkoutSummary>();
        var first = today.AddDays(-55);
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            var index = day.DayNumber - first.DayNumber;
            var spikeWeek = index >= 49;
            var trains = spikeWeek ? index % 7 != 3 : index % 7 is 0 or 2 or 4;
            if (!trains)
                continue;

            var local = day.ToDateTime(new TimeOnly(18, 0));
            var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
            var week = index / 7;
            var deadliftKg = 100 + 2.5 * week + (spikeWeek ? 15 : 0);
            var sets = new List<WorkoutSet>();
            var setIndex = 0;
            sets.Add(
                new WorkoutSet
                {
                    Exercise = "Deadlift (Barbell)",
                    SetIndex = ++setIndex,
                    Kind = SetKind.Warmup,
                    WeightKg = 60,
                    Reps = 5,
                }
            );
            for (var i = 0; i < (spikeWeek ? 6 : 3); i++)
                sets.Add(
                    new WorkoutSet
                    {
                        Exercise = "Deadlift (Barbell)",
                        SetIndex = ++setIndex,
                        WeightKg = deadliftKg,
                        Reps = 5,
                        Rpe = spikeWeek ? 8.5 : 7,
                    }
                );
            for (var i = 0; i < 3; i++)
                sets.Add(
                    new WorkoutSet
                    {
                        Exercise = "Squat (Barbell)",
                        SetIndex = ++setIndex,
                        WeightKg = 80 + 2 * week,
                        Reps = 6,
                        Rpe = spikeWeek ? 8 : 6.5,
                    }
                );
            workouts.Add(
                new WorkoutSummary
                {
                    AthleteId = athlete.AthleteId,
                    Source = "demo",
                    SourceId = $"demo-{day:yyyyMMdd}",
                    Start = start,
                    DurationMin = spikeWeek ? 95 : 60,
                    Title = spikeWeek ? "Push week" : "Strength",
                    Sets = sets,
                }
            );
        }
        return workouts;
    }

    /// <summary>
    /// Three weeks of daily check-ins: mild pain that rises through the push week, and today pain running down the
    /// left leg — a sign to see a doctor within a day.
    /// </summary>
    public static IReadOnlyList<PainCheckin> Checkins(AthleteProfile athlete, DateOnly today)
    {
        var checkins = new List<PainCheckin>();
        for (var day = today.AddDays(-20); day < today; day = day.AddDays(1))
            checkins.Add(
                new PainCheckin
                {
                    AthleteId = athlete.AthleteId,
                    Date = day,
                    Pain = today.DayNumber - day.DayNumber <= 6 ? 3 : 1,
                }
            );
        checkins.Add(
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = today,
                Pain = 5,
                LegPain = LegPain.Left,
                NightPain = true,
                Note = "woke at 3 am",
            }
        );
        return checkins;
    }
}
