using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Tests.Email;

public class AlertEmailTests
{
    private static readonly AthleteProfile Athlete = new()
    {
        AthleteId = "ana",
        Email = "ana@example.com",
        DisplayName = "<b>Ana</b>",
        CoachEmail = "coach@example.com",
        ShareWithCoach = true,
    };

    [Fact]
    public void User_text_is_html_escaped()
    {
        var alert = new Alert(
            "acwr-spike",
            new DateOnly(2026, 11, 20),
            AlertTier.Overload,
            "Exercise <script>alert(1)</script> went up",
            "Trim volume"
        );
        var email = AlertEmails.Render(Athlete, alert, Recipient.Coach);

        Assert.DoesNotContain("<script>", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html);
        Assert.Contains("&lt;b&gt;Ana&lt;/b&gt;", email.Html);
        Assert.Contains("<script>alert(1)</script>", email.Text); // plain text needs no escaping
    }

    [Fact]
    public void Every_email_says_backsignal_does_not_diagnose_and_carries_only_opaque_ids()
    {
        var alert = new Alert(
            "acwr-spike",
            new DateOnly(2026, 11, 20),
            AlertTier.Overload,
            "ratio 1.62",
            "Trim volume"
        );
        var email = AlertEmails.Render(Athlete, alert, Recipient.Athlete);

        Assert.Contains("does not diagnose", email.Html);
        Assert.Contains("does not diagnose", email.Text);
        Assert.Equal("ana@example.com", email.To);
        Assert.Equal("alert-overload", email.Category);
        Assert.DoesNotContain(
            email.CustomArgs.Values,
            v => v.Contains('@') || v.Contains("Ana", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void A_coach_sees_a_doctor_alert_without_the_symptoms()
    {
        var alert = new Alert(
            "red-flag",
            new DateOnly(2026, 11, 20),
            AlertTier.Emergency,
            "Numbness around the saddle area",
            "Seek emergency care now"
        );
        var email = AlertEmails.Render(Athlete, alert, Recipient.Coach);

        Assert.Equal("coach@example.com", email.To);
        Assert.DoesNotContain("saddle", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("saddle", email.Text, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>What every see-a-doctor email must say, whatever the tier and the recipient.</summary>
public class DoctorEmailWordingTests
{
    [Theory]
    [InlineData(Core.Rules.AlertTier.Emergency, Core.Model.Recipient.Athlete)]
    [InlineData(Core.Rules.AlertTier.Urgent, Core.Model.Recipient.Athlete)]
    [InlineData(Core.Rules.AlertTier.Soon, Core.Model.Recipient.Athlete)]
    [InlineData(Core.Rules.AlertTier.Emergency, Core.Model.Recipient.Coach)]
    public void A_doctor_email_says_it_is_no_medical_service_that_nobody_watches_and_to_call_the_emergency_number(
        Core.Rules.AlertTier tier,
        Core.Model.Recipient recipient
    )
    {
        var athlete = new Core.Model.AthleteProfile
        {
            AthleteId = "ana",
            Email = "ana@example.com",
            CoachEmail = "kim@example.com",
            ShareWithCoach = true,
        };
        var rule = tier switch
        {
            Core.Rules.AlertTier.Emergency => Core.Rules.SeeADoctorRule.Emergency,
            Core.Rules.AlertTier.Urgent => Core.Rules.SeeADoctorRule.Urgent,
            _ => Core.Rules.SeeADoctorRule.Soon,
        };
        var alert = new Core.Rules.Alert(
            rule,
            new DateOnly(2026, 11, 20),
            tier,
            "Your check-in reported: fever.",
            "advice"
        );

        var email = Core.Email.AlertEmails.Render(athlete, alert, recipient);

        foreach (var body in new[] { email.Html, email.Text })
        {
            Assert.Contains("not a medical service", body);
            Assert.Contains("does not diagnose", body);
            Assert.Contains("nobody reads replies", body);
            // Two different calls: the emergency number for the emergency signs, a GP for pain that gets worse.
            Assert.Contains("Call the emergency number (112 in Europe, 999 in the UK, 911 in North America) at", body);
            Assert.Contains("numbness between the legs", body);
            Assert.Contains("For back pain that keeps getting worse", body);
            Assert.Contains("contact a GP or an urgent-care line", body);
            Assert.DoesNotContain(rule, body); // rule ids stay in JSON and logs; people read plain titles
        }
        Assert.DoesNotContain(rule, email.Subject);
        if (recipient == Core.Model.Recipient.Athlete)
        {
            // What to do leads: the subject and the first line.
            var action = Core.Rules.SeeADoctorRule.ActionOf(tier, Core.Localization.SafetyLines.English).TrimEnd('.');
            Assert.Equal("BackSignal: " + char.ToLowerInvariant(action[0]) + action[1..], email.Subject);
            Assert.StartsWith(
                Core.Rules.SeeADoctorRule.ActionOf(tier, Core.Localization.SafetyLines.English),
                email.Text
            );
        }
        else
        {
            // The coach reads about the athlete, never the athlete's instruction as their own.
            Assert.Equal("BackSignal: ana reported signs that need emergency care", email.Subject);
            Assert.StartsWith(
                "ana reported signs on 2026-11-20 that need emergency care; BackSignal told ana:",
                email.Text
            );
            Assert.DoesNotContain("fever", email.Text);
        }
    }
}

/// <summary>Every alert kind as the coach reads it: about the athlete by name, no pain scores or symptoms.</summary>
public class CoachEmailTests
{
    private static readonly Core.Model.AthleteProfile Ana = new()
    {
        AthleteId = "ana",
        Email = "ana@example.com",
        DisplayName = "Ana",
        CoachEmail = "kim@example.com",
        ShareWithCoach = true,
        SharePainTrend = true,
    };

    [Theory]
    [InlineData("acwr-spike", Core.Rules.AlertTier.Overload, false, false, true)]
    [InlineData("pain-after-heavy", Core.Rules.AlertTier.Overload, false, false, false)]
    [InlineData("pain-after-heavy", Core.Rules.AlertTier.Overload, true, false, false)]
    [InlineData("pain-after-heavy", Core.Rules.AlertTier.Overload, false, true, true)]
    [InlineData("see-doctor-urgent", Core.Rules.AlertTier.Urgent, false, false, false)]
    [InlineData("see-doctor-urgent", Core.Rules.AlertTier.Urgent, false, true, false)]
    [InlineData("see-doctor-urgent", Core.Rules.AlertTier.Urgent, true, false, true)]
    public void Each_consent_lets_through_only_its_own_alerts(
        string rule,
        Core.Rules.AlertTier tier,
        bool tiers,
        bool painTrend,
        bool seen
    )
    {
        var alert = new Core.Rules.Alert(rule, new DateOnly(2026, 11, 20), tier, "evidence", "advice");
        var athlete = Ana with { ShareWithCoach = tiers, SharePainTrend = painTrend };
        Assert.Equal(seen, Core.Email.AlertEmails.CoachMaySee(athlete, alert));
        Assert.False(Core.Email.AlertEmails.CoachMaySee(athlete with { CoachEmail = null }, alert));
    }

    [Theory]
    [InlineData("acwr-spike", Core.Rules.AlertTier.Overload)]
    [InlineData("spinal-jump", Core.Rules.AlertTier.Overload)]
    [InlineData("return-after-break", Core.Rules.AlertTier.Overload)]
    [InlineData("stacked-progression", Core.Rules.AlertTier.Overload)]
    [InlineData("back-to-back-hinge", Core.Rules.AlertTier.Overload)]
    [InlineData("pain-after-heavy", Core.Rules.AlertTier.Overload)]
    [InlineData("monotony-high", Core.Rules.AlertTier.Overload)]
    [InlineData("see-doctor-emergency", Core.Rules.AlertTier.Emergency)]
    [InlineData("see-doctor-urgent", Core.Rules.AlertTier.Urgent)]
    [InlineData("see-doctor-soon", Core.Rules.AlertTier.Soon)]
    public void A_coach_email_speaks_of_the_athlete_and_carries_no_pain_score_or_symptom(
        string rule,
        Core.Rules.AlertTier tier
    )
    {
        var alert = new Core.Rules.Alert(
            rule,
            new DateOnly(2026, 11, 20),
            tier,
            "In the week to 2026-11-20 your load was 2000 AU against your usual weeks. Pain 6/10; numbness in the "
                + "saddle area.",
            "Your own advice."
        );

        // Without consent the coach-safe view lets no pain-derived alert through at all.
        Assert.Equal(
            !alert.IsFromPain,
            Core.Email.AlertEmails.CoachMaySee(Ana with { ShareWithCoach = false, SharePainTrend = false }, alert)
        );
        Assert.True(Core.Email.AlertEmails.CoachMaySee(Ana, alert));
        var email = Core.Email.AlertEmails.Render(Ana, alert, Core.Model.Recipient.Coach);

        Assert.Equal("kim@example.com", email.To);
        foreach (var body in new[] { email.Html, email.Text })
        {
            Assert.Contains("Ana", body);
            Assert.DoesNotContain("your load", body);
            Assert.DoesNotContain("Your own advice", body);
            if (alert.IsFromPain)
            {
                Assert.DoesNotContain("6/10", body);
                Assert.DoesNotContain("saddle", body);
            }
        }
    }
}
