using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Tests.Email;

public class AlertEmailTests
{
    private static readonly AthleteProfile Athlete = new()
    {
        AthleteId = "ana", Email = "ana@example.com", DisplayName = "<b>Ana</b>", CoachEmail = "coach@example.com", ShareWithCoach = true,
    };

    [Fact]
    public void User_text_is_html_escaped()
    {
        var alert = new Alert("acwr-spike", new DateOnly(2026, 11, 20), AlertTier.Overload, "Exercise <script>alert(1)</script> went up", "Trim volume");
        var email = AlertEmails.Render(Athlete, alert, EmailRequest.ToCoach);

        Assert.DoesNotContain("<script>", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html);
        Assert.Contains("&lt;b&gt;Ana&lt;/b&gt;", email.Html);
        Assert.Contains("<script>alert(1)</script>", email.Text); // plain text needs no escaping
    }

    [Fact]
    public void Every_email_says_backsignal_does_not_diagnose_and_carries_only_opaque_ids()
    {
        var alert = new Alert("acwr-spike", new DateOnly(2026, 11, 20), AlertTier.Overload, "ratio 1.62", "Trim volume");
        var email = AlertEmails.Render(Athlete, alert, EmailRequest.ToAthlete);

        Assert.Contains("does not diagnose", email.Html);
        Assert.Contains("does not diagnose", email.Text);
        Assert.Equal("ana@example.com", email.To);
        Assert.Equal("alert-overload", email.Category);
        Assert.DoesNotContain(email.CustomArgs.Values, v => v.Contains('@') || v.Contains("Ana", StringComparison.Ordinal));
    }

    [Fact]
    public void A_coach_sees_a_doctor_alert_without_the_symptoms()
    {
        var alert = new Alert("red-flag", new DateOnly(2026, 11, 20), AlertTier.Emergency, "Numbness around the saddle area", "Seek emergency care now");
        var email = AlertEmails.Render(Athlete, alert, EmailRequest.ToCoach);

        Assert.Equal("coach@example.com", email.To);
        Assert.DoesNotContain("saddle", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("saddle", email.Text, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>What every see-a-doctor email must say, whatever the tier and the recipient.</summary>
public class DoctorEmailWordingTests
{
    [Theory]
    [InlineData(Core.Rules.AlertTier.Emergency, "athlete")]
    [InlineData(Core.Rules.AlertTier.Urgent, "athlete")]
    [InlineData(Core.Rules.AlertTier.Soon, "athlete")]
    [InlineData(Core.Rules.AlertTier.Emergency, "coach")]
    public void A_doctor_email_says_it_is_no_medical_service_that_nobody_watches_and_to_call_the_emergency_number(
        Core.Rules.AlertTier tier, string recipient)
    {
        var athlete = new Core.Model.AthleteProfile { AthleteId = "ana", Email = "ana@example.com", CoachEmail = "kim@example.com", ShareWithCoach = true };
        var rule = tier switch
        {
            Core.Rules.AlertTier.Emergency => Core.Rules.SeeADoctorRule.Emergency,
            Core.Rules.AlertTier.Urgent => Core.Rules.SeeADoctorRule.Urgent,
            _ => Core.Rules.SeeADoctorRule.Soon,
        };
        var alert = new Core.Rules.Alert(rule, new DateOnly(2026, 11, 20), tier, "Your check-in reported: fever.", "advice");

        var email = Core.Email.AlertEmails.Render(athlete, alert, recipient);

        foreach (var body in new[] { email.Html, email.Text })
        {
            Assert.Contains("not a medical service", body);
            Assert.Contains("does not diagnose", body);
            Assert.Contains("Nobody watches these messages", body);
            Assert.Contains("call your local emergency number", body);
        }
        Assert.DoesNotContain(rule, email.Subject); // rule ids stay in JSON and logs; people read plain titles
        Assert.Contains(alert.Title.ToLowerInvariant(), email.Subject);
    }
}
