using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Rules;

/// <summary>The delivery policy of DESIGN §6 (pure: no storage), and the alert-rate quality targets.</summary>
public class AlertDeliveryTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly AlertOptions Options = new();

    private static Alert Doctor(AlertTier tier, int daysAgo, string signs = "pain shooting down the left leg") =>
        new(
            tier switch
            {
                AlertTier.Emergency => SeeADoctorRule.Emergency,
                AlertTier.Urgent => SeeADoctorRule.Urgent,
                _ => SeeADoctorRule.Soon,
            },
            Today.AddDays(-daysAgo),
            tier,
            $"Your check-in of {Today.AddDays(-daysAgo):yyyy-MM-dd} reported: {signs}.",
            "advice"
        );

    private static Alert Overload(string rule, int daysAgo) =>
        new(rule, Today.AddDays(-daysAgo), AlertTier.Overload, "e", "a");

    [Fact]
    public void A_higher_doctor_tier_is_never_held_back_by_the_cooldown_of_a_lower_one()
    {
        Assert.Null(
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Urgent, 0),
                Today,
                [Doctor(AlertTier.Soon, 2)],
                null,
                Options
            )
        );
        Assert.Null(
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Emergency, 0),
                Today,
                [Doctor(AlertTier.Urgent, 1)],
                null,
                Options
            )
        );
    }

    [Fact]
    public void The_same_or_a_lower_doctor_tier_waits_out_the_cooldown()
    {
        Assert.StartsWith(
            "cooldown",
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Urgent, 0),
                Today,
                [Doctor(AlertTier.Urgent, 3)],
                null,
                Options
            )
        );
        Assert.StartsWith(
            "cooldown",
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Soon, 0),
                Today,
                [Doctor(AlertTier.Urgent, 3)],
                null,
                Options
            )
        );
        Assert.Null(
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Urgent, 0),
                Today,
                [Doctor(AlertTier.Urgent, 7)],
                null,
                Options
            )
        );
    }

    [Fact]
    public void An_emergency_always_goes()
    {
        var checkin = new PainCheckin { Date = Today, Assessed = true };
        Assert.Null(
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Emergency, 0),
                Today,
                [Doctor(AlertTier.Emergency, 1)],
                checkin,
                Options
            )
        );
    }

    [Fact]
    public void Assessed_quiets_an_unchanged_soon_or_urgent_finding_for_28_days_but_not_a_changed_one()
    {
        var assessed = new PainCheckin { Date = Today, Assessed = true };

        Assert.StartsWith(
            "assessed",
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Soon, 0),
                Today,
                [Doctor(AlertTier.Soon, 20)],
                assessed,
                Options
            )
        );
        Assert.Null(
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Soon, 0),
                Today,
                [Doctor(AlertTier.Soon, 28)],
                assessed,
                Options
            )
        );
        Assert.Null(
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Soon, 0, "pain 8/10"),
                Today,
                [Doctor(AlertTier.Soon, 20)],
                assessed,
                Options
            )
        );
        // Without assessed, the same finding 20 days later goes again.
        Assert.Null(
            AlertDelivery.SuppressedBecause(
                Doctor(AlertTier.Soon, 0),
                Today,
                [Doctor(AlertTier.Soon, 20)],
                assessed with
                {
                    Assessed = false,
                },
                Options
            )
        );
    }

    [Fact]
    public void A_known_alert_keeps_its_decision_and_a_new_one_is_weighed_against_those_decided_in_the_same_run()
    {
        // The same rule on two days of one run: the first goes, the second waits out the cooldown of the first.
        var raised = new[] { Overload("spinal-jump", 0), Overload("spinal-jump", 3), Overload("acwr-spike", 5) };
        var known = new[] { (Overload("acwr-spike", 5), true) };

        var decisions = AlertDelivery.Decide(raised, Today, known, [], Options);

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
        Assert.Equal(2, shared.Count(e => e.AlertKey == pending[0].Key));
        Assert.Equal(["spinal-jump", "acwr-spike"], shared.Last().Alerts.Select(k => k.Split('|')[1]));
        Assert.DoesNotContain(notShared, e => e.Recipient == Recipient.Coach && e.AlertKey == pending[0].Key);
        Assert.Contains(notShared, e => e.Recipient == Recipient.Coach && e.Alerts.Count == 2);
        Assert.All(noCoach, e => Assert.Equal(Recipient.Athlete, e.Recipient));
    }

    [Fact]
    public void An_overload_rule_goes_once_a_week_and_a_backfilled_alert_never()
    {
        Assert.StartsWith(
            "cooldown",
            AlertDelivery.SuppressedBecause(
                Overload("spinal-jump", 0),
                Today,
                [Overload("spinal-jump", 6)],
                null,
                Options
            )
        );
        Assert.Null(
            AlertDelivery.SuppressedBecause(
                Overload("spinal-jump", 0),
                Today,
                [Overload("acwr-spike", 1)],
                null,
                Options
            )
        );
        Assert.StartsWith(
            "backfill",
            AlertDelivery.SuppressedBecause(Doctor(AlertTier.Emergency, 7), Today, [], null, Options)
        );
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
