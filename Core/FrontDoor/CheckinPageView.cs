using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Localization;
using BackSignal.Core.Rules;
using static BackSignal.Core.FrontDoor.CheckinForm;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The check-in page's HTML in the athlete's language: the form (answers kept, each message beside its field) and the
/// answer, which leads with the advice of the tier reached, lists known signs quietly, and otherwise says what was
/// saved and when to get help.
/// </summary>
public static class CheckinPageView
{
    public static Html Form(
        string token,
        string nonce,
        IReadOnlyDictionary<string, string> answers,
        IReadOnlyList<ValidationProblem> problems,
        Words words
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
                    + $"{Checked(IsYes(Answer(KnownField(sign))))}> {words["Checkin.Known"]}</label>"
            );
        Html Hint(string hint) => hint.Length > 0 ? Html.Of($"<p class=\"hint\">{hint}</p>") : Html.Empty;
        Html Radios(Choice q, string? knownSign)
        {
            var chosen = Answer(q.Name) ?? q.Options[0];
            var html = new HtmlWriter()
                .Add($"<fieldset{Described(q.Name)}><legend>{q.Legend(words)}</legend>")
                .Add(Hint(q.Hint(words)))
                .Add(Errors(q.Name));
            foreach (var wire in q.Options)
                html.Add(
                    $"<label><input type=\"radio\" name=\"{q.Name}\" value=\"{wire}\"{Checked(wire == chosen)}>"
                        + $"{q.Label(words, wire)}</label>"
                );
            return html.Add(knownSign is null ? Html.Empty : Known(knownSign)).Add($"</fieldset>").ToHtml();
        }
        Html Check(YesNo q, string label) =>
            Html.Of(
                $"<div class=\"sign\"><label><input type=\"checkbox\" name=\"{q.Name}\" value=\"yes\""
                    + $"{Checked(IsYes(Answer(q.Name)))}>{label}</label>{Hint(q.Hint(words))}{Known(q.Name)}</div>"
            );

        var body = new HtmlWriter();
        if (problems.Count > 0)
            body.Add($"<p class=\"error\" role=\"alert\">{words["Checkin.Problems"]}</p>");
        body.Add(Errors("form"))
            .Add($"<form method=\"post\" action=\"/api/checkin?t={token}\" novalidate>")
            .Add($"<input type=\"hidden\" name=\"t\" value=\"{token}\">")
            .Add($"<input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">")
            .Add($"<fieldset{Described("pain")}><legend>{words["Checkin.pain.Legend"]}</legend>")
            .Add($"<label for=\"pain\">{words["Checkin.pain.Label"]}</label>")
            .Add(Errors("pain"))
            .Add($"<input id=\"pain\" name=\"pain\" type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"10\" ")
            .Add($"value=\"{Answer("pain") ?? ""}\" required></fieldset>")
            .Add(Radios(LegPainQuestion, "legPain"))
            .Add(Radios(NumbnessQuestion, "numbness"))
            .Add($"<fieldset><legend>{SaddleQuestion.Label(words)}</legend>")
            .Add(Check(SaddleQuestion, words["Checkin.saddleNumbness.Yes"]))
            .Add($"</fieldset>")
            .Add(Radios(WeaknessQuestion, "weakness"))
            .Add(Radios(WeaknessSideQuestion, null))
            .Add(Radios(TraumaQuestion, "trauma"))
            .Add($"<fieldset><legend>{words["Checkin.Signs.Legend"]}</legend>");
        foreach (var sign in Signs)
            body.Add(Check(sign, sign.Label(words)));
        body.Add($"</fieldset>")
            .Add($"<label for=\"note\">{words["Checkin.note.Label"]}</label>")
            .Add(Errors("note"))
            .Add($"<textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"2000\">{Answer("note")}</textarea>")
            .Add($"<p><button type=\"submit\">{words["Checkin.Send"]}</button></p></form>");
        return body.ToHtml();
    }

    /// <summary>
    /// The answer: the advice of the tier reached first (emergency prominent), known signs in a quieter form, what
    /// was saved; with nothing reached, what was saved and when to get help — never "nothing needs a doctor".
    /// </summary>
    public static Html Answer(CheckinAssessment assessment, bool saved)
    {
        var safety = assessment.Safety;
        var words = safety.Words;
        var html = new HtmlWriter();
        var alert = assessment.Alert;
        if (alert is not null && assessment.Leads)
        {
            var css = alert.Tier.ToString().ToLowerInvariant();
            html.Add($"<div class=\"{css}\" role=\"alert\"><p><strong>{Lead(alert.Tier, safety)}</strong></p>")
                .Add($"<p>{words["Checkin.Answer.Because"]}</p><ul>");
            foreach (var finding in assessment.New.OrderByDescending(f => f.Tier))
                html.Add($"<li>{Capital(finding.Description)}</li>");
            html.Add($"</ul><p>{alert.Advice}</p></div>");
        }
        if (assessment.KnownTier is { } knownTier)
        {
            html.Add($"<div class=\"known-signs\"><p>{words["Checkin.Answer.KnownIntro"]}</p><ul>");
            foreach (var finding in assessment.Known)
                html.Add($"<li>{Capital(finding.Description)}</li>");
            var ifChange = words["Checkin.Answer.KnownIfChange", words.MidSentence(Lead(knownTier, safety))];
            html.Add($"</ul><p>{ifChange}</p></div>");
        }
        var what = What(assessment);
        if (!saved)
            html.Add($"<p class=\"error\">{words["Checkin.Answer.NotSaved", what]}</p>");
        else if (alert is not null && assessment.Leads)
            html.Add($"<p>{words["Checkin.Answer.SavedEmailFollows", what]}</p>");
        else
            html.Add($"<p class=\"saved\" role=\"status\">{words["Checkin.Answer.Saved", what]}</p>")
                .Add($"<p><strong>{words["Checkin.Answer.CallAtOnce"]}</strong> ")
                .Add($"{words["Checkin.Answer.CallAtOnceFor", safety.Emergency, words["Doctor.EmergencySigns"]]}</p>")
                .Add($"<p>{words["Checkin.Answer.Calm"]}</p>");
        return html.ToHtml();
    }

    /// <summary>"your check-in of 4 December 2026 (pain 3/10)", in the athlete's language.</summary>
    public static string What(CheckinAssessment assessment)
    {
        var words = assessment.Safety.Words;
        var pain = assessment.Checkin.Pain is { } p ? words["Checkin.Answer.Pain", p] : words["Checkin.Answer.NoPain"];
        return words["Checkin.Answer.What", words.Date(assessment.Checkin.Date), pain];
    }

    public static string Lead(AlertTier tier, SafetyLines safety) => SeeADoctorRule.ActionOf(tier, safety);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
