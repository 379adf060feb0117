using System.Text;
using BackSignal.Core.Localization;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Email;

/// <summary>Renders an alert for the athlete or their coach: what happened, why it matters, what to do.</summary>
public static class AlertEmails
{
    private const string WhyOverload =
        "Many lower-back flare-ups after training follow load that rose faster than the back adapted. These numbers "
        + "are "
        + "warning signs, not predictions: catching the rise early lets you adjust before it hurts.";

    /// <summary>
    /// The language an alert email is written in: a see-a-doctor email in the athlete's (to the coach too: it is
    /// about the athlete, and the coach has no language of their own yet); an overload email in English until the
    /// overload rules' texts are translated (docs/languages.md), with the athlete's country's numbers either way.
    /// </summary>
    public static SafetyLines SafetyOf(AthleteProfile athlete, Alert alert) =>
        alert.IsDoctorAlert ? SafetyLines.For(athlete) : new(Words.English, athlete.Country);

    public static OutgoingEmail Render(AthleteProfile athlete, Alert alert, Recipient recipient)
    {
        var safety = SafetyOf(athlete, alert);
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
            : alert.Title;
        var subject = (toCoach, alert.IsDoctorAlert) switch
        {
            (true, true) => $"BackSignal: {title}",
            (true, false) => $"BackSignal: {words.MidSentence(title)} for {who}",
            _ => $"BackSignal: {words.MidSentence(title)}",
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
            (true, false) => $"An alert for your athlete {who} ({alert.Date:yyyy-MM-dd}).",
            (false, true) => action,
            _ => $"An alert from your training and check-ins of {alert.Date:yyyy-MM-dd}.",
        };
        var why = alert.IsDoctorAlert ? words["Alert.WhyDoctor"] : WhyOverload;

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
            text.AppendLine($"{heading}: {part}").AppendLine();
        text.AppendLine($"{words["Alert.Why"]}: {why}")
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
            return $"{who} reported more back pain than usual on {alert.Date:yyyy-MM-dd}, the day after a heavy hinge "
                + $"or squat day. "
                + "The scores stay private to them.";
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
            AcwrSpikeRule.RuleName or SpinalJumpRule.RuleName =>
                $"Trim {who}'s volume this week (fewer sets, same weights) and skip the heaviest hinge session; ask "
                    + $"{who} how their back feels.",
            ReturnAfterBreakRule.RuleName =>
                $"Plan {who}'s next two to three weeks as a ramp: about half the usual volume first, then a little "
                    + $"more each week.",
            StackedProgressionRule.RuleName =>
                $"Have {who} progress one variable at a time: sets, reps or weight, not all three at once.",
            BackToBackHingeRule.RuleName =>
                $"Put at least 48 hours between {who}'s heavy hinge days: make the second one light or move it.",
            PainAfterHeavyRule.RuleName =>
                $"Ask {who} how their back feels, and keep heavy hinging off the plan until they say it is back to "
                    + $"usual.",
            MonotonyHighRule.RuleName =>
                $"Give {who}'s week more contrast: hard days hard, easy days easy, at least one real rest day.",
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
        var numbers = new SafetyLines(Words.English, athlete.Country);
        var title = $"{alerts.Count} training load warnings";
        var subject = toCoach
            ? $"BackSignal: {alerts.Count} training load warnings for {who}"
            : $"BackSignal: {alerts.Count} training load warnings";
        var lead = toCoach
            ? $"Several signs that {who}'s load is rising faster than their back adapts."
            : "Several signs at once that your training load is rising faster than your back adapts.";
        const string why = WhyOverload;
        var ordered = alerts.OrderByDescending(a => a.Date).ThenBy(a => a.Rule, StringComparer.Ordinal).ToList();

        var html = new HtmlWriter().Add(EmailLayout.Paragraph(lead, "margin:0 0 12px;font-weight:bold;"));
        var text = new StringBuilder().AppendLine(title.ToUpperInvariant()).AppendLine().AppendLine(lead).AppendLine();
        foreach (var alert in ordered)
        {
            var evidence = toCoach ? CoachEvidence(alert, who, Words.English) : alert.Evidence;
            var advice = toCoach ? CoachAdvice(alert, who, Words.English) : alert.Advice;
            html.Add($"<h2 style=\"font-size:16px;margin:16px 0 6px;\">{alert.Title} ({alert.Date:yyyy-MM-dd})</h2>")
                .Add(EmailLayout.Paragraph(evidence))
                .Add(EmailLayout.Paragraph("What to do: " + advice, "margin:0 0 12px;color:#1f2937;"));
            text.AppendLine($"{alert.Title} ({alert.Date:yyyy-MM-dd}): {evidence}")
                .AppendLine("What to do: " + advice)
                .AppendLine();
        }
        html.Add($"<h2 style=\"font-size:16px;margin:16px 0 6px;\">Why it matters for the back</h2>")
            .Add(EmailLayout.Paragraph(why));
        text.AppendLine("Why it matters for the back: " + why)
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
        );
    }
}
