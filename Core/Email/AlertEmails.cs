using System.Text;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Email;

/// <summary>Renders an alert for the athlete or their coach: what happened, why it matters, what to do.</summary>
public static class AlertEmails
{
    private const string WhyOverload =
        "Many lower-back flare-ups after training follow load that rose faster than the back adapted. These numbers are "
        + "warning signs, not predictions: catching the rise early lets you adjust before it hurts.";
    private const string WhyDoctor = "Some back symptoms need a doctor's eyes rather than a change of programme.";

    public static OutgoingEmail Render(AthleteProfile athlete, Alert alert, string recipient)
    {
        var toCoach = recipient == EmailRequest.ToCoach;
        var who = athlete.DisplayName is { Length: > 0 } name ? name : athlete.AthleteId;
        var title = alert.Title;
        var color = alert.Tier switch
        {
            AlertTier.Emergency => "#b91c1c",
            AlertTier.Urgent => "#c2410c",
            AlertTier.Soon => "#a16207",
            _ => "#1d4ed8",
        };
        var subject = toCoach ? $"BackSignal: {title.ToLowerInvariant()} for {who}" : $"BackSignal: {title.ToLowerInvariant()}";

        var lead = toCoach
            ? $"An alert for your athlete {who} ({alert.Date:yyyy-MM-dd})."
            : $"An alert from your training and check-ins of {alert.Date:yyyy-MM-dd}.";
        var why = alert.IsDoctorAlert ? WhyDoctor : WhyOverload;

        // A coach sees symptom detail only if the athlete consented, and never the check-in itself.
        var evidence = toCoach && alert.IsDoctorAlert
            ? "Your athlete has shared a see-a-doctor alert with you. The symptoms stay private to them."
            : alert.Evidence;
        var advice = toCoach && alert.IsDoctorAlert
            ? alert.Tier switch
            {
                AlertTier.Emergency => "Your athlete has been told to seek emergency care now. Make sure they are not training and are getting help.",
                AlertTier.Urgent => "Your athlete has been told to see a doctor within a day. Take loaded training off their plan until they have been seen.",
                _ => "Your athlete has been advised to book a doctor or physiotherapist. Ease spine-loading work until they have been seen.",
            }
            : alert.Advice;

        var html = new StringBuilder();
        if (alert.Tier == AlertTier.Emergency)
            html.Append(EmailLayout.Paragraph("Seek emergency care now.", "margin:0 0 12px;font-size:20px;font-weight:bold;color:#b91c1c;"));
        html.Append(EmailLayout.Paragraph(lead, "margin:0 0 12px;font-weight:bold;"))
            .Append("<h2 style=\"font-size:16px;margin:16px 0 6px;\">What happened</h2>").Append(EmailLayout.Paragraph(evidence))
            .Append("<h2 style=\"font-size:16px;margin:16px 0 6px;\">Why it matters for the back</h2>").Append(EmailLayout.Paragraph(why))
            .Append("<h2 style=\"font-size:16px;margin:16px 0 6px;\">").Append(alert.IsDoctorAlert ? "What to do now" : "What to do this week").Append("</h2>").Append(EmailLayout.Paragraph(advice));
        var text = new StringBuilder()
            .AppendLine(alert.Tier == AlertTier.Emergency ? "Seek emergency care now." : title.ToUpperInvariant()).AppendLine()
            .AppendLine(lead).AppendLine()
            .AppendLine("What happened: " + evidence).AppendLine()
            .AppendLine("Why it matters for the back: " + why).AppendLine()
            .AppendLine((alert.IsDoctorAlert ? "What to do now: " : "What to do this week: ") + advice).AppendLine()
            .AppendLine("--").AppendLine(EmailLayout.NotADiagnosis)
            .ToString();

        var email = toCoach ? athlete.CoachEmail! : athlete.Email;
        // One category per kind of alert; custom args carry opaque references only (no name, no symptom).
        var category = alert.Tier switch
        {
            AlertTier.Emergency => "alert-doctor-emergency",
            AlertTier.Urgent => "alert-doctor-urgent",
            AlertTier.Soon => "alert-doctor-soon",
            _ => "alert-overload",
        };
        var args = new Dictionary<string, string> { ["athleteRef"] = Pipeline.LogIds.Athlete(athlete.AthleteId), ["alertKey"] = alert.Key, ["recipient"] = recipient };
        return new OutgoingEmail(email, subject, EmailLayout.Html(title, color, html.ToString()), text, category, args);
    }

    /// <summary>Several overload alerts of one day's recompute in one email: the most pressing first, each with its numbers and advice.</summary>
    public static OutgoingEmail RenderMany(AthleteProfile athlete, IReadOnlyList<Alert> alerts, string recipient)
    {
        var toCoach = recipient == EmailRequest.ToCoach;
        var who = athlete.DisplayName is { Length: > 0 } name ? name : athlete.AthleteId;
        var title = $"{alerts.Count} training load warnings";
        var subject = toCoach ? $"BackSignal: {alerts.Count} training load warnings for {who}" : $"BackSignal: {alerts.Count} training load warnings";
        var lead = toCoach
            ? $"Several signs that {who}'s load is rising faster than their back adapts."
            : "Several signs at once that your training load is rising faster than your back adapts.";
        const string why = WhyOverload;
        var ordered = alerts.OrderByDescending(a => a.Date).ThenBy(a => a.Rule, StringComparer.Ordinal).ToList();

        var html = new StringBuilder().Append(EmailLayout.Paragraph(lead, "margin:0 0 12px;font-weight:bold;"));
        var text = new StringBuilder().AppendLine(title.ToUpperInvariant()).AppendLine().AppendLine(lead).AppendLine();
        foreach (var alert in ordered)
        {
            html.Append("<h2 style=\"font-size:16px;margin:16px 0 6px;\">").Append(EmailLayout.Escape($"{alert.Title} ({alert.Date:yyyy-MM-dd})")).Append("</h2>")
                .Append(EmailLayout.Paragraph(alert.Evidence)).Append(EmailLayout.Paragraph("What to do: " + alert.Advice, "margin:0 0 12px;color:#1f2937;"));
            text.AppendLine($"{alert.Title} ({alert.Date:yyyy-MM-dd}): {alert.Evidence}").AppendLine("What to do: " + alert.Advice).AppendLine();
        }
        html.Append("<h2 style=\"font-size:16px;margin:16px 0 6px;\">Why it matters for the back</h2>").Append(EmailLayout.Paragraph(why));
        text.AppendLine("Why it matters for the back: " + why).AppendLine().AppendLine("--").AppendLine(EmailLayout.NotADiagnosis);

        var args = new Dictionary<string, string>
        {
            ["athleteRef"] = Pipeline.LogIds.Athlete(athlete.AthleteId), ["alertKey"] = string.Join(",", ordered.Select(a => a.Key)), ["recipient"] = recipient,
        };
        return new OutgoingEmail(toCoach ? athlete.CoachEmail! : athlete.Email, subject, EmailLayout.Html(title, "#1d4ed8", html.ToString()), text.ToString(), "alert-overload", args);
    }
}
