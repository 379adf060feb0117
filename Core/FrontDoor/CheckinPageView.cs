using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Rules;
using static BackSignal.Core.FrontDoor.CheckinForm;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The check-in page's HTML: the form (answers kept, each message beside its field) and the answer, which leads with
/// the advice of the tier reached, lists known signs quietly, and otherwise says what was saved and when to get help.
/// </summary>
public static class CheckinPageView
{
    public const string CalmAdvice =
        "See a GP or physiotherapist if the pain is not easing within two weeks, or sooner if it keeps getting worse.";

    public static Html Form(
        string token,
        string nonce,
        IReadOnlyDictionary<string, string> answers,
        IReadOnlyList<ValidationProblem> problems
    )
    {
        string? Answer(string name) => answers.TryGetValue(name, out var v) ? v : null;
        Html Errors(string field) => Pages.FieldErrors(problems, field);
        Html Described(string field) =>
            problems.Any(p => p.Field == field)
                ? Html.Of($" aria-describedby=\"{field}-error\" aria-invalid=\"true\"")
                : Html.Empty;
        Html Checked(bool on) => on ? Html.Of($" checked") : Html.Empty;
        Html Known(string sign) =>
            Html.Of(
                $"<label class=\"known\"><input type=\"checkbox\" name=\"{KnownField(sign)}\" value=\"yes\""
                    + $"{Checked(IsYes(Answer(KnownField(sign))))}> {KnownLabel}</label>"
            );
        Html Hint(string hint) => hint.Length > 0 ? Html.Of($"<p class=\"hint\">{hint}</p>") : Html.Empty;
        Html Radios(Choice q, string? knownSign)
        {
            var chosen = Answer(q.Name) ?? q.Options[0].Wire;
            var html = new HtmlWriter()
                .Add($"<fieldset{Described(q.Name)}><legend>{q.Legend}</legend>")
                .Add(Hint(q.Hint))
                .Add(Errors(q.Name));
            foreach (var (wire, label) in q.Options)
                html.Add(
                    $"<label><input type=\"radio\" name=\"{q.Name}\" value=\"{wire}\"{Checked(wire == chosen)}>"
                        + $"{label}</label>"
                );
            return html.Add(knownSign is null ? Html.Empty : Known(knownSign)).Add($"</fieldset>").ToHtml();
        }
        Html Check(YesNo q) =>
            Html.Of(
                $"<div class=\"sign\"><label><input type=\"checkbox\" name=\"{q.Name}\" value=\"yes\""
                    + $"{Checked(IsYes(Answer(q.Name)))}>{q.Label}</label>{Hint(q.Hint)}{Known(q.Name)}</div>"
            );

        var body = new HtmlWriter();
        if (problems.Count > 0)
            body.Add($"<p class=\"error\" role=\"alert\">Some answers need another look: see below.</p>");
        body.Add(Errors("form"))
            .Add($"<form method=\"post\" action=\"/api/checkin?t={token}\" novalidate>")
            .Add($"<input type=\"hidden\" name=\"t\" value=\"{token}\">")
            .Add($"<input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">")
            .Add($"<fieldset{Described("pain")}><legend>Low-back pain today</legend>")
            .Add($"<label for=\"pain\">From 0 (none) to 10 (the worst you can imagine)</label>")
            .Add(Errors("pain"))
            .Add($"<input id=\"pain\" name=\"pain\" type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"10\" ")
            .Add($"value=\"{Answer("pain") ?? ""}\" required></fieldset>")
            .Add(Radios(LegPainQuestion, "legPain"))
            .Add(Radios(NumbnessQuestion, "numbness"))
            .Add($"<fieldset><legend>{SaddleQuestion.Label}</legend>")
            .Add(Check(SaddleQuestion with { Label = "Yes, numbness or tingling there" }))
            .Add($"</fieldset>")
            .Add(Radios(WeaknessQuestion, "weakness"))
            .Add(Radios(WeaknessSideQuestion, null))
            .Add(Radios(TraumaQuestion, "trauma"))
            .Add($"<fieldset><legend>Since the pain started, do you have…</legend>");
        foreach (var sign in Signs)
            body.Add(Check(sign));
        body.Add($"</fieldset>")
            .Add($"<label for=\"note\">A note for your own record (never shown to your coach)</label>")
            .Add(Errors("note"))
            .Add($"<textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"2000\">{Answer("note")}</textarea>")
            .Add($"<p><button type=\"submit\">Send check-in</button></p></form>");
        return body.ToHtml();
    }

    /// <summary>
    /// The answer: the advice of the tier reached first (emergency prominent), known signs in a quieter form, what
    /// was saved; with nothing reached, what was saved and when to get help — never "nothing needs a doctor".
    /// </summary>
    public static Html Answer(CheckinAssessment assessment, bool saved)
    {
        var html = new HtmlWriter();
        var alert = assessment.Alert;
        if (alert is not null && assessment.Leads)
        {
            var css = alert.Tier.ToString().ToLowerInvariant();
            html.Add($"<div class=\"{css}\" role=\"alert\"><p><strong>{Lead(alert.Tier)}</strong></p>")
                .Add($"<p>Because you reported:</p><ul>");
            foreach (var finding in assessment.New.OrderByDescending(f => f.Tier))
                html.Add($"<li>{Capital(finding.Description)}</li>");
            html.Add($"</ul><p>{alert.Advice}</p></div>");
        }
        if (assessment.KnownTier is { } knownTier)
        {
            html.Add($"<div class=\"known-signs\"><p>A clinician has seen these, and you said they have not ")
                .Add($"changed:</p><ul>");
            foreach (var finding in assessment.Known)
                html.Add($"<li>{Capital(finding.Description)}</li>");
            html.Add($"</ul><p>If they change, or a new sign appears: {Evidence.Lower(Lead(knownTier))}</p></div>");
        }
        var pain = assessment.Checkin.Pain is { } p ? $"pain {p}/10" : "no pain score";
        var what = $"your check-in of {assessment.Checkin.Date:yyyy-MM-dd} ({pain})";
        if (!saved)
            html.Add($"<p class=\"error\">Not saved yet: send the form below again to save {what}.</p>");
        else if (alert is not null && assessment.Leads)
            html.Add($"<p>Saved {what}. An email with this advice follows.</p>");
        else
            html.Add($"<p class=\"saved\" role=\"status\">Saved {what}.</p>")
                .Add($"<p><strong>Call the emergency number at once</strong> ({SafetyNet.EmergencyNumbers}) ")
                .Add($"for: {SeeADoctorRule.EmergencySignsLine}.</p>")
                .Add($"<p>{CalmAdvice}</p>");
        return html.ToHtml();
    }

    public static string Lead(AlertTier tier) => SeeADoctorRule.ActionOf(tier);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
