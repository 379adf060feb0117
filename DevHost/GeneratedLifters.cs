using BackSignal.Core.Model;

namespace BackSignal.DevHost;

/// <summary>
/// Many varied, realistic lifters from a fixed seed, to judge the overload rules on histories nobody tuned them on:
/// 3–6 days a week; RPE-based, percentage-based and rep-scheme-rotating programmes, 5/3/1, weightlifting,
/// kettlebells and bodybuilding splits; slow progress with plateaus, deload weeks, holidays, missed sessions,
/// sessions that run long and a workout left open for hours now and then; 1–5 years each. Nobody here picked a
/// history to make a rule look good: a lifter is whatever its seed draws.
/// </summary>
public static class GeneratedLifters
{
    public const int DefaultSeed = 20261204;
    public const int DefaultCount = 60;

    public sealed record Lifter(string Name, string Programme, int DaysPerWeek, IReadOnlyList<WorkoutSummary> Workouts);

    public static readonly string[] Programmes =
    [
        "rpe",
        "percentage",
        "rotation",
        "531",
        "weightlifting",
        "kettlebell",
        "bodybuilding",
    ];

    public static IReadOnlyList<Lifter> Generate(int count = DefaultCount, int seed = DefaultSeed) =>
        [.. Enumerable.Range(0, count).Select(i => One(i, new Random(seed + i * 7919)))];

    private static Lifter One(int index, Random r)
    {
        var programme = Programmes[index % Programmes.Length];
        var days = programme is "weightlifting" ? r.Next(4, 7) : r.Next(3, 7);
        var weeks = r.Next(52, 5 * 52 + 1);
        var start = new DateOnly(2019, 1, 7).AddDays(7 * r.Next(0, 52));
        var lifter = new Athlete(r, programme, days);
        var workouts = new List<WorkoutSummary>();
        var deloadEvery = r.Next(4, 7);
        var holidays = HolidayWeeks(r, weeks);
        var trainingDays = WeekDays(r, days);
        for (var week = 0; week < weeks; week++)
        {
            if (holidays.Contains(week))
                continue;
            var deload = week % deloadEvery == deloadEvery - 1;
            lifter.Progress(week, deload);
            // Now and then a lifter moves a day or two in a week (work, family): the pattern is not a clock.
            var week0 = r.NextDouble() < 0.3 ? WeekDays(r, days) : trainingDays;
            for (var slot = 0; slot < week0.Count; slot++)
            {
                if (r.NextDouble() < 0.07)
                    continue; // missed: ill, busy
                var day = start.AddDays(7 * week + week0[slot]);
                workouts.Add(lifter.Session(day, slot, week, deload, workouts.Count));
            }
        }
        return new Lifter($"lifter-{index + 1:00} {programme} {days}d {weeks / 52.0:0.#}y", programme, days, workouts);
    }

    /// <summary>One or two breaks of one to three weeks a year.</summary>
    private static HashSet<int> HolidayWeeks(Random r, int weeks)
    {
        var off = new HashSet<int>();
        for (var year = 0; year * 52 < weeks; year++)
        for (var b = 0; b < r.Next(1, 3); b++)
        {
            var at = year * 52 + r.Next(4, 50);
            for (var w = 0; w < r.Next(1, 4); w++)
                off.Add(at + w);
        }
        return off;
    }

    private static List<int> WeekDays(Random r, int days) =>
        days switch
        {
            3 => r.NextDouble() < 0.7 ? [0, 2, 4] : [1, 3, 5],
            4 => r.NextDouble() < 0.6 ? [0, 1, 3, 4] : [0, 2, 4, 5],
            5 => r.NextDouble() < 0.6 ? [0, 1, 2, 3, 4] : [0, 1, 3, 4, 5],
            _ => [0, 1, 2, 3, 4, 5],
        };

    /// <summary>A lifter's maxes, programme and habits, advanced week by week.</summary>
    private sealed class Athlete(Random r, string programme, int days)
    {
        private double _deadlift = 100 + r.Next(0, 130);
        private double _squat = 80 + r.Next(0, 110);
        private double _bench = 55 + r.Next(0, 80);
        private double _snatch = 50 + r.Next(0, 60);
        private double _bell = new[] { 16.0, 20, 24, 28, 32 }[r.Next(0, 5)];
        private readonly double _weeklyGain = 0.001 + r.NextDouble() * 0.004;
        private readonly bool _logsRpe = programme is "rpe" || r.NextDouble() < 0.25;
        private readonly double _pace = 0.8 + r.NextDouble() * 0.5; // minutes per set, relative
        private readonly int _templates = Math.Min(days, programme is "bodybuilding" ? 5 : 4);

        public void Progress(int week, bool deload)
        {
            // Progress comes in spells, with plateaus between.
            if (deload || (week / 8) % 3 == 2)
                return;
            var gain = 1 + _weeklyGain;
            _deadlift *= gain;
            _squat *= gain;
            _bench *= gain;
            _snatch *= gain;
            if (week % 26 == 25 && _bell < 48)
                _bell += 4;
        }

        public WorkoutSummary Session(DateOnly day, int slot, int week, bool deload, int number)
        {
            var sets = new List<WorkoutSet>();
            var template = slot % _templates;
            var scheme = Scheme(week, slot, deload);
            foreach (var (exercise, max, share) in Lifts(template))
                AddLift(sets, exercise, max * share, scheme, deload);
            var minutes = sets.Count * 3.2 * _pace * (0.85 + r.NextDouble() * 0.3) + 8;
            if (r.NextDouble() < 0.01)
                minutes = 300 + r.Next(0, 900); // the workout left open after the session
            return new WorkoutSummary
            {
                AthleteId = "generated",
                Source = "generated",
                SourceId = $"g{number}",
                Start = new DateTimeOffset(
                    day.ToDateTime(new TimeOnly(17 + r.Next(0, 3), r.Next(0, 60))),
                    TimeSpan.Zero
                ),
                DurationMin = Math.Round(minutes, 1),
                Title = $"{programme} {template}",
                Sport = "strength",
                Sets = sets,
            };
        }

