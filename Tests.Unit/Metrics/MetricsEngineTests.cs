using BackSignal.Core.Import;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BackSignal.Tests.Metrics;

/// <summary>Hand-checked values and invariants of the metrics engine (docs/design.md#formulas).</summary>
public class MetricsEngineTests
{
    private static readonly MetricsOptions Defaults = new();
    private static readonly DateOnly Day1 = new(2026, 1, 5);
    private static readonly AthleteProfile Athlete = new()
    {
        AthleteId = "ana",
        Email = "ana@example.com",
        TimeZone = "Europe/Berlin",
        BodyMassKg = 80,
    };

    private static WorkoutSummary Workout(DateOnly day, double minutes, params WorkoutSet[] sets) =>
        new()
        {
            AthleteId = "ana",
            Start = new DateTimeOffset(day.ToDateTime(new TimeOnly(17, 0)), TimeSpan.FromHours(1)),
            DurationMin = minutes,
            Sets = sets,
        };

    private static WorkoutSet Set(
        string exercise,
        double kg,
        int reps,
        double? rpe = null,
        SetKind kind = SetKind.Normal
    ) =>
        new()
        {
            Exercise = exercise,
            WeightKg = kg,
            Reps = reps,
            Rpe = rpe,
            Kind = kind,
        };

    [Fact]
    public void Epley_by_hand()
    {
        Assert.Equal(116.6667, Epley.E1rm(100, 5)!.Value, 4); // 100 · (1 + 5/30)
        Assert.Equal(100, Epley.E1rm(100, 0) ?? 100); // no reps: undefined
        Assert.Null(Epley.E1rm(100, 11)); // beyond 10 reps the estimate is not used
        Assert.Equal(140.0, Epley.E1rm(140, 1)!.Value * 30 / 31, 10);
    }

    [Fact]
    public void Spinal_load_by_hand_weights_each_exercise_by_its_spine_factor()
    {
        // Deadlift 1.0, back squat 0.8, bent-over row 0.5, overhead press 0.3, leg press 0, warm-ups excluded.
        var day = TrainingDay.Of(
            Day1,
            [
                Workout(
                    Day1,
                    60,
                    Set("Deadlift (Barbell)", 100, 5),
                    Set("Deadlift (Barbell)", 60, 5, kind: SetKind.Warmup),
                    Set("Squat (Barbell)", 80, 5),
                    Set("Bent Over Row (Barbell)", 60, 10),
                    Set("Overhead Press (Barbell)", 40, 10),
                    Set("Leg Press", 200, 10)
                ),
            ],
            Athlete,
            Defaults
        );

        Assert.Equal(500 + 400 + 600 + 400 + 2000, day.VolumeLoadKg);
        Assert.Equal(500 * 1.0 + 400 * 0.8 + 600 * 0.5 + 400 * 0.3 + 2000 * 0, day.SpinalLoadKg, 9);
        Assert.Equal(500, day.HingeVolumeKg);
        Assert.Equal(2, day.Exercises["Deadlift (Barbell)"].Sets + 1); // the warm-up is not a working set
        Assert.Equal(116.6667, day.Exercises["Deadlift (Barbell)"].BestE1rmKg!.Value, 4);
    }

    [Fact]
    public void Week_over_week_change_by_hand()
    {
        // Week 1: 7 × 100 = 700. Week 2: 7 × 150 = 1050: +50 %.
        var loads = Enumerable
            .Repeat(100.0, 7)
            .Concat(Enumerable.Repeat(150.0, 7))
            .Select((l, i) => new DayLoad(Day1.AddDays(i), l, l / 2))
            .ToList();
        var metrics = LoadSeries.Compute(loads, null, Defaults);

        Assert.Null(metrics[12].WeeklyLoadChange);
        Assert.Equal(1050, metrics[13].WeeklyLoad, 9);
        Assert.Equal(0.5, metrics[13].WeeklyLoadChange!.Value, 9);
        Assert.Equal(0.5, metrics[13].WeeklySpinalChange!.Value, 9);
        Assert.Null(metrics[13].PreviousFourWeekLoad); // needs five weeks
    }

    [Fact]
    public void The_four_weeks_before_this_week_average_their_weekly_sums()
    {
        var weekly = new[] { 700.0, 1400, 2100, 2800, 3500 };
        var loads = weekly
            .SelectMany(w => Enumerable.Repeat(w / 7, 7))
            .Select((l, i) => new DayLoad(Day1.AddDays(i), l, l))
            .ToList();
        var metrics = LoadSeries.Compute(loads, null, Defaults);

        Assert.Equal((700 + 1400 + 2100 + 2800) / 4.0, metrics[34].PreviousFourWeekLoad!.Value, 9);
        Assert.Equal(3500, metrics[34].WeeklySpinalLoad, 9);
        Assert.Equal(1750, metrics[34].PreviousFourWeekSpinalLoad!.Value, 9);
    }

