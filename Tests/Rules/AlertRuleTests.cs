using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Rules;

/// <summary>Every rule of DESIGN §6: a scenario that fires it and a near miss that must not.</summary>
public class AlertRuleTests
{
    private static readonly DateOnly Monday = new(2026, 9, 7);
    private const string Deadlift = "Deadlift (Barbell)";
    private const string Squat = "Squat (Barbell)";
    private static readonly int[] MonWedFri = [0, 2, 4];

    /// <summary>Five steady weeks: three one-hour sessions at RPE 6 with moderate deadlifts and squats.</summary>
    private static TrainingLog FiveSteadyWeeks() => new TrainingLog(Monday)
        .Weekly(0, 5, MonWedFri, 60, 6, (Deadlift, 3, 8, 80), (Squat, 3, 8, 70));

    // ---- acwr-spike ----

    [Fact]
    public void Acwr_spike_fires_when_a_week_of_long_hard_sessions_follows_steady_training()
    {
        var log = FiveSteadyWeeks().Weekly(5, 6, [0, 1, 2, 3, 4, 5], 90, 8, (Deadlift, 3, 8, 80));

        var alerts = log.Alerts(AcwrSpikeRule.RuleName);

        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.True(a.Date >= log.Day(5)));
        Assert.Contains("ratio of", alerts[0].Evidence);
    }

    [Fact]
    public void Acwr_spike_near_miss_a_threshold_at_the_weeks_peak_does_not_fire()
    {
        var log = FiveSteadyWeeks().Weekly(5, 6, [0, 1, 2, 3, 4, 5], 90, 8, (Deadlift, 3, 8, 80));
        var peak = log.Analyse().Days.Where(d => d.Metrics.HistoryDays >= 28).Max(d => Math.Max(d.Metrics.AcwrEwma ?? 0, d.Metrics.SpinalAcwrEwma ?? 0));

        Assert.Empty(log.Alerts(AcwrSpikeRule.RuleName, new AlertOptions { AcwrSpike = peak }));
        Assert.NotEmpty(log.Alerts(AcwrSpikeRule.RuleName, new AlertOptions { AcwrSpike = peak - 0.01 }));
    }

    [Fact]
    public void Acwr_spike_stays_silent_before_four_weeks_of_history()
    {
        var log = new TrainingLog(Monday).Weekly(0, 1, MonWedFri, 30, 5).Weekly(1, 3, [0, 1, 2, 3, 4, 5], 120, 9);

        Assert.Empty(log.Alerts(AcwrSpikeRule.RuleName));
    }

    // ---- spinal-jump ----

    [Fact]
    public void Spinal_jump_fires_when_this_weeks_spinal_load_is_far_above_the_four_weeks_before()
    {
        var log = FiveSteadyWeeks().Weekly(5, 6, MonWedFri, 60, 6, (Deadlift, 5, 8, 90), (Squat, 5, 8, 80));

        var alert = Assert.Single(log.Alerts(SpinalJumpRule.RuleName), a => a.Date == log.Day(5, 4));
        Assert.Contains("spinal load", alert.Evidence);
    }

    [Fact]
    public void Spinal_jump_near_miss_just_under_the_factor_does_not_fire()
    {
        // 3 sets → 4 sets of the same work is +33 %: a factor at that observed jump must stay silent.
        var log = FiveSteadyWeeks().Weekly(5, 6, MonWedFri, 60, 6, (Deadlift, 4, 8, 80), (Squat, 4, 8, 70));
        var day = log.Analyse().Days.Single(d => d.Day.Date == log.Day(5, 4)).Metrics;
        var jump = day.WeeklySpinalLoad / day.PreviousFourWeekSpinalLoad!.Value;

        Assert.Equal(4.0 / 3, jump, 6);
        Assert.NotEmpty(log.Alerts(SpinalJumpRule.RuleName));
        Assert.Empty(log.Alerts(SpinalJumpRule.RuleName, new AlertOptions { SpinalJumpFactor = jump }));
    }

    // ---- stacked-progression ----

    [Fact]
    public void Stacked_progression_fires_when_sets_reps_and_weight_all_go_up_on_a_deadlift()
    {
        var log = FiveSteadyWeeks().Session(Monday.AddDays(35), 60, 6, (Deadlift, 4, 9, 85), (Squat, 3, 8, 70));

        var alert = Assert.Single(log.Alerts(StackedProgressionRule.RuleName));
        Assert.Contains("sets 3 → 4, reps 24 → 36, top weight 80 → 85 kg", alert.Evidence);
    }

    [Fact]
    public void Stacked_progression_near_miss_two_variables_up_is_fine()
    {
        var log = FiveSteadyWeeks().Session(Monday.AddDays(35), 60, 6, (Deadlift, 4, 9, 80), (Squat, 3, 8, 70));

        Assert.Empty(log.Alerts(StackedProgressionRule.RuleName));
    }

    // ---- back-to-back-hinge ----

    [Fact]
    public void Back_to_back_heavy_hinge_days_fire()
    {
        var log = FiveSteadyWeeks()
            .Session(Monday.AddDays(35), 60, 6, (Deadlift, 3, 3, 140))
            .Session(Monday.AddDays(36), 60, 6, (Deadlift, 3, 3, 140));

        var alert = Assert.Single(log.Alerts(BackToBackHingeRule.RuleName));
        Assert.Equal(Monday.AddDays(36), alert.Date);
    }

    [Fact]
    public void Back_to_back_near_miss_a_day_between_heavy_hinges_is_fine()
    {
        var log = FiveSteadyWeeks()
            .Session(Monday.AddDays(35), 60, 6, (Deadlift, 3, 3, 140))
            .Session(Monday.AddDays(37), 60, 6, (Deadlift, 3, 3, 140));

        Assert.Empty(log.Alerts(BackToBackHingeRule.RuleName));
    }

    // ---- pain-after-heavy ----

    private static TrainingLog PainBaseline() => FiveSteadyWeeks().DailyCheckins(Monday.AddDays(14), Monday.AddDays(35), 2)
        .Session(Monday.AddDays(35), 60, 8, (Deadlift, 3, 3, 140));

    [Fact]
    public void Pain_two_points_above_the_baseline_the_day_after_a_heavy_hinge_fires()
    {
        var alert = Assert.Single(PainBaseline().Checkin(Monday.AddDays(36), 4).Alerts(PainAfterHeavyRule.RuleName));
        Assert.Contains("Pain 4/10", alert.Evidence);
        Assert.Contains("usual 2/10", alert.Evidence);
    }

    [Fact]
    public void Pain_after_heavy_near_miss_one_point_above_is_fine()
    {
        Assert.Empty(PainBaseline().Checkin(Monday.AddDays(36), 3).Alerts(PainAfterHeavyRule.RuleName));
    }

    [Fact]
    public void Pain_after_heavy_stays_silent_without_fourteen_days_of_check_ins()
    {
        var log = FiveSteadyWeeks().DailyCheckins(Monday.AddDays(28), Monday.AddDays(35), 2)
            .Session(Monday.AddDays(35), 60, 8, (Deadlift, 3, 3, 140)).Checkin(Monday.AddDays(36), 6);
        Assert.Empty(log.Alerts(PainAfterHeavyRule.RuleName));
    }

    // ---- monotony-high ----

    [Fact]
    public void Monotony_fires_for_a_week_of_identical_days_heavier_than_usual()
    {
        var log = FiveSteadyWeeks().Weekly(5, 6, [0, 1, 2, 3, 4, 5, 6], 45, 6);

        // Seven identical days: no variation at all, the monotony cap of 10.
        var alert = Assert.Single(log.Alerts(MonotonyHighRule.RuleName), a => a.Date == log.Day(5, 6));
        Assert.Contains("monotony was 10.00", alert.Evidence);
    }

    [Fact]
    public void Monotony_near_miss_identical_days_but_a_lighter_week_is_fine()
    {
        // 7 × 20 min × 6 = 840 AU a week, under the steady weeks' 3 × 360 = 1,080.
        var log = FiveSteadyWeeks().Weekly(5, 6, [0, 1, 2, 3, 4, 5, 6], 20, 6);

        Assert.Empty(log.Alerts(MonotonyHighRule.RuleName));
    }

    // ---- see a doctor ----

    [Theory]
    [InlineData("saddle")]
    [InlineData("bladder")]
    [InlineData("both-legs")]
    [InlineData("severe-weakness")]
    public void Emergency_signs_raise_an_emergency_alert(string sign)
    {
        var log = new TrainingLog(Monday).Checkin(Monday, 5, c => sign switch
        {
            "saddle" => c with { Numbness = Numbness.Saddle },
            "bladder" => c with { BladderBowel = true },
            "both-legs" => c with { LegPain = LegPain.Both },
            _ => c with { Weakness = Weakness.Severe },
        });

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal((SeeADoctorRule.Emergency, AlertTier.Emergency), (alert.Rule, alert.Tier));
        Assert.StartsWith("Seek emergency care now", alert.Advice);
    }

    [Fact]
    public void Emergency_near_miss_numbness_in_one_leg_is_urgent_not_emergency()
    {
        var alert = Assert.Single(new TrainingLog(Monday).Checkin(Monday, 5, c => c with { Numbness = Numbness.OneLeg }).Analyse().Alerts);
        Assert.Equal(AlertTier.Urgent, alert.Tier);
    }

    [Theory]
    [InlineData("night")]
    [InlineData("left-leg")]
    [InlineData("gait")]
    [InlineData("fever")]
    [InlineData("trauma")]
    [InlineData("rest")]
    public void Urgent_signs_raise_an_urgent_alert(string sign)
    {
        var log = new TrainingLog(Monday).Checkin(Monday, 4, c => sign switch
        {
            "night" => c with { NightPain = true },
            "left-leg" => c with { LegPain = LegPain.Left },
            "gait" => c with { GaitChange = true },
            "fever" => c with { Fever = true },
            "trauma" => c with { Trauma = true },
            _ => c with { NotEasedByRest = true },
        });

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal((SeeADoctorRule.Urgent, AlertTier.Urgent), (alert.Rule, alert.Tier));
    }

    [Fact]
    public void Urgent_near_miss_fever_without_back_pain_is_not_a_back_sign()
    {
        Assert.Empty(new TrainingLog(Monday).Checkin(Monday, 0, c => c with { Fever = true }).Analyse().Alerts);
    }

    [Fact]
    public void Soon_pain_of_seven_fires_and_six_does_not()
    {
        Assert.Equal(SeeADoctorRule.Soon, Assert.Single(new TrainingLog(Monday).Checkin(Monday, 7).Analyse().Alerts).Rule);
        Assert.Empty(new TrainingLog(Monday).Checkin(Monday, 6).Analyse().Alerts);
    }

    [Fact]
    public void Soon_pain_of_three_on_most_check_ins_for_more_than_fourteen_days_fires()
    {
        var log = new TrainingLog(Monday).DailyCheckins(Monday, Monday.AddDays(14), 3);

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal((SeeADoctorRule.Soon, Monday.AddDays(14)), (alert.Rule, alert.Date));
        Assert.Contains("on 15 of your 15 check-ins", alert.Evidence);
    }

    [Fact]
    public void Soon_near_miss_fourteen_days_of_pain_is_within_the_recovery_window()
    {
        Assert.Empty(new TrainingLog(Monday).DailyCheckins(Monday, Monday.AddDays(13), 3).Analyse().Alerts);
    }

    [Fact]
    public void Soon_three_flare_ups_in_sixty_days_fire_and_two_do_not()
    {
        static TrainingLog Flares(int count)
        {
            var log = new TrainingLog(Monday);
            for (var i = 0; i < count; i++) log.Checkin(Monday.AddDays(i * 10), 0).Checkin(Monday.AddDays(i * 10 + 1), 5).Checkin(Monday.AddDays(i * 10 + 2), 1);
            return log;
        }

        var alert = Assert.Single(Flares(3).Analyse().Alerts);
        Assert.Contains("3 flare-ups", alert.Evidence);
        Assert.Empty(Flares(2).Analyse().Alerts);
    }

    [Fact]
    public void A_check_in_with_signs_of_several_tiers_raises_only_the_most_urgent()
    {
        var log = new TrainingLog(Monday).Checkin(Monday, 8, c => c with { NightPain = true, Numbness = Numbness.Saddle });

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal(AlertTier.Emergency, alert.Tier);
        Assert.Contains("saddle", alert.Evidence);
    }

    [Fact]
    public void An_athletes_own_threshold_overrides_the_deployments()
    {
        var log = new TrainingLog(Monday, new AthleteProfile { AthleteId = "ana", Email = "a@example.com", Thresholds = new Dictionary<string, double> { ["SoonPain"] = 5 } })
            .Checkin(Monday, 5);

        Assert.Equal(SeeADoctorRule.Soon, Assert.Single(log.Analyse().Alerts).Rule);
    }
}