        private (int Sets, int Reps, double Intensity, double? Rpe) Scheme(int week, int slot, bool deload)
        {
            if (deload)
                return (2, 5, 0.6, _logsRpe ? 6 : null);
            return programme switch
            {
                "percentage" => (week % 4) switch
                {
                    0 => (5, 5, 0.75, null),
                    1 => (4, 4, 0.8, null),
                    2 => (3, 3, 0.85, null),
                    _ => (5, 5, 0.77, null),
                },
                "rotation" => ((week + slot) % 4) switch
                {
                    0 => (5, 5, 0.8, Rpe(8)),
                    1 => (3, 10, 0.65, Rpe(7.5)),
                    2 => (6, 2, 0.88, Rpe(8.5)),
                    _ => (4, 8, 0.7, Rpe(8)),
                },
                "531" => (week % 3) switch
                {
                    0 => (3, 5, 0.8, null),
                    1 => (3, 3, 0.85, null),
                    _ => (3, 2, 0.9, null),
                },
                "weightlifting" => (5, 2, 0.75 + 0.05 * (week % 3), Rpe(7.5 + 0.5 * (week % 3))),
                "kettlebell" => (5, 15 + 5 * (week % 2), 1.0, Rpe(7)),
                "bodybuilding" => (4, 10, 0.68, Rpe(8.5)),
                _ => (4, 5 + 1 * (slot % 2) * 3, slot % 2 == 0 ? 0.8 : 0.68, 7.5 + r.Next(0, 4) * 0.5),
            };
        }

        private double? Rpe(double value) => _logsRpe ? value + (r.Next(0, 3) - 1) * 0.5 : null;

        private IEnumerable<(string Exercise, double Max, double Share)> Lifts(int template) =>
            programme switch
            {
                "weightlifting" => (template % 3) switch
                {
                    0 => [("Snatch (Barbell)", _snatch, 1), ("Front Squat (Barbell)", _squat, 0.9)],
                    1 => [("Clean and Jerk (Barbell)", _snatch * 1.25, 1), ("Squat (Barbell)", _squat, 1)],
                    _ => [("Power Clean", _snatch * 1.15, 1), ("Clean Pull (Barbell)", _snatch * 1.4, 1)],
                },
                "kettlebell" => (template % 2) switch
                {
                    0 => [("Kettlebell Swing", _bell, 1), ("Goblet Squat (Kettlebell)", _bell, 1)],
                    _ => [("Kettlebell Swing", _bell, 1), ("Overhead Press (Kettlebell)", _bell * 0.6, 1)],
                },
                "bodybuilding" => (template % 5) switch
                {
                    0 => [("Bench Press (Barbell)", _bench, 1), ("Incline Bench Press (Dumbbell)", _bench, 0.35)],
                    1 => [("Romanian Deadlift (Barbell)", _deadlift, 0.6), ("Leg Press", _squat * 2, 1)],
                    2 => [("Bent Over Row (Barbell)", _bench, 0.9), ("Lat Pulldown (Cable)", _bench, 0.7)],
                    3 => [("Squat (Barbell)", _squat, 1), ("Leg Curl (Machine)", _squat, 0.4)],
                    _ => [("Overhead Press (Barbell)", _bench, 0.65), ("Bicep Curl (Barbell)", _bench, 0.4)],
                },
                _ => (template % 4) switch
                {
                    0 => [("Squat (Barbell)", _squat, 1), ("Bench Press (Barbell)", _bench, 0.85)],
                    1 => [("Deadlift (Barbell)", _deadlift, 1), ("Overhead Press (Barbell)", _bench, 0.65)],
                    2 => [("Bench Press (Barbell)", _bench, 1), ("Bent Over Row (Barbell)", _bench, 0.85)],
                    _ => [("Front Squat (Barbell)", _squat, 0.8), ("Romanian Deadlift (Barbell)", _deadlift, 0.6)],
                },
            };

        private void AddLift(
            List<WorkoutSet> sets,
            string exercise,
            double max,
            (int Sets, int Reps, double Intensity, double? Rpe) scheme,
            bool deload
        )
        {
            var work = Math.Round(max * scheme.Intensity / 2.5) * 2.5;
            var index = 1;
            foreach (var warm in new[] { 0.5, 0.7 })
                sets.Add(Set(exercise, index++, Math.Round(work * warm / 2.5) * 2.5, 5, null, SetKind.Warmup));
            var count = scheme.Sets + (deload ? 0 : r.Next(0, 2) - (r.NextDouble() < 0.2 ? 1 : 0));
            for (var s = 0; s < Math.Max(1, count); s++)
            {
                var reps = Math.Max(1, scheme.Reps - (s == count - 1 && r.NextDouble() < 0.2 ? 1 : 0));
                sets.Add(Set(exercise, index++, work, reps, scheme.Rpe, SetKind.Normal));
            }
        }

        private static WorkoutSet Set(string exercise, int index, double kg, int reps, double? rpe, SetKind kind) =>
            new()
            {
                Exercise = exercise,
                SetIndex = index,
                WeightKg = kg,
                Reps = reps,
                Rpe = rpe,
                Kind = kind,
            };
    }
}
