using BackSignal.Core.Import;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Rules;

/// <summary>Every rule of docs/design.md#overload: a scenario that fires it and a near miss that must not.</summary>
public class AlertRuleTests
{
    private static readonly DateOnly Monday = new(2026, 9, 7);
    private const string Deadlift = "Deadlift (Barbell)";
    private const string Squat = "Squat (Barbell)";
    private static readonly int[] MonWedFri = [0, 2, 4];

    /// <summary>Five steady weeks: three one-hour sessions at RPE 6 with moderate deadlifts and squats.</summary>
    private static TrainingLog FiveSteadyWeeks() =>
        new TrainingLog(Monday).Weekly(0, 5, MonWedFri, 60, 6, (Deadlift, 3, 8, 80), (Squat, 3, 8, 70));

    // ---- acwr-spike ----

    [Fact]
    public void Acwr_spike_fires_once_when_a_week_of_long_hard_sessions_follows_steady_training()
    {
        var log = FiveSteadyWeeks().Weekly(5, 6, [0, 1, 2, 3, 4, 5], 90, 8, (Deadlift, 3, 8, 80));

        var alert = Assert.Single(log.Alerts(AcwrSpikeRule.RuleName));
        Assert.True(alert.Date >= log.Day(5));
        Assert.Contains("against your usual weeks: 1080 AU on average over the 5 weeks before", alert.Evidence);
        Assert.Contains("acute:chronic ratio", alert.Evidence);
        Assert.Contains("not a prediction", alert.Evidence);
    }

    [Fact]
    public void Acwr_spike_near_miss_a_jump_factor_above_the_weeks_rise_does_not_fire()
    {
        var log = FiveSteadyWeeks().Weekly(5, 6, [0, 1, 2, 3, 4, 5], 90, 8, (Deadlift, 3, 8, 80));
        var week = 6 * 90 * 8.0;
        var rise = week / (3 * 60 * 6.0);

        Assert.Empty(log.Alerts(AcwrSpikeRule.RuleName, new AlertOptions { LoadJumpFactor = rise + 0.01 }));
        Assert.NotEmpty(log.Alerts(AcwrSpikeRule.RuleName, new AlertOptions { LoadJumpFactor = rise - 0.01 }));
    }

    [Fact]
    public void Acwr_spike_near_miss_a_rise_within_the_athletes_usual_spread_does_not_fire()
    {
        // Weeks that swing between 2 and 4 sessions: a 5-session week (+67 % on the mean) is within 3 spreads.
        var log = new TrainingLog(Monday);
        for (var w = 0; w < 8; w++)
            log.Weekly(w, w + 1, w % 2 == 0 ? [0, 2] : [0, 2, 4, 5], 60, 6, (Deadlift, 3, 8, 80));
        log.Weekly(8, 9, [0, 1, 2, 4, 5], 60, 7, (Deadlift, 3, 8, 80));

        Assert.Empty(log.Alerts(AcwrSpikeRule.RuleName));
    }

    [Fact]
    public void Acwr_spike_stays_silent_before_four_weeks_of_history()
    {
        var log = new TrainingLog(Monday).Weekly(0, 1, MonWedFri, 30, 5).Weekly(1, 3, [0, 1, 2, 3, 4, 5], 120, 9);

        Assert.Empty(log.Alerts(AcwrSpikeRule.RuleName));
    }

    [Fact]
    public void A_break_of_two_weeks_restarts_the_four_weeks_before_ratio_rules_speak()
    {
        // Five steady weeks, 15 days off, three steady weeks, then the hard week: only 3 weeks since the break.
        var log = FiveSteadyWeeks()
            .Weekly(7, 10, MonWedFri, 60, 6, (Deadlift, 3, 8, 80), (Squat, 3, 8, 70))
            .Weekly(10, 11, [0, 1, 2, 3, 4, 5], 90, 8, (Deadlift, 5, 8, 90), (Squat, 5, 8, 80));

        Assert.Empty(log.Alerts(AcwrSpikeRule.RuleName));
        Assert.Empty(log.Alerts(SpinalJumpRule.RuleName));
    }

    // ---- spinal-jump ----

