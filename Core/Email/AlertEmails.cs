using System.Text;
using BackSignal.Core.Localization;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Email;

/// <summary>Renders an alert for the athlete or their coach: what happened, why it matters, what to do.</summary>
public static class AlertEmails
{
    /// <summary>
    /// An alert email in the athlete's language with their country's numbers — to the coach too: it is about the
    /// athlete, and a coach has no profile to keep a language in yet (docs/languages.md#texts).
    /// </summary>
    public static OutgoingEmail Render(AthleteProfile athlete, Alert alert, Recipient recipient)
    {
        var safety = SafetyLines.For(athlete);
        var words = safety.Words;
        var toCoach = recipient == Recipient.Coach;
        var who = athlete.DisplayName is { Length: > 0 } name ? name : athlete.AthleteId;
        var color = alert.Tier switch
        {
            AlertTier.Emergency => "#b91c1c",
            AlertTier.Urgent => "#c2410c",
            AlertTier.Soon => "#a16207",
            _ => "#1d4ed8",
        };
        // A doctor email leads with what to do (subject and first line); a coach reads about the athlete instead.
        var action = alert.IsDoctorAlert ? SeeADoctorRule.ActionOf(alert.Tier, safety) : "";
        var title =
            toCoach && alert.IsDoctorAlert ? words["Alert.Coach.Title", who, SeeADoctorRule.NeedOf(alert.Tier, words)]
            : alert.IsDoctorAlert ? action.TrimEnd('.')
            : alert.TitleIn(words);
        var subject = (toCoach, alert.IsDoctorAlert) switch
        {
            (true, true) => words["Email.Subject", title],
            (true, false) => words["Alert.Subject.For", words.MidSentence(title), who],
            _ => words["Email.Subject", words.MidSentence(title)],
        };
        var lead = (toCoach, alert.IsDoctorAlert) switch
        {
            (true, true) => words[
                "Alert.Coach.Lead",
                who,
                words.Date(alert.Date),
                SeeADoctorRule.NeedOf(alert.Tier, words),
                action
            ],
            (true, false) => words["Alert.Coach.Overload.Lead", who, words.Date(alert.Date)],
            (false, true) => action,
            _ => words["Alert.Overload.Lead", words.Date(alert.Date)],
        };
        var why = words[alert.IsDoctorAlert ? "Alert.WhyDoctor" : "Alert.WhyOverload"];

        // A coach reads about the athlete, never their pain scores, symptoms or notes.
        var evidence = toCoach ? CoachEvidence(alert, who, words) : alert.Evidence;
        var advice = toCoach ? CoachAdvice(alert, who, words) : alert.Advice;

        var html = new HtmlWriter();
        var leadStyle =
            alert.IsDoctorAlert && !toCoach
                ? $"margin:0 0 12px;font-size:20px;font-weight:bold;color:{color};"
                : "margin:0 0 12px;font-weight:bold;";
        html.Add(EmailLayout.Paragraph(lead, leadStyle));
        var doNow = (words[alert.IsDoctorAlert ? "Alert.DoNow" : "Alert.DoThisWeek"], advice);
        var happened = (words["Alert.Happened"], evidence);
        // A doctor email says what to do before what happened.
        var sections = alert.IsDoctorAlert ? new[] { doNow, happened } : [happened, doNow];
        foreach (var (heading, part) in sections)
            html.Add($"<h2 style=\"font-size:16px;margin:16px 0 6px;\">{heading}</h2>")
                .Add(EmailLayout.Paragraph(part));
        html.Add($"<h2 style=\"font-size:16px;margin:16px 0 6px;\">{words["Alert.Why"]}</h2>")
            .Add(EmailLayout.Paragraph(why));
        var text = new StringBuilder().AppendLine(lead).AppendLine();
        foreach (var (heading, part) in sections)
            text.AppendLine(words["Format.Labelled", heading, part]).AppendLine();
        text.AppendLine(words["Format.Labelled", words["Alert.Why"], why])
            .AppendLine()
            .AppendLine("--")
            .AppendLine(EmailLayout.NotADiagnosis(safety));

        var email = toCoach ? athlete.CoachEmail! : athlete.Email;
        // One category per kind of alert; custom args carry opaque references only (no name, no symptom).
        var category = alert.Tier switch
        {
            AlertTier.Emergency => "alert-doctor-emergency",
            AlertTier.Urgent => "alert-doctor-urgent",
            AlertTier.Soon => "alert-doctor-soon",
            _ => "alert-overload",
        };
        var args = new Dictionary<string, string>
        {
            ["athleteRef"] = Observability.LogIds.Athlete(athlete.AthleteId),
            ["alertKey"] = alert.Key,
            ["recipient"] = EmailWire.Of(recipient),
        };
        return new OutgoingEmail(
            email,
            subject,
            EmailLayout.Html(title, color, html.ToHtml(), safety),
            text.ToString(),
            category,
            args
        )
        {
            Language = words.Language,
        };
    }

    /// <summary>
    /// The coach-safe view of an athlete's alerts: see-a-doctor alerts only with the consent to share their tiers,
    /// other alerts derived from pain (pain-after-heavy) only with the consent to share the pain trend. What it lets
    /// through is then rendered by <see cref="CoachEvidence"/> without scores, symptoms or notes.
    /// </summary>
    public static bool CoachMaySee(AthleteProfile athlete, Alert alert) =>
        !string.IsNullOrWhiteSpace(athlete.CoachEmail)
        && (
            alert.IsDoctorAlert ? athlete.ShareWithCoach
            : alert.IsFromPain ? athlete.SharePainTrend
            : true
        );

