using BackSignal.Core.Model;

namespace BackSignal.DevHost;

/// <summary>
/// Generated training histories that the overload rules must get right (docs/design.md#overload targets): the must-fire
/// ones, each with the rule it must raise, and the quiet ones, which must raise no overload alert.
/// </summary>
public static class AlertScenarios
{
    public sealed record Scenario(
        string Name,
        string? MustFire,
        IReadOnlyList<WorkoutSummary> Workouts,
        IReadOnlyList<PainCheckin> Checkins
    );

    private static readonly DateOnly Start = new(2026, 1, 5); // a Monday

    public static IReadOnlyList<Scenario> All() =>
        [
            new("spike after 8 steady weeks", "acwr-spike", SpikeAfterSteadyWeeks(), []),
            new("spinal load jump after 8 steady weeks", "spinal-jump", SpikeAfterSteadyWeeks(), []),
            new("return at full load after 3 weeks off", "return-after-break", ReturnAfterBreak(), []),
            new("back-to-back heavy deadlift days", "back-to-back-hinge", BackToBackDeadlifts(), []),
            new("deadlift sets, reps per set and weight up at once", "stacked-progression", StackedProgression(), []),
            new("pain the day after heavy squats", "pain-after-heavy", HeavySquats(out var pain), pain),
            new("steady, 2 days a week on varying days", null, Steady(2), []),
            new("steady, 3 days a week on varying days", null, Steady(3), []),
            new("steady, 4 days a week on varying days", null, Steady(4), []),
            new("steady, 5 days a week on varying days", null, Steady(5), []),
            new("steady +5 % a week progression", null, Progression(), []),
            new("5/3/1 waves with deload weeks", null, FiveThreeOne(), []),
            new("machine hip thrusts on consecutive days", null, HipThrusts(), []),
        ];

    private static WorkoutSummary Session(
        DateOnly day,
        double minutes,
        double rpe,
        params (string Exercise, int Sets, int Reps, double Kg)[] work
    ) =>
        new()
        {
            AthleteId = "scenario",
            Source = "scenario",
            Start = new DateTimeOffset(day.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero),
            DurationMin = minutes,
            SessionRpe = rpe,
            Title = $"Session {day:yyyy-MM-dd}",
            Sets = work.SelectMany(w =>
                    Enumerable
                        .Range(1, w.Sets)
                        .Select(i => new WorkoutSet
                        {
                            Exercise = w.Exercise,
                            SetIndex = i,
                            WeightKg = w.Kg,
                            Reps = w.Reps,
                        })
                )
                .ToList(),
        };

    private static WorkoutSummary Usual(DateOnly day, double factor = 1) =>
        Session(
            day,
            60,
            7,
            ("Deadlift (Barbell)", 3, 5, Math.Round(100 * factor, 1)),
            ("Bench Press (Barbell)", 3, 8, 70)
        );

    /// <summary>Mondays, Wednesdays and Fridays of <paramref name="weeks"/> weeks from a Monday.</summary>
    private static IEnumerable<DateOnly> ThreeDays(DateOnly from, int weeks) =>
        Enumerable.Range(0, weeks).SelectMany(w => new[] { 0, 2, 4 }.Select(d => from.AddDays(7 * w + d)));

    private static List<WorkoutSummary> SpikeAfterSteadyWeeks()
    {
        var list = ThreeDays(Start, 8).Select(d => Usual(d)).ToList();
        var spike = Start.AddDays(56);
        for (var d = 0; d < 6; d++)
            list.Add(
                Session(spike.AddDays(d), 100, 8, ("Deadlift (Barbell)", 6, 5, 110), ("Squat (Barbell)", 5, 5, 100))
            );
        return list;
    }

    private static List<WorkoutSummary> ReturnAfterBreak()
    {
        var list = ThreeDays(Start, 8).Select(d => Usual(d)).ToList();
        list.AddRange(ThreeDays(Start.AddDays(56 + 21), 1).Select(d => Usual(d)));
        return list;
    }

    private static List<WorkoutSummary> BackToBackDeadlifts()
    {
        // Deadlifts once a week, the other days upper body; then heavy deadlifts on Monday and Tuesday.
        var list = new List<WorkoutSummary>();
        for (var w = 0; w < 6; w++)
        {
            list.Add(Session(Start.AddDays(7 * w), 60, 7, ("Deadlift (Barbell)", 3, 5, 140)));
            list.Add(Session(Start.AddDays(7 * w + 3), 60, 7, ("Bench Press (Barbell)", 4, 8, 70)));
        }
        list.Add(Session(Start.AddDays(42), 60, 8, ("Deadlift (Barbell)", 3, 3, 150)));
        list.Add(Session(Start.AddDays(43), 60, 8, ("Deadlift (Barbell)", 3, 3, 150)));
        return list;
    }