    [Fact]
    public void Trimp_by_hand()
    {
        // 60 min at average 150 bpm, rest 50, max 190: HRr = 100/140 = 0.714; TRIMP = 60 · 0.714 · 0.64 · e^1.371 =
        // 108.1; × 3.5 = 378.3.
        var profile = Athlete with
        {
            RestingHr = 50,
            MaxHr = 190,
        };
        var load = SessionLoad.Of(
            new WorkoutSummary
            {
                DurationMin = 60,
                AvgHr = 150,
                Sport = "running",
            },
            profile,
            Defaults
        );

        var hrr = 100.0 / 140;
        Assert.Equal(LoadMethod.Trimp, load.Method);
        Assert.Equal(60 * hrr * 0.64 * Math.Exp(1.92 * hrr) * 3.5, load.Load, 9);
        Assert.Equal(378.3, load.Load, 1);
    }

    [Fact]
    public void A_heavy_hinge_day_by_share_of_e1rm_by_rpe_and_by_volume()
    {
        var light = TrainingDay.Of(Day1, [Workout(Day1, 60, Set("Deadlift (Barbell)", 100, 5))], Athlete, Defaults);
        var byE1rm = TrainingDay.Of(
            Day1.AddDays(3),
            [Workout(Day1.AddDays(3), 60, Set("Deadlift (Barbell)", 100, 5))],
            Athlete,
            Defaults
        );
        var lightRpe = TrainingDay.Of(
            Day1.AddDays(6),
            [Workout(Day1.AddDays(6), 60, Set("Deadlift (Barbell)", 60, 12, rpe: 8))],
            Athlete,
            Defaults
        );
        var byVolume = TrainingDay.Of(
            Day1.AddDays(9),
            [Workout(Day1.AddDays(9), 60, Enumerable.Repeat(Set("Deadlift (Barbell)", 60, 12), 3).ToArray())],
            Athlete,
            Defaults
        );
        var notHeavy = TrainingDay.Of(
            Day1.AddDays(12),
            [Workout(Day1.AddDays(12), 60, Set("Deadlift (Barbell)", 60, 12))],
            Athlete,
            Defaults
        );

        var strength = StrengthSeries.Compute([], [light, byE1rm, lightRpe, byVolume, notHeavy], Defaults);

        // The first day has nothing before it to be heavy against; the next 100 kg × 5 is 86 % of the e1RM before.
        Assert.False(strength[0].HeavyHinge);
        // The reason is kept as data and said in the reader's language by the rules.
        string Said(string? reason) => Core.Rules.HeavyReasons.Say(reason, Core.Localization.Words.English);
        Assert.StartsWith("e1rm|Deadlift (Barbell)|100|", strength[1].HeavyHingeReason);
        Assert.Contains("top set 100 kg is 86% of the best e1RM", Said(strength[1].HeavyHingeReason));
        Assert.Contains("RPE 8", Said(strength[2].HeavyHingeReason));
        // 2,160 kg of hinge volume against an average of (500 + 500 + 720) / 3 = 573 kg: 3.8×.
        Assert.Contains("hinge volume 2160 kg is 3.8×", Said(strength[3].HeavyHingeReason));
        // 60 kg is 51 % of 116.7 kg and 720 kg is below 1.5 × the average: not heavy.
        Assert.False(strength[4].HeavyHinge);
    }

    [Fact]
    public void Progression_compares_each_spine_loading_exercise_with_its_usual_sessions()
    {
        var monday = TrainingDay.Of(
            Day1,
            [
                Workout(
                    Day1,
                    60,
                    Set("Deadlift (Barbell)", 100, 5),
                    Set("Deadlift (Barbell)", 100, 5),
                    Set("Bench Press (Barbell)", 80, 5)
                ),
            ],
            Athlete,
            Defaults
        );
        var thursday = TrainingDay.Of(
            Day1.AddDays(3),
            [
                Workout(
                    Day1.AddDays(3),
                    60,
                    Set("Deadlift (Barbell)", 105, 6),
                    Set("Deadlift (Barbell)", 105, 6),
                    Set("Deadlift (Barbell)", 105, 6),
                    Set("Bench Press (Barbell)", 90, 5)
                ),
            ],
            Athlete,
            Defaults
        );

        var strength = StrengthSeries.Compute([monday], [thursday], Defaults);

        var deadlift = Assert.Single(strength[0].Progressions); // bench press loads no spine: not compared
        Assert.Equal(
            (Day1, 1, 2, 3, 5.0, 6.0, 100.0, 105.0),
            (
                deadlift.LastDate,
                deadlift.UsualSessions,
                deadlift.UsualSets,
                deadlift.Sets,
                deadlift.UsualRepsPerSet,
                deadlift.RepsPerSet,
                deadlift.UsualTopWeightKg,
                deadlift.TopWeightKg
            )
        );
        Assert.True(deadlift.AllUp);
    }

