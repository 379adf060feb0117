using System.Text;
using BackSignal.Core.Import;
using BackSignal.Core.Rules;
using static BackSignal.Core.FrontDoor.CheckinForm;
using static BackSignal.Core.FrontDoor.Pages;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The check-in page's HTML: the form (answers kept, each message beside its field) and the answer, which leads with
/// the advice of the tier reached, lists known signs quietly, and otherwise says what was saved and when to get help.
/// </summary>
public static class CheckinPageView
{
    public const string CalmAdvice =
        "See a GP or physiotherapist if the pain is not easing within two weeks, or sooner if it keeps getting worse.";

    public static string Form(
        string token,
        string nonce,
        IReadOnlyDictionary<string, string> answers,
        IReadOnlyList<ValidationProblem> problems
    )
    {
        string? Answer(string name) => answers.TryGetValue(name, out var v) ? v : null;
        string Errors(string field) =>
            problems.Where(p => p.Field == field).Select(p => E(p.Reason)).ToList() is { Count: > 0 } reasons
                ? $"<p class=\"error\" id=\"{field}-error\">{string.Join(" ", reasons)}</p>"
                : "";
        string Described(string field) =>
            problems.Any(p => p.Field == field) ? $" aria-describedby=\"{field}-error\" aria-invalid=\"true\"" : "";
        string Known(string sign) =>
            $"<label class=\"known\"><input type=\"checkbox\" name=\"{KnownField(sign)}\" value=\"yes\""
            + (IsYes(Answer(KnownField(sign))) ? " checked" : "")
            + $"> {E(KnownLabel)}</label>";
        string Hint(string hint) => hint.Length > 0 ? $"<p class=\"hint\">{E(hint)}</p>" : "";
        string Radios(Choice q, string? knownSign)
        {
            var chosen = Answer(q.Name) ?? q.Options[0].Wire;
            var html = new StringBuilder($"<fieldset{Described(q.Name)}><legend>{E(q.Legend)}</legend>")
                .Append(Hint(q.Hint))
                .Append(Errors(q.Name));
            foreach (var (wire, label) in q.Options)
                html.Append($"<label><input type=\"radio\" name=\"{q.Name}\" value=\"{wire}\"")
                    .Append(wire == chosen ? " checked" : "")
                    .Append($">{E(label)}</label>");
            return html.Append(knownSign is null ? "" : Known(knownSign)).Append("</fieldset>").ToString();
        }
        string Check(YesNo q) =>
            $"<div class=\"sign\"><label><input type=\"checkbox\" name=\"{q.Name}\" value=\"yes\""
            + (IsYes(Answer(q.Name)) ? " checked" : "")
            + $">{E(q.Label)}</label>{Hint(q.Hint)}{Known(q.Name)}</div>";

        var body = new StringBuilder();
        if (problems.Count > 0)
            body.Append("<p class=\"error\" role=\"alert\">Some answers need another look: see below.</p>");
        body.Append(Errors("form"))
            .Append($"<form method=\"post\" action=\"/api/checkin?t={E(token)}\" novalidate>")
            .Append($"<input type=\"hidden\" name=\"t\" value=\"{E(token)}\">")
            .Append($"<input type=\"hidden\" name=\"nonce\" value=\"{E(nonce)}\">")
            .Append($"<fieldset{Described("pain")}><legend>Low-back pain today</legend>")
            .Append("<label for=\"pain\">From 0 (none) to 10 (the worst you can imagine)</label>")
            .Append(Errors("pain"))
            .Append("<input id=\"pain\" name=\"pain\" type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"10\" ")
            .Append($"value=\"{E(Answer("pain") ?? "")}\" required></fieldset>")
            .Append(Radios(LegPainQuestion, "legPain"))
            .Append(Radios(NumbnessQuestion, "numbness"))
            .Append($"<fieldset><legend>{E(SaddleQuestion.Label)}</legend>")
            .Append(Check(SaddleQuestion with { Label = "Yes, numbness or tingling there" }))
            .Append("</fieldset>")
            .Append(Radios(WeaknessQuestion, "weakness"))
            .Append(Radios(WeaknessSideQuestion, null))
            .Append(Radios(TraumaQuestion, "trauma"))
            .Append("<fieldset><legend>Since the pain started, do you have…</legend>");
        foreach (var sign in Signs)
            body.Append(Check(sign));
        body.Append("</fieldset>")
            .Append("<label for=\"note\">A note for your own record (never shown to your coach)</label>")
            .Append(Errors("note"))
            .Append($"<textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"2000\">{E(Answer("note"))}</textarea>")
            .Append("<p><button type=\"submit\">Send check-in</button></p></form>");
        return body.ToString();
    }

    /// <summary>
    /// The answer: the advice of the tier reached first (emergency prominent), known signs in a quieter form, what
    /// was saved; with nothing reached, what was saved and when to get help — never "nothing needs a doctor".
    /// </summary>
    public static string Answer(CheckinAssessment assessment, bool saved)
    {
        var html = new StringBuilder();
        var alert = assessment.Alert;
        if (alert is not null && assessment.Leads)
        {
            var css = alert.Tier.ToString().ToLowerInvariant();
            html.Append($"<div class=\"{css}\" role=\"alert\"><p><strong>{E(Lead(alert.Tier))}</strong></p>")
                .Append("<p>Because you reported:</p><ul>");
            foreach (var finding in assessment.New.OrderByDescending(f => f.Tier))
                html.Append($"<li>{E(Capital(finding.Description))}</li>");
            html.Append($"</ul><p>{E(alert.Advice)}</p></div>");
        }
        if (assessment.KnownTier is { } knownTier)
        {
            html.Append("<div class=\"known-signs\"><p>A clinician has seen these, and you said they have not ")
                .Append("changed:</p><ul>");
            foreach (var finding in assessment.Known)
                html.Append($"<li>{E(Capital(finding.Description))}</li>");
            html.Append(
                $"</ul><p>If they change, or a new sign appears: {E(Evidence.Lower(Lead(knownTier)))}</p></div>"
            );
        }
        var pain = assessment.Checkin.Pain is { } p ? $"pain {p}/10" : "no pain score";
        var what = $"your check-in of {assessment.Checkin.Date:yyyy-MM-dd} ({pain})";
        if (!saved)
            html.Append($"<p class=\"error\">Not saved yet: send the form below again to save {E(what)}.</p>");
        else if (alert is not null && assessment.Leads)
            html.Append($"<p>Saved {E(what)}. An email with this advice follows.</p>");
        else
            html.Append($"<p class=\"saved\" role=\"status\">Saved {E(what)}.</p>")
                .Append($"<p><strong>Call the emergency number at once</strong> ({E(SafetyNet.EmergencyNumbers)}) ")
                .Append($"for: {E(SeeADoctorRule.EmergencySignsLine)}.</p>")
                .Append($"<p>{E(CalmAdvice)}</p>");
        return html.ToString();
    }

    public static string Lead(AlertTier tier) => SeeADoctorRule.ActionOf(tier);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
