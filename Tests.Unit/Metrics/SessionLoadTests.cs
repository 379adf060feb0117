using BackSignal.Core.Metrics;
using BackSignal.Core.Model;

namespace BackSignal.Tests.Metrics;

public class SessionLoadTests
{
    private static readonly AthleteProfile Athlete = new()
    {
        AthleteId = "t",
        Email = "t@example.com",
        RestingHr = 60,
        MaxHr = 190,
        BodyMassKg = 80,
    };

    [Fact]
    public void Session_rpe_times_minutes_comes_first()
    {
        var load = SessionLoad.Of(
            new WorkoutSummary
            {
                DurationMin = 60,
                SessionRpe = 7,
                AvgHr = 150,
            },
            Athlete,
            new MetricsOptions()
        );
        Assert.Equal(new SessionLoad(420, LoadMethod.SessionRpe), load);
    }

    [Fact]
    public void Mean_working_set_rpe_stands_in_for_a_missing_session_rpe()
    {
        var workout = new WorkoutSummary
        {
            DurationMin = 50,
            Sets =
            [
                new()
                {
                    Exercise = "Deadlift",
                    Kind = SetKind.Warmup,
                    Rpe = 4,
                },
                new() { Exercise = "Deadlift", Rpe = 8 },
                new() { Exercise = "Deadlift", Rpe = 9 },
            ],
        };
        Assert.Equal(
            new SessionLoad(425, LoadMethod.SessionRpe),
            SessionLoad.Of(workout, Athlete, new MetricsOptions())
        );
    }

    [Fact]
    public void Banister_trimp_is_scaled_onto_the_srpe_scale_when_only_heart_rate_is_known()
    {
        // By hand: HRr = (150-60)/(190-60) = 0.6923; 60 × 0.6923 × 0.64 × e^(1.92 × 0.6923) = 100.44; × 3.5 = 351.54.
        var load = SessionLoad.Of(new WorkoutSummary { DurationMin = 60, AvgHr = 150 }, Athlete, new MetricsOptions());
        Assert.Equal(LoadMethod.Trimp, load.Method);
        Assert.Equal(351.54, load.Load, 2);
    }

    [Fact]
    public void Duration_times_the_default_rpe_is_the_fallback()
    {
        var noHeartRateProfile = Athlete with { RestingHr = null };
        var load = SessionLoad.Of(
            new WorkoutSummary { DurationMin = 45, AvgHr = 150 },
            noHeartRateProfile,
            new MetricsOptions()
        );
        Assert.Equal(new SessionLoad(225, LoadMethod.Duration), load);
    }

    [Fact]
    public void Volume_load_counts_working_sets_and_body_mass_for_bodyweight_sets()
    {
        var workout = new WorkoutSummary
        {
            DurationMin = 30,
            Sets =
            [
                new()
                {
                    Exercise = "Deadlift (Barbell)",
                    Kind = SetKind.Warmup,
                    WeightKg = 60,
                    Reps = 5,
                },
                new()
                {
                    Exercise = "Deadlift (Barbell)",
                    WeightKg = 100,
                    Reps = 5,
                },
                new()
                {
                    Exercise = "Pull Up",
                    WeightKg = null,
                    Reps = 8,
                },
            ],
        };
        var day = TrainingDay.Of(new DateOnly(2026, 1, 1), [workout], Athlete, new MetricsOptions());
        Assert.Equal(100 * 5 + 80 * 8, day.VolumeLoadKg);
        Assert.Equal(3, day.Sets);
    }
}