    [Theory]
    [InlineData("2026-03-28T23:30:00Z", "2026-03-29")] // 00:30 CET, the night clocks go forward
    [InlineData("2026-03-29T22:30:00Z", "2026-03-30")] // 00:30 CEST the day after
    [InlineData("2026-10-24T22:30:00Z", "2026-10-25")] // 00:30 CEST, the night clocks go back
    [InlineData("2026-10-25T22:59:00Z", "2026-10-25")] // 23:59 CET on the 25-hour day
    public void A_workout_lands_on_its_local_day_across_dst_changes(string instant, string day)
    {
        Assert.Equal(DateOnly.Parse(day), Athlete.LocalDate(DateTimeOffset.Parse(instant)));
    }

    [RealDataFact]
    public void The_strong_sample_has_the_days_computed_by_hand()
    {
        // No body mass in the profile: the pull-ups count no volume.
        var athlete = Athlete with
        {
            BodyMassKg = null,
        };
        var import = ExportReader.ReadFile(
            Samples.StrongBreinsp,
            ImportContext.For(athlete, "strong.csv", DateTimeOffset.UtcNow)
        );
        var result = Analysis.Run(athlete, import.Workouts, null, Defaults, new AlertOptions(), []);
        var first = result.Days[0];

        // 2021-02-10: 2 h 18 min, no RPE: 18 working sets (bench 5, deadlift 5, pull-ups 5, incline 3) × 21 AU = 378
        // AU, whatever the minutes; 6,570 kg volume; deadlift 5 × 6 × 65 kg = 1,950 kg spinal.
        Assert.Equal((378.0, 6570.0, 1950.0), (first.Day.Load, first.Day.VolumeLoadKg, first.Day.SpinalLoadKg));
        Assert.Equal(LoadMethod.Sets, first.Day.LoadMethod);
        Assert.Equal(378 * (1 - Math.Exp(-1 / 42.0)), first.Metrics.Ctl, 9);
        // Nothing before the first day to be heavy against.
        Assert.False(first.Strength.HeavyHinge);
        Assert.Equal(78.0, first.Day.Exercises["Deadlift (Barbell)"].BestE1rmKg!.Value, 9);
        // The day after is a rest day: load 0, and the EWMAs decay by (1 − λ).
        var second = result.Days[1];
        Assert.Equal(0, second.Day.Load);
        Assert.Equal(378 * (1 - 2.0 / 8), second.Metrics.AcuteEwma, 9);
        Assert.Equal(378 * (1 - 2.0 / 29), second.Metrics.ChronicEwma, 9);
    }

    // ---- Properties (FsCheck) ----

    private static Arbitrary<double[]> Loads(int min, int max) =>
        Gen.Choose(0, 1000)
            .Select(v => v < 300 ? 0.0 : v)
            .ArrayOf()
            .Where(a => a.Length >= min && a.Length <= max)
            .ToArbitrary();

    private static List<DayLoad> Days(double[] loads) =>
        loads.Select((l, i) => new DayLoad(Day1.AddDays(i), l, l * 0.4)).ToList();

    [Property(MaxTest = 200)]
    public Property A_constant_daily_load_gives_ratios_of_one_once_defined() =>
        Prop.ForAll(
            Gen.Choose(1, 2000).ToArbitrary(),
            Gen.Choose(1, 80).ToArbitrary(),
            (load, days) =>
            {
                var metrics = LoadSeries.Compute(
                    Enumerable.Range(0, days).Select(i => new DayLoad(Day1.AddDays(i), load, load)).ToList(),
                    null,
                    Defaults
                );
                return metrics.All(m =>
                    Near(m.AcwrEwma, 1)
                    && Near(m.SpinalAcwrEwma, 1)
                    && (m.AcwrCoupled is null || Near(m.AcwrCoupled, 1))
                    && (m.AcwrUncoupled is null || Near(m.AcwrUncoupled, 1))
                );
            }
        );

    [Property(MaxTest = 200)]
    public Property Multiplying_every_load_by_k_leaves_every_ratio_and_the_monotony_unchanged() =>
        Prop.ForAll(
            Loads(1, 90),
            Gen.Choose(1, 1000).Select(k => k / 37.0).ToArbitrary(),
            (loads, k) =>
            {
                var plain = LoadSeries.Compute(Days(loads), null, Defaults);
                var scaled = LoadSeries.Compute(Days(loads.Select(l => l * k).ToArray()), null, Defaults);
                return plain
                    .Zip(scaled)
                    .All(p =>
                        Same(p.First.AcwrEwma, p.Second.AcwrEwma)
                        && Same(p.First.AcwrCoupled, p.Second.AcwrCoupled)
                        && Same(p.First.AcwrUncoupled, p.Second.AcwrUncoupled)
                        && Same(p.First.Monotony, p.Second.Monotony)
                        && Same(p.First.SpinalAcwrEwma, p.Second.SpinalAcwrEwma)
                        && Same(p.First.WeeklyLoadChange, p.Second.WeeklyLoadChange)
                    );
            }
        );