    /// <summary>
    /// The evidence as the coach reads it: about the athlete by name ("Ana's spinal load…"), and for alerts derived
    /// from pain or symptoms no scores, symptoms or notes at all, only that there was a finding and its day.
    /// </summary>
    public static string CoachEvidence(Alert alert, string who, Words words)
    {
        if (alert.IsDoctorAlert)
            return words["Alert.Coach.Evidence", who, words.Date(alert.Date)];
        if (alert.IsFromPain)
            return words["Alert.Coach.PainEvidence", who, words.Date(alert.Date)];
        // The evidence is written to the athlete ("your"): English turns it about the athlete by name; the other
        // languages quote what BackSignal told the athlete, where "you" reads right.
        if (words.Language != Languages.English)
            return words["Alert.Coach.Quote", who, alert.Evidence];
        return alert
            .Evidence.Replace("your usual weeks", $"{who}'s usual weeks", StringComparison.Ordinal)
            .Replace("Your ", $"{who}'s ", StringComparison.Ordinal)
            .Replace("your ", $"{who}'s ", StringComparison.Ordinal);
    }

    /// <summary>What the coach can do, per rule: the athlete's own advice is written to the athlete.</summary>
    public static string CoachAdvice(Alert alert, string who, Words words) =>
        alert.Rule switch
        {
            SeeADoctorRule.Emergency => words["Alert.Coach.Advice.Emergency", who],
            SeeADoctorRule.Urgent => words["Alert.Coach.Advice.Urgent", who],
            SeeADoctorRule.Soon => words["Alert.Coach.Advice.Soon", who],
            AcwrSpikeRule.RuleName or SpinalJumpRule.RuleName => words["Alert.Coach.Advice.Jump", who],
            ReturnAfterBreakRule.RuleName => words["Alert.Coach.Advice.Return", who],
            StackedProgressionRule.RuleName => words["Alert.Coach.Advice.Stacked", who],
            BackToBackHingeRule.RuleName => words["Alert.Coach.Advice.BackToBack", who],
            PainAfterHeavyRule.RuleName => words["Alert.Coach.Advice.PainAfterHeavy", who],
            MonotonyHighRule.RuleName => words["Alert.Coach.Advice.Monotony", who],
            _ => alert.Advice,
        };

    /// <summary>
    /// Several overload alerts of one day's recompute in one email: the most pressing first, each with its numbers and
    /// advice.
    /// </summary>
    public static OutgoingEmail RenderMany(AthleteProfile athlete, IReadOnlyList<Alert> alerts, Recipient recipient)
    {
        var toCoach = recipient == Recipient.Coach;
        var who = athlete.DisplayName is { Length: > 0 } name ? name : athlete.AthleteId;
        var numbers = SafetyLines.For(athlete);
        var words = numbers.Words;
        var title = words["Alert.Many.Title", alerts.Count];
        var subject = toCoach
            ? words["Alert.Many.Subject.For", alerts.Count, who]
            : words["Alert.Many.Subject", alerts.Count];
        var lead = toCoach ? words["Alert.Many.Coach.Lead", who] : words["Alert.Many.Lead"];
        var why = words["Alert.WhyOverload"];
        var ordered = alerts.OrderByDescending(a => a.Date).ThenBy(a => a.Rule, StringComparer.Ordinal).ToList();

        var html = new HtmlWriter().Add(EmailLayout.Paragraph(lead, "margin:0 0 12px;font-weight:bold;"));
        var text = new StringBuilder().AppendLine(title.ToUpperInvariant()).AppendLine().AppendLine(lead).AppendLine();
        foreach (var alert in ordered)
        {
            var evidence = toCoach ? CoachEvidence(alert, who, words) : alert.Evidence;
            var advice = words["Me.WhatToDo", toCoach ? CoachAdvice(alert, who, words) : alert.Advice];
            var heading = $"{alert.TitleIn(words)} ({words.Date(alert.Date)})";
            html.Add($"<h2 style=\"font-size:16px;margin:16px 0 6px;\">{heading}</h2>")
                .Add(EmailLayout.Paragraph(evidence))
                .Add(EmailLayout.Paragraph(advice, "margin:0 0 12px;color:#1f2937;"));
            text.AppendLine(words["Format.Labelled", heading, evidence]).AppendLine(advice).AppendLine();
        }
        html.Add($"<h2 style=\"font-size:16px;margin:16px 0 6px;\">{words["Alert.Why"]}</h2>")
            .Add(EmailLayout.Paragraph(why));
        text.AppendLine(words["Format.Labelled", words["Alert.Why"], why])
            .AppendLine()
            .AppendLine("--")
            .AppendLine(EmailLayout.NotADiagnosis(numbers));

        var args = new Dictionary<string, string>
        {
            ["athleteRef"] = Observability.LogIds.Athlete(athlete.AthleteId),
            ["alertKey"] = string.Join(",", ordered.Select(a => a.Key)),
            ["recipient"] = EmailWire.Of(recipient),
        };
        return new OutgoingEmail(
            toCoach ? athlete.CoachEmail! : athlete.Email,
            subject,
            EmailLayout.Html(title, "#1d4ed8", html.ToHtml(), numbers),
            text.ToString(),
            "alert-overload",
            args
        )
        {
            Language = words.Language,
        };
    }
}