    private static List<WorkoutSummary> StackedProgression()
    {
        var list = ThreeDays(Start, 5).Select(d => Usual(d)).ToList();
        list.Add(
            Session(Start.AddDays(35), 60, 7, ("Deadlift (Barbell)", 4, 6, 105), ("Bench Press (Barbell)", 3, 8, 70))
        );
        return list;
    }

    private static List<WorkoutSummary> HeavySquats(out IReadOnlyList<PainCheckin> checkins)
    {
        var list = ThreeDays(Start, 5).Select(d => Session(d, 60, 7, ("Squat (Barbell)", 3, 5, 100))).ToList();
        var heavy = Start.AddDays(35);
        list.Add(Session(heavy, 60, 8, ("Squat (Barbell)", 3, 3, 120)));
        checkins = Enumerable
            .Range(14, 23)
            .Select(i => new PainCheckin
            {
                AthleteId = "scenario",
                Date = Start.AddDays(i),
                Pain = Start.AddDays(i) == heavy.AddDays(1) ? 4 : 1,
            })
            .ToList();
        return list;
    }

    /// <summary>
    /// <paramref name="perWeek"/> sessions a week on days that change from week to week (a fixed seed), loads
    /// varying ±10 % as real sessions do, over 26 weeks.
    /// </summary>
    private static List<WorkoutSummary> Steady(int perWeek)
    {
        // Deadlifts on the first training day of each week, squats and presses on the others (a sensible program never
        // hinges heavy on consecutive days; the days themselves change every week).
        var random = new Random(perWeek);
        var list = new List<WorkoutSummary>();
        for (var w = 0; w < 26; w++)
        {
            var days = Enumerable.Range(0, 7).OrderBy(_ => random.Next()).Take(perWeek).Order().ToList();
            foreach (var d in days)
                list.Add(
                    Session(
                        Start.AddDays(7 * w + d),
                        55 + random.Next(11),
                        7,
                        d == days[0]
                            ? ("Deadlift (Barbell)", 3, 5, 95 + random.Next(11))
                            : ("Squat (Barbell)", 3, 5, 75 + random.Next(11)),
                        ("Bench Press (Barbell)", 3, 8, 70)
                    )
                );
        }
        return list;
    }

    private static List<WorkoutSummary> Progression()
    {
        var list = new List<WorkoutSummary>();
        for (var w = 0; w < 20; w++)
        {
            var factor = Math.Pow(1.05, w);
            foreach (var d in ThreeDays(Start.AddDays(7 * w), 1))
                list.Add(
                    Session(
                        d,
                        60 * Math.Pow(1.025, w),
                        7,
                        ("Deadlift (Barbell)", 3, 5, Math.Round(80 * factor, 1)),
                        ("Bench Press (Barbell)", 3, 8, 70)
                    )
                );
        }
        return list;
    }

    private static List<WorkoutSummary> FiveThreeOne()
    {
        // Four-week waves: 5s, 3s, 5/3/1 and a deload; the training max rises 5 kg a wave.
        (double Fraction, int Reps, double Rpe)[] weeks = [(0.85, 5, 7), (0.90, 3, 7.5), (0.95, 1, 8.5), (0.60, 5, 5)];
        var list = new List<WorkoutSummary>();
        for (var w = 0; w < 24; w++)
        {
            var (fraction, reps, rpe) = weeks[w % 4];
            var max = 160 + 5 * (w / 4);
            foreach (var d in ThreeDays(Start.AddDays(7 * w), 1))
                list.Add(
                    Session(
                        d,
                        60,
                        rpe,
                        ("Deadlift (Barbell)", 3, reps, Math.Round(max * fraction, 1)),
                        ("Squat (Barbell)", 3, reps, Math.Round(max * 0.8 * fraction, 1))
                    )
                );
        }
        return list;
    }

    private static List<WorkoutSummary> HipThrusts()
    {
        var list = ThreeDays(Start, 6).Select(d => Session(d, 45, 7, ("Hip Thrust (Machine)", 4, 10, 120))).ToList();
        list.Add(Session(Start.AddDays(43), 45, 8, ("Hip Thrust (Machine)", 4, 10, 140)));
        return list;
    }
}
