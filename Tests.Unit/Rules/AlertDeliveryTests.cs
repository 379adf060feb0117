using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Rules;

/// <summary>The delivery policy of docs/checkin.md (pure: no storage), and the alert-rate quality targets.</summary>
public class AlertDeliveryTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly AlertOptions Options = new();

    private static Alert Doctor(AlertTier tier, int daysAgo, string signs = "legPain:left", string known = "") =>
        new(
            SeeADoctorRule.RuleOf(tier),
            Today.AddDays(-daysAgo),
            tier,
            $"Your check-in of {Today.AddDays(-daysAgo):yyyy-MM-dd} reported: {signs}.",
            "advice"
        )
        {
            Signs = signs.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            KnownSigns = known.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        };

    private static Alert Overload(string rule, int daysAgo) =>
        new(rule, Today.AddDays(-daysAgo), AlertTier.Overload, "e", "a");

    private static string? Suppressed(Alert alert, params Alert[] emailed) =>
        AlertDelivery.SuppressedBecause(alert, Today, emailed, Options);

    [Fact]
    public void A_higher_doctor_tier_is_never_held_back_by_the_cooldown_of_a_lower_one()
    {
        Assert.Null(Suppressed(Doctor(AlertTier.Urgent, 0), Doctor(AlertTier.Soon, 2)));
        Assert.Null(Suppressed(Doctor(AlertTier.Emergency, 0), Doctor(AlertTier.Urgent, 1)));
    }

    [Fact]
    public void The_same_signs_at_the_same_or_a_lower_tier_wait_out_the_cooldown()
    {
        Assert.StartsWith("cooldown", Suppressed(Doctor(AlertTier.Urgent, 0), Doctor(AlertTier.Urgent, 3)));
        Assert.StartsWith("cooldown", Suppressed(Doctor(AlertTier.Soon, 0), Doctor(AlertTier.Urgent, 3)));
        Assert.Null(Suppressed(Doctor(AlertTier.Urgent, 0), Doctor(AlertTier.Urgent, 7)));
    }

    [Fact]
    public void A_new_sign_of_the_same_tier_goes_within_the_cooldown()
    {
        Assert.Null(Suppressed(Doctor(AlertTier.Urgent, 0, "fever"), Doctor(AlertTier.Urgent, 2, "nightPain")));
        Assert.StartsWith(
            "cooldown",
            Suppressed(Doctor(AlertTier.Urgent, 0, "fever"), Doctor(AlertTier.Urgent, 2, "nightPain fever"))
        );
    }

    [Fact]
    public void An_emergency_goes_every_time_unless_all_its_signs_are_known()
    {
        Assert.Null(
            Suppressed(
                Doctor(AlertTier.Emergency, 0, "saddleNumbness"),
                Doctor(AlertTier.Emergency, 1, "saddleNumbness")
            )
        );
        Assert.StartsWith(
            "known",
            Suppressed(
                Doctor(AlertTier.Emergency, 0, "numbness:both-legs", known: "numbness:both-legs"),
                Doctor(AlertTier.Emergency, 10, "numbness:both-legs")
            )
        );
    }

    [Fact]
    public void Known_signs_are_quiet_for_28_days_after_their_last_email_and_a_new_or_changed_sign_always_goes()
    {
        var known = Doctor(AlertTier.Soon, 0, "legPain:left", known: "legPain:left");

        Assert.StartsWith("known", Suppressed(known, Doctor(AlertTier.Soon, 20)));
        Assert.Null(Suppressed(known, Doctor(AlertTier.Soon, 28)));
        // Known, but never emailed: it goes.
        Assert.Null(Suppressed(known));
        // A changed answer is another sign: left leg known, now both legs (an emergency).
        Assert.Null(
            Suppressed(
                Doctor(AlertTier.Emergency, 0, "legPain:both", known: ""),
                Doctor(AlertTier.Soon, 5, "legPain:left")
            )
        );
        // A known sign beside a new one: the alert goes.
        Assert.Null(
            Suppressed(
                Doctor(AlertTier.Soon, 0, "legPain:left unwell", known: "legPain:left"),
                Doctor(AlertTier.Soon, 20)
            )
        );
        // Emailed at a lower tier only: a higher tier of the same known signs goes.
        Assert.Null(
            Suppressed(Doctor(AlertTier.Urgent, 0, "legPain:left", known: "legPain:left"), Doctor(AlertTier.Soon, 10))
        );
    }

    [Fact]
    public void The_same_days_doctor_alert_raised_again_with_a_new_sign_is_a_revision_that_goes()
    {
        var morning = Doctor(AlertTier.Urgent, 0, "fever");
        var known = new[] { (morning, true) };

        var same = AlertDelivery.Decide([Doctor(AlertTier.Urgent, 0, "fever")], Today, known, Options);
        var news = AlertDelivery.Decide([Doctor(AlertTier.Urgent, 0, "fever backLump")], Today, known, Options);
        var knownNews = AlertDelivery.Decide(
            [Doctor(AlertTier.Urgent, 0, "fever backLump", known: "backLump")],
            Today,
            known,
            Options
        );

        Assert.Null(Assert.Single(same).Delivery);
        Assert.Equal((true, 1), (Assert.Single(news).Delivery!.Notify, news[0].Alert.Revision));
        Assert.Null(Assert.Single(knownNews).Delivery);
    }

    [Fact]
    public void A_known_alert_keeps_its_decision_and_a_new_one_is_weighed_against_those_decided_in_the_same_run()
    {
        // The same rule on two days of one run: the first goes, the second waits out the cooldown of the first.
        var raised = new[] { Overload("spinal-jump", 0), Overload("spinal-jump", 3), Overload("acwr-spike", 5) };
        var known = new[] { (Overload("acwr-spike", 5), true) };

        var decisions = AlertDelivery.Decide(raised, Today, known, Options);

        Assert.Equal(["acwr-spike", "spinal-jump", "spinal-jump"], decisions.Select(d => d.Alert.Rule));
        Assert.Null(decisions[0].Delivery);
        Assert.Equal(new DeliveryDecision(true, null), decisions[1].Delivery);
        Assert.False(decisions[2].Delivery!.Notify);
        Assert.StartsWith("cooldown", decisions[2].Delivery!.SuppressedBecause);
    }

    [Fact]
    public void A_doctor_alert_is_its_own_email_and_reaches_the_coach_only_with_consent()
    {
        var withConsent = Scenarios.Athlete("notify-ana", share: true);
        var pending = new[] { Doctor(AlertTier.Urgent, 0), Overload("spinal-jump", 0), Overload("acwr-spike", 0) };

        var shared = Core.Pipeline.AlertNotifier.EmailsFor(withConsent, pending);
        var notShared = Core.Pipeline.AlertNotifier.EmailsFor(withConsent with { ShareWithCoach = false }, pending);
        var noCoach = Core.Pipeline.AlertNotifier.EmailsFor(withConsent with { CoachEmail = null }, pending);

        // Doctor alert to athlete and coach; the two overload alerts grouped, once per recipient.
        Assert.Equal(4, shared.Count);
        Assert.Equal(2, shared.Count(e => e.Alerts.SequenceEqual([pending[0].Key])));
        Assert.Equal(["spinal-jump", "acwr-spike"], shared.Last().Alerts.Select(k => k.Split('|')[1]));
        Assert.DoesNotContain(notShared, e => e.Recipient == Recipient.Coach && e.Alerts.Contains(pending[0].Key));
        Assert.Contains(notShared, e => e.Recipient == Recipient.Coach && e.Alerts.Count == 2);
        Assert.All(noCoach, e => Assert.Equal(Recipient.Athlete, e.Recipient));
    }

    [Fact]
    public void An_overload_rule_goes_once_a_week_and_a_backfilled_alert_never()
    {
        Assert.StartsWith("cooldown", Suppressed(Overload("spinal-jump", 0), Overload("spinal-jump", 6)));
        Assert.Null(Suppressed(Overload("spinal-jump", 0), Overload("acwr-spike", 1)));
        Assert.StartsWith("backfill", Suppressed(Doctor(AlertTier.Emergency, 7)));
    }

    [Fact]
    public void Every_must_fire_scenario_fires_its_rule_and_every_quiet_one_fires_none()
    {
        var scenarios = AlertRates.Scenarios();

        Assert.Equal(13, scenarios.Count);
        Assert.All(
            scenarios,
            x =>
                Assert.True(
                    x.Right,
                    $"{x.Scenario}: must fire {x.MustFire ?? "nothing"}, fired [{string.Join(", ", x.Fired)}]"
                )
        );
        Assert.Equal(6, scenarios.Count(x => x.MustFire is not null));
    }
}

/// <summary>The real-data layer: the overload alert rate on every real history in ../shared/samples.</summary>
public class RealHistoryAlertRateTests
{
    [RealDataFact]
    public void Every_real_history_has_an_overload_alert_in_at_most_ten_percent_of_its_weeks()
    {
        var histories = AlertRates.RealHistories(Samples.Path());

        Assert.True(histories.Count >= 6, $"only {histories.Count} real histories of four weeks or more were found");
        Assert.All(
            histories,
            h =>
                Assert.True(
                    h.Share <= AlertRates.TargetShare,
                    $"{h.File}: {h.WeeksWithOverloadAlert} of {h.WeeksAnalysed} weeks ({h.Share:P1}) carry an "
                        + $"overload alert"
                )
        );
    }
}