    [Fact]
    public void Spinal_jump_fires_when_this_weeks_spinal_load_is_far_above_the_usual_weeks()
    {
        var log = FiveSteadyWeeks().Weekly(5, 6, MonWedFri, 60, 6, (Deadlift, 5, 8, 90), (Squat, 5, 8, 80));

        var alert = Assert.Single(log.Alerts(SpinalJumpRule.RuleName));
        // Usual week 9,792 kg (3 × 3,264); a session is now 6,160 kg: Friday's sum, 18,480, crosses 1.5 × usual.
        Assert.Equal(log.Day(5, 4), alert.Date);
        Assert.Contains("spinal load", alert.Evidence);
        Assert.Contains("BackSignal's relative weighting", alert.Evidence);
    }

    [Fact]
    public void Spinal_jump_near_miss_a_third_more_is_under_the_factor()
    {
        // 3 sets → 4 sets of the same work is +33 %: below 1.5 × the usual weeks.
        var log = FiveSteadyWeeks().Weekly(5, 6, MonWedFri, 60, 6, (Deadlift, 4, 8, 80), (Squat, 4, 8, 70));

        Assert.Empty(log.Alerts(SpinalJumpRule.RuleName));
        Assert.NotEmpty(log.Alerts(SpinalJumpRule.RuleName, new AlertOptions { SpinalJumpFactor = 1.3 }));
    }

    // ---- return-after-break ----

    [Fact]
    public void Return_after_three_weeks_off_at_full_load_fires_on_the_day_the_first_week_passes_two_thirds()
    {
        var log = FiveSteadyWeeks().Weekly(8, 9, MonWedFri, 60, 6, (Deadlift, 3, 8, 80), (Squat, 3, 8, 70));

        var alert = Assert.Single(log.Alerts(ReturnAfterBreakRule.RuleName));
        Assert.Equal(log.Day(8, 4), alert.Date); // two sessions are exactly 2/3 of a usual week; the third passes it
        Assert.Contains("After 23 days without training", alert.Evidence);
    }

    [Fact]
    public void Return_near_miss_a_first_week_at_half_the_load_is_fine()
    {
        var log = FiveSteadyWeeks().Weekly(8, 9, [0, 3], 45, 6, (Deadlift, 2, 8, 70));

        Assert.Empty(log.Alerts(ReturnAfterBreakRule.RuleName));
    }

    // ---- stacked-progression ----

    [Fact]
    public void Stacked_progression_fires_when_sets_reps_and_weight_all_go_up_on_a_deadlift()
    {
        var log = FiveSteadyWeeks().Session(Monday.AddDays(35), 60, 6, (Deadlift, 4, 9, 85), (Squat, 3, 8, 70));

        var alert = Assert.Single(log.Alerts(StackedProgressionRule.RuleName));
        Assert.Contains("sets 3 → 4, reps per set 8 → 9, top weight 80 → 85 kg", alert.Evidence);
    }