    [Property(MaxTest = 200)]
    public Property Metrics_computed_incrementally_from_any_day_equal_the_full_computation() =>
        Prop.ForAll(
            Loads(2, 120),
            Gen.Choose(1, 119).ToArbitrary(),
            (loads, at) =>
            {
                var split = Math.Min(at, loads.Length - 1);
                var full = LoadSeries.Compute(Days(loads), null, Defaults);
                var state = LoadSeries.StateAfter(full.Take(split).ToList(), Defaults);
                var rest = LoadSeries.Compute(Days(loads).Skip(split).ToList(), state, Defaults);
                return full.Skip(split).SequenceEqual(rest);
            }
        );

    [Property(MaxTest = 100)]
    public Property Adding_a_workout_never_lowers_that_days_load_volume_or_spinal_load() =>
        Prop.ForAll(
            Gen.Choose(0, 180).ToArbitrary(),
            Gen.Choose(0, 200).ToArbitrary(),
            Gen.Choose(0, 12).ToArbitrary(),
            (minutes, kg, reps) =>
            {
                var existing = Workout(Day1, 45, Set("Squat (Barbell)", 80, 5));
                var added = Workout(Day1, minutes, Set("Deadlift (Barbell)", kg, reps)) with
                {
                    Start = existing.Start.AddHours(2),
                };
                var before = TrainingDay.Of(Day1, [existing], Athlete, Defaults);
                var after = TrainingDay.Of(Day1, [existing, added], Athlete, Defaults);
                return after.Load >= before.Load
                    && after.VolumeLoadKg >= before.VolumeLoadKg
                    && after.SpinalLoadKg >= before.SpinalLoadKg;
            }
        );

    [Property(MaxTest = 200)]
    public Property No_measure_is_ever_nan_or_infinite() =>
        Prop.ForAll(
            Loads(1, 100),
            loads =>
                LoadSeries
                    .Compute(Days(loads), null, Defaults)
                    .All(m =>
                        new double?[]
                        {
                            m.AcwrEwma,
                            m.AcwrCoupled,
                            m.AcwrUncoupled,
                            m.Monotony,
                            m.Strain,
                            m.SpinalAcwrEwma,
                            m.WeeklyLoadChange,
                            m.WeeklySpinalChange,
                            m.PreviousFourWeekLoad,
                            m.Ctl,
                            m.Atl,
                            m.Tsb,
                            m.AcuteEwma,
                            m.ChronicEwma,
                        }.All(v => v is null || double.IsFinite(v.Value))
                    )
        );

    private static bool Near(double? value, double expected) => value is { } v && Math.Abs(v - expected) < 1e-9;

    private static bool Same(double? a, double? b) =>
        a is null ? b is null : b is { } y && Math.Abs(a.Value - y) <= 1e-9 * Math.Max(1, Math.Abs(a.Value));
}

/// <summary>The state a recompute rebuilds from stored rows continues the series exactly.</summary>
public class SeriesStateTests
{
    [Fact]
    public void The_state_rebuilt_from_stored_days_gives_the_same_metrics_as_computing_through()
    {
        var options = new BackSignal.Core.Metrics.MetricsOptions();
        var first = new DateOnly(2026, 6, 1);
        var loads = Enumerable
            .Range(0, 90)
            .Select(i => (Date: first.AddDays(i), Load: (double)(i * 37 % 11 * 40)))
            .ToList();
        var through = BackSignal.Core.Metrics.LoadSeries.Compute(loads, null, options);

        var split = 60;
        var history = loads
            .Take(split)
            .Select(l => new BackSignal.Core.Metrics.TrainingDay(l.Date, l.Load, null, 0, 0, 0))
            .ToList();
        var before = BackSignal.Core.Metrics.SeriesState.Before(
            loads[split].Date,
            through[split - 1],
            history,
            options
        );
        var resumed = BackSignal.Core.Metrics.LoadSeries.Compute(loads.Skip(split).ToList(), before, options);

        for (var i = 0; i < resumed.Count; i++)
        {
            Assert.Equal(through[split + i].AcwrEwma, resumed[i].AcwrEwma);
            Assert.Equal(through[split + i].Monotony, resumed[i].Monotony);
            Assert.Equal(through[split + i].WeeklyLoadChange, resumed[i].WeeklyLoadChange);
        }
    }
}