    [Fact]
    public void Stacked_progression_near_miss_an_extra_set_is_not_also_more_reps()
    {
        // 3 × 8 → 4 × 8 at more weight: total reps rose, reps per set did not.
        var log = FiveSteadyWeeks().Session(Monday.AddDays(35), 60, 6, (Deadlift, 4, 8, 85), (Squat, 3, 8, 70));

        Assert.Empty(log.Alerts(StackedProgressionRule.RuleName));
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
    public void Back_to_back_near_miss_machine_hip_thrusts_are_no_hinge_for_the_back()
    {
        var log = FiveSteadyWeeks()
            .Session(Monday.AddDays(35), 60, 8, ("Hip Thrust (Machine)", 4, 6, 160))
            .Session(Monday.AddDays(36), 60, 8, ("Hip Thrust (Machine)", 4, 6, 160));

        Assert.Empty(log.Alerts(BackToBackHingeRule.RuleName));
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

    private static TrainingLog PainBaseline() =>
        FiveSteadyWeeks()
            .DailyCheckins(Monday.AddDays(14), Monday.AddDays(35), 2)
            .Session(Monday.AddDays(35), 60, 8, (Deadlift, 3, 3, 140));

    [Fact]
    public void Pain_two_points_above_the_baseline_the_day_after_a_heavy_hinge_fires()
    {
        var alert = Assert.Single(PainBaseline().Checkin(Monday.AddDays(36), 4).Alerts(PainAfterHeavyRule.RuleName));
        Assert.Contains("Pain 4/10", alert.Evidence);
        Assert.Contains("usual 2/10", alert.Evidence);
    }

    [Fact]
    public void Pain_two_points_above_the_baseline_the_day_after_heavy_squats_fires()
    {
        var log = FiveSteadyWeeks()
            .DailyCheckins(Monday.AddDays(14), Monday.AddDays(35), 2)
            .Session(Monday.AddDays(35), 60, 8, (Squat, 3, 3, 120))
            .Checkin(Monday.AddDays(36), 4);

        Assert.Contains("heavy hinge or squat day", Assert.Single(log.Alerts(PainAfterHeavyRule.RuleName)).Evidence);
    }

    [Fact]
    public void Pain_after_heavy_near_miss_one_point_above_is_fine()
    {
        Assert.Empty(PainBaseline().Checkin(Monday.AddDays(36), 3).Alerts(PainAfterHeavyRule.RuleName));
    }

    [Fact]
    public void Pain_after_heavy_stays_silent_without_fourteen_days_of_check_ins()
    {
        var log = FiveSteadyWeeks()
            .DailyCheckins(Monday.AddDays(28), Monday.AddDays(35), 2)
            .Session(Monday.AddDays(35), 60, 8, (Deadlift, 3, 3, 140))
            .Checkin(Monday.AddDays(36), 6);
        Assert.Empty(log.Alerts(PainAfterHeavyRule.RuleName));
    }

    // ---- monotony-high ----

    [Fact]
    public void Monotony_fires_for_a_week_of_identical_days_heavier_than_usual()
    {
        var log = FiveSteadyWeeks().Weekly(5, 6, [0, 1, 2, 3, 4, 5, 6], 45, 6);

        // Saturday: six identical days of the last seven (monotony 2.45) in a week already above the usual 1,080 AU.
        var alert = Assert.Single(log.Alerts(MonotonyHighRule.RuleName));
        Assert.Equal(log.Day(5, 5), alert.Date);
        Assert.Contains("monotony was 2.45", alert.Evidence);
    }

    [Fact]
    public void Monotony_near_miss_identical_days_but_a_lighter_week_is_fine()
    {
        // 7 × 20 min × 6 = 840 AU a week, under the steady weeks' 3 × 360 = 1,080.
        var log = FiveSteadyWeeks().Weekly(5, 6, [0, 1, 2, 3, 4, 5, 6], 20, 6);

        Assert.Empty(log.Alerts(MonotonyHighRule.RuleName));
    }

    // ---- see a doctor: every row of the tier table (docs/checkin.md) ----

    private static PainCheckin With(PainCheckin c, string sign) =>
        sign switch
        {
            "saddle" => c with { SaddleNumbness = true },
            "saddle-v1" => c with { Numbness = Numbness.Saddle },
            "bladder-bowel" => c with { BladderBowel = true },
            "sexual-dysfunction" => c with { SexualDysfunction = true },
            "chest-pain" => c with { ChestPain = true },
            "leg-pain-both" => c with { LegPain = LegPain.Both },
            "numbness-both-legs" => c with { Numbness = Numbness.BothLegs },
            "weakness-both" => c with { Weakness = Weakness.Mild, WeaknessSide = WeaknessSide.Both },
            "weakness-side-both" => c with { WeaknessSide = WeaknessSide.Both },
            "weakness-severe" => c with { Weakness = Weakness.Severe, WeaknessSide = WeaknessSide.One },
            "weakness-worsening" => c with { Weakness = Weakness.Worsening },
            "trauma-major" => c with { Trauma = Trauma.Major },
            "left-leg+weakness" => c with
            {
                LegPain = LegPain.Left,
                Weakness = Weakness.Mild,
                WeaknessSide = WeaknessSide.One,
            },
            "one-leg-numb+weakness" => c with { Numbness = Numbness.OneLeg, Weakness = Weakness.Mild },
            "gait" => c with { GaitChange = true },
            "fever" => c with { Fever = true },
            "weight-loss" => c with { WeightLoss = true },
            "back-lump" => c with { BackLump = true },
            "night" => c with { NightPain = true },
            "not-eased" => c with { NotEasedByRest = true },
            "cough-sneeze" => c with { CoughSneeze = true },
            "upper-back" => c with { UpperBackPain = true },
            "right-leg" => c with { LegPain = LegPain.Right },
            "one-leg-numb" => c with { Numbness = Numbness.OneLeg },
            "weakness-mild-one" => c with { Weakness = Weakness.Mild, WeaknessSide = WeaknessSide.One },
            "unwell" => c with { Unwell = true },
            "trauma-minor" => c with { Trauma = Trauma.Minor },
            "trauma-lift" => c with { Trauma = Trauma.Lift },
            _ => throw new ArgumentException(sign),
        };

    [Theory]
    [InlineData("saddle", AlertTier.Emergency)]
    [InlineData("saddle-v1", AlertTier.Emergency)]
    [InlineData("bladder-bowel", AlertTier.Emergency)]
    [InlineData("sexual-dysfunction", AlertTier.Emergency)]
    [InlineData("chest-pain", AlertTier.Emergency)]
    [InlineData("leg-pain-both", AlertTier.Emergency)]
    [InlineData("numbness-both-legs", AlertTier.Emergency)]
    [InlineData("weakness-both", AlertTier.Emergency)]
    [InlineData("weakness-side-both", AlertTier.Emergency)]
    [InlineData("weakness-severe", AlertTier.Emergency)]
    [InlineData("weakness-worsening", AlertTier.Emergency)]
    [InlineData("trauma-major", AlertTier.Emergency)]
    [InlineData("fever", AlertTier.Urgent)]
    [InlineData("weight-loss", AlertTier.Urgent)]
    [InlineData("back-lump", AlertTier.Urgent)]
    [InlineData("night", AlertTier.Urgent)]
    [InlineData("not-eased", AlertTier.Urgent)]
    [InlineData("cough-sneeze", AlertTier.Urgent)]
    [InlineData("upper-back", AlertTier.Urgent)]
    [InlineData("gait", AlertTier.Urgent)]
    [InlineData("left-leg+weakness", AlertTier.Urgent)]
    [InlineData("one-leg-numb+weakness", AlertTier.Urgent)]
    [InlineData("right-leg", AlertTier.Soon)]
    [InlineData("one-leg-numb", AlertTier.Soon)]
    [InlineData("weakness-mild-one", AlertTier.Soon)]
    [InlineData("unwell", AlertTier.Soon)]
    [InlineData("trauma-minor", AlertTier.Soon)]
    [InlineData("trauma-lift", AlertTier.Soon)]
    public void Each_sign_alone_reaches_its_tier(string sign, AlertTier tier)
    {
        var log = new TrainingLog(Monday).Checkin(Monday, 3, c => With(c, sign));

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal((SeeADoctorRule.RuleOf(tier), tier), (alert.Rule, alert.Tier));
        Assert.StartsWith(
            tier switch
            {
                AlertTier.Emergency =>
                    "Call the emergency number now (112 in Europe, 999 in the UK, 911 in North America) or go",
                AlertTier.Urgent => "See a doctor today or within 24 hours",
                _ => "Book a GP or physiotherapist within about a week",
            },
            alert.Advice
        );
    }

    [Theory]
    [InlineData("trauma-minor", "age")]
    [InlineData("trauma-minor", "osteoporosis")]
    [InlineData("trauma-minor", "long-term-steroids")]
    [InlineData("trauma-lift", "age")]
    [InlineData("trauma-lift", "osteoporosis")]
    [InlineData("trauma-lift", "long-term-steroids")]
    public void A_fracture_risk_raises_a_fall_or_a_sudden_pain_in_a_lift_to_urgent(string sign, string risk)
    {
        var profile = new AthleteProfile { AthleteId = "ana", Email = "a@example.com" };
        profile = risk == "age" ? profile with { BirthYear = Monday.Year - 55 } : profile.WithHealth([risk]);
        var alone = new TrainingLog(Monday).Checkin(Monday, 3, c => With(c, sign));
        var raised = new TrainingLog(Monday, profile).Checkin(Monday, 3, c => With(c, sign));

        Assert.Equal(AlertTier.Soon, Assert.Single(alone.Analyse().Alerts).Tier);
        Assert.Equal(AlertTier.Urgent, Assert.Single(raised.Analyse().Alerts).Tier);
    }

    [Theory]
    [InlineData("cancer-history")]
    [InlineData("immunosuppressed")]
    public void New_back_pain_with_a_cancer_history_or_a_weak_immune_system_books_a_gp(string risk)
    {
        var profile = new AthleteProfile { AthleteId = "ana", Email = "a@example.com" }.WithHealth([risk]);

        // Pain 3 alone raises nothing; with the risk factor and no pain in the 28 days before, it is "soon".
        Assert.Empty(new TrainingLog(Monday).Checkin(Monday, 3).Analyse().Alerts);
        var alert = Assert.Single(new TrainingLog(Monday, profile).Checkin(Monday, 3).Analyse().Alerts);
        Assert.Equal(AlertTier.Soon, alert.Tier);
        Assert.Contains("new back pain", alert.Evidence);
        // Pain already there within the 28 days before is not new.
        var ongoing = new TrainingLog(Monday, profile).Checkin(Monday.AddDays(-10), 4).Checkin(Monday, 3);
        Assert.DoesNotContain(ongoing.Analyse().Alerts, a => a.Date == Monday);
        // Low pain is not "back pain" for this row.
        Assert.Empty(new TrainingLog(Monday, profile).Checkin(Monday, 2).Analyse().Alerts);
    }

    [Fact]
    public void A_minor_fall_at_49_stays_soon_and_a_profile_without_health_context_counts_as_none()
    {
        var young = new AthleteProfile
        {
            AthleteId = "ana",
            Email = "a@example.com",
            BirthYear = Monday.Year - 49,
        };

        Assert.Equal(
            AlertTier.Soon,
            Assert
                .Single(
                    new TrainingLog(Monday, young).Checkin(Monday, 3, c => With(c, "trauma-minor")).Analyse().Alerts
                )
                .Tier
        );
    }

    [Fact]
    public void A_boolean_trauma_from_an_older_producer_is_read_as_minor_and_lift_is_read()
    {
        PainCheckin Read(string trauma) =>
            Json.Deserialize<PainCheckin>(
                $$"""{"v":1,"athleteId":"ana","date":"2026-11-20","pain":3,"trauma":{{trauma}}}"""
            )!;

        Assert.Equal(
            [Trauma.Minor, Trauma.None, Trauma.Major, Trauma.Lift],
            new[] { "true", "false", "\"major\"", "\"lift\"" }.Select(t => Read(t).Trauma)
        );
    }

    [Fact]
    public void An_object_or_array_where_an_answer_belongs_is_flagged_and_the_signs_around_it_are_kept()
    {
        var checkin = Json.Deserialize<PainCheckin>(
            """
            {"v":2,"athleteId":"ana","date":"2026-11-20","numbness":{"side":"left"},"weakness":[1,2],
             "trauma":{"kind":"fall"},"bladderBowel":true}
            """
        )!;

        Assert.Equal(
            (CheckinAnswerConverter<Numbness>.Unrecognised, CheckinAnswerConverter<Weakness>.Unrecognised),
            (checkin.Numbness, checkin.Weakness)
        );
        Assert.Equal(CheckinAnswerConverter<Trauma>.Unrecognised, checkin.Trauma);
        Assert.True(checkin.BladderBowel);
    }

    [Fact]
    public void A_v1_message_still_reads_saddle_as_its_own_sign_and_assessed_as_every_sign_known()
    {
        var v1 = Json.Deserialize<PainCheckin>(
            """{"v":1,"athleteId":"ana","date":"2026-11-20","pain":3,"numbness":"saddle","assessed":true}"""
        )!;

        Assert.Equal((true, Numbness.None), (v1.SaddleNumbness, v1.Numbness));
        Assert.True(v1.MarksKnown("saddleNumbness") && v1.MarksKnown("legPain"));
        Assert.Empty(CheckinValidation.Problems(v1, new DateOnly(2026, 11, 20)));
        // Written back as v2: the saddle answer is its own field.
        Assert.Contains("\"saddleNumbness\":true", Json.Serialize(v1));
        Assert.Contains("\"numbness\":\"none\"", Json.Serialize(v1));
    }

    [Fact]
    public void Saddle_numbness_with_one_leg_numbness_is_an_emergency_that_names_both()
    {
        var log = new TrainingLog(Monday).Checkin(
            Monday,
            4,
            c => c with { SaddleNumbness = true, Numbness = Numbness.OneLeg }
        );

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal(AlertTier.Emergency, alert.Tier);
        Assert.Contains("between the legs", alert.Evidence);
        Assert.Contains("numbness or tingling in one leg", alert.Evidence);
        Assert.Equal(["saddleNumbness", "numbness:one-leg"], alert.Signs);
    }

    [Fact]
    public void No_sign_and_low_pain_raise_nothing()
    {
        Assert.Empty(new TrainingLog(Monday).Checkin(Monday, 2).Analyse().Alerts);
    }

    [Fact]
    public void Soon_pain_of_seven_fires_and_six_does_not()
    {
        Assert.Equal(
            SeeADoctorRule.Soon,
            Assert.Single(new TrainingLog(Monday).Checkin(Monday, 7).Analyse().Alerts).Rule
        );
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
    public void Persistent_pain_daily_for_sixteen_days_fires_and_fourteen_days_is_within_the_recovery_window()
    {
        var sixteen = new TrainingLog(Monday).DailyCheckins(Monday, Monday.AddDays(15), 4).Analyse().Alerts;
        Assert.Equal([Monday.AddDays(14), Monday.AddDays(15)], sixteen.Select(a => a.Date));
        Assert.Empty(new TrainingLog(Monday).DailyCheckins(Monday, Monday.AddDays(13), 3).Analyse().Alerts);
    }

    [Fact]
    public void Persistent_pain_three_check_ins_spread_over_fifteen_days_fire()
    {
        var log = new TrainingLog(Monday)
            .Checkin(Monday, 3)
            .Checkin(Monday.AddDays(8), 4)
            .Checkin(Monday.AddDays(15), 3);

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal(Monday.AddDays(15), alert.Date);
        Assert.Contains("on 3 of your 3 check-ins since", alert.Evidence);
    }

    [Fact]
    public void Persistent_pain_is_never_one_check_in_nor_a_painful_day_after_a_pain_free_one()
    {
        // The case: one pain-free check-in 20 days ago, one 3/10 today.
        Assert.Empty(new TrainingLog(Monday).Checkin(Monday, 0).Checkin(Monday.AddDays(20), 3).Analyse().Alerts);
        Assert.Empty(new TrainingLog(Monday).Checkin(Monday, 3).Analyse().Alerts);
        // Two painful check-ins 15 days apart: fewer than three.
        Assert.Empty(new TrainingLog(Monday).Checkin(Monday, 3).Checkin(Monday.AddDays(15), 3).Analyse().Alerts);
        // Three painful among many pain-free ones: not more than half.
        var mostlyFine = new TrainingLog(Monday).DailyCheckins(Monday, Monday.AddDays(15), 0);
        mostlyFine.Checkin(Monday, 3).Checkin(Monday.AddDays(7), 3).Checkin(Monday.AddDays(15), 3);
        Assert.Empty(mostlyFine.Analyse().Alerts);
    }

    [Fact]
    public void Soon_three_flare_ups_in_sixty_days_fire_and_two_do_not()
    {
        static TrainingLog Flares(int count)
        {
            var log = new TrainingLog(Monday);
            for (var i = 0; i < count; i++)
                log.Checkin(Monday.AddDays(i * 10), 0)
                    .Checkin(Monday.AddDays(i * 10 + 1), 5)
                    .Checkin(Monday.AddDays(i * 10 + 2), 1);
            return log;
        }

        var alert = Assert.Single(Flares(3).Analyse().Alerts);
        Assert.Contains("3 flare-ups", alert.Evidence);
        Assert.Empty(Flares(2).Analyse().Alerts);
    }

    [Fact]
    public void A_check_in_with_signs_of_several_tiers_raises_only_the_most_urgent()
    {
        var log = new TrainingLog(Monday).Checkin(Monday, 8, c => c with { NightPain = true, SaddleNumbness = true });

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal(AlertTier.Emergency, alert.Tier);
        Assert.Contains("saddle", alert.Evidence);
        Assert.Contains("wakes you", alert.Evidence);
    }

    [Fact]
    public void A_sign_marked_known_the_first_time_it_is_reported_is_not_known()
    {
        var first = new TrainingLog(Monday).Checkin(
            Monday,
            3,
            c => c with { Numbness = Numbness.BothLegs, Known = ["numbness"] }
        );

        var alert = Assert.Single(first.Analyse().Alerts);
        Assert.Equal(AlertTier.Emergency, alert.Tier);
        Assert.Empty(alert.KnownSigns);
    }

    [Fact]
    public void A_known_sign_reported_before_is_listed_quietly_and_a_new_sign_leads()
    {
        var log = new TrainingLog(Monday)
            .Checkin(Monday, 3, c => c with { Numbness = Numbness.BothLegs })
            .Checkin(Monday.AddDays(3), 3, c => c with { Numbness = Numbness.BothLegs, Known = ["numbness"] })
            .Checkin(
                Monday.AddDays(5),
                3,
                c => c with { Numbness = Numbness.BothLegs, Unwell = true, Known = ["numbness"] }
            );

        var alerts = log.Analyse().Alerts;
        var knownOnly = Assert.Single(alerts, a => a.Date == Monday.AddDays(3));
        Assert.Equal(AlertTier.Emergency, knownOnly.Tier);
        Assert.Equal(["numbness:both-legs"], knownOnly.KnownSigns);
        Assert.Contains("Seen by a clinician and unchanged", knownOnly.Evidence);
        // A new soon sign beside the known emergency one: the new one leads, the known one stays in the evidence.
        var withNew = Assert.Single(alerts, a => a.Date == Monday.AddDays(5));
        Assert.Equal(AlertTier.Soon, withNew.Tier);
        Assert.StartsWith(
            $"Your check-in of {Monday.AddDays(5):yyyy-MM-dd} reported: feeling generally",
            withNew.Evidence
        );
        Assert.Contains("numbness or tingling in both legs", withNew.Evidence);
        // A changed answer is not the known sign: one leg before, both legs now.
        var changed = new TrainingLog(Monday)
            .Checkin(Monday, 3, c => c with { Numbness = Numbness.OneLeg })
            .Checkin(Monday.AddDays(3), 3, c => c with { Numbness = Numbness.BothLegs, Known = ["numbness"] });
        Assert.Empty(Assert.Single(changed.Analyse().Alerts, a => a.Date == Monday.AddDays(3)).KnownSigns);
    }

    [Fact]
    public void Two_check_ins_of_one_day_keep_the_earlier_red_flag()
    {
        var log = new TrainingLog(Monday).Checkin(Monday, 2, c => c with { BladderBowel = true }).Checkin(Monday, 1);

        var alert = Assert.Single(log.Analyse().Alerts);
        Assert.Equal(AlertTier.Emergency, alert.Tier);
    }

    [Theory]
    [InlineData("SoonPain", 5, true)]
    [InlineData("SoonPain", 8, false)]
    [InlineData("FlareUps", 2, true)]
    [InlineData("FlareUps", 4, false)]
    [InlineData("FlareUpWindowDays", 90, true)]
    [InlineData("FlareUpWindowDays", 30, false)]
    [InlineData("RecoveryWindowDays", 21, false)]
    [InlineData("AcwrSpike", 2.0, true)]
    public void A_doctor_threshold_may_be_made_more_sensitive_never_less(string name, double value, bool allowed)
    {
        var error = AlertOptions.CheckOverride(name, value, new AlertOptions());

        Assert.Equal(allowed, error is null);
        if (!allowed)
            Assert.Contains("less sensitive", error);
    }

    [Fact]
    public void An_athletes_own_threshold_overrides_the_deployments()
    {
        var log = new TrainingLog(
            Monday,
            new AthleteProfile
            {
                AthleteId = "ana",
                Email = "a@example.com",
                Thresholds = new Dictionary<string, double> { ["SoonPain"] = 5 },
            }
        ).Checkin(Monday, 5);

        Assert.Equal(SeeADoctorRule.Soon, Assert.Single(log.Analyse().Alerts).Rule);
    }
}
