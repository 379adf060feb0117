using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Localization;
using BackSignal.Core.Model;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The settings form (and the sign-up form) in the reader's language: each field with its message beside it, the
/// answers as sent (or as saved).
/// </summary>
public static class SettingsPageView
{
    private static readonly IReadOnlyList<string> Zones = TimeZoneInfo
        .GetSystemTimeZones()
        .Select(z => z.Id)
        .Where(id => id.Contains('/') || id == "UTC")
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <param name="sent">The form as sent, shown again as it was (null: the profile as saved).</param>
    /// <param name="action">Where the form posts: the settings of the link's athlete, or a sign-up.</param>
    /// <param name="askEmail">A sign-up also asks for the address to verify.</param>
    public static Html Form(
        string token,
        string nonce,
        AthleteProfile profile,
        IReadOnlyDictionary<string, string>? sent,
        IReadOnlyList<ValidationProblem> problems,
        Words words,
        string? action = null,
        bool askEmail = false
    )
    {
        string Value(string name, string? saved) => sent is null ? saved ?? "" : sent.GetValueOrDefault(name, "");
        bool Checked(string name, bool saved) =>
            sent is null ? saved : sent.GetValueOrDefault(name) is "yes" or "on" or "true";
        Html Errors(string field) => Pages.FieldErrors(problems, field);
        Html Number(string name, string label, string hint, double? saved) =>
            Html.Of(
                $"<label for=\"{name}\">{label}</label><p class=\"hint\">{hint}</p>{Errors(name)}"
                    + $"<input id=\"{name}\" name=\"{name}\" type=\"number\" inputmode=\"decimal\" "
                    + $"value=\"{Value(name, saved?.ToString(System.Globalization.CultureInfo.InvariantCulture))}\">"
            );
        Html Box(string name, string label, string hint, bool saved) =>
            Html.Of(
                $"<div class=\"sign\"><label><input type=\"checkbox\" name=\"{name}\" value=\"yes\""
                    + $"{(Checked(name, saved) ? Html.Of($" checked") : Html.Empty)}>{label}</label>"
                    + $"<p class=\"hint\">{hint}</p></div>"
            );

        var language = Value("language", profile.Language);
        var country = Value("country", profile.Country);
        var languages = Languages.Offered.Select(l =>
            Html.Of(
                $"<option value=\"{l.Code}\"{(l.Code == language ? Html.Of($" selected") : Html.Empty)}>{l.Name}"
                    + $"</option>"
            )
        );
        var countries = Countries.Offered.Select(c =>
            Html.Of(
                $"<option value=\"{c.Code}\"{(c.Code == country ? Html.Of($" selected") : Html.Empty)}>{c.Name}"
                    + $"</option>"
            )
        );
        var zone = Value("timeZone", profile.TimeZone);
        var unit = Value("unit", profile.WeightUnit);
        var options = Zones.Select(z =>
            Html.Of($"<option value=\"{z}\"{(z == zone ? Html.Of($" selected") : Html.Empty)}>{z}</option>")
        );
        var coach = profile.CoachEmail is { Length: > 0 };
        var form = new HtmlWriter()
            .Add(Errors("form"))
            .Add($"<form method=\"post\" action=\"{action ?? $"/api/settings?t={token}"}\" novalidate>")
            .Add($"<input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">")
            .Add($"<fieldset><legend>{words["Settings.You"]}</legend>");
        if (askEmail)
            form.Add($"<label for=\"email\">{words["Settings.Email"]}</label>")
                .Add(Errors("email"))
                .Add($"<input id=\"email\" name=\"email\" type=\"email\" value=\"{Value("email", profile.Email)}\">");
        form.Add($"<label for=\"name\">{words["Settings.Name"]}</label>")
            .Add(Errors("name"))
            .Add($"<input id=\"name\" name=\"name\" maxlength=\"80\" value=\"{Value("name", profile.DisplayName)}\">")
            .Add($"<label for=\"language\">{words["Settings.Language"]}</label>{Errors("language")}")
            .Add($"<select id=\"language\" name=\"language\">{languages}</select>")
            .Add($"<label for=\"country\">{words["Settings.Country"]}</label>")
            .Add($"<p class=\"hint\">{words["Settings.Country.Hint"]}</p>{Errors("country")}")
            .Add($"<select id=\"country\" name=\"country\"><option value=\"\">–</option>{countries}</select>")
            .Add($"<label for=\"timeZone\">{words["Settings.TimeZone"]}</label>")
            .Add($"<p class=\"hint\">{words["Settings.TimeZone.Hint"]}</p>")
            .Add($"{Errors("timeZone")}<select id=\"timeZone\" name=\"timeZone\">{options}</select>")
            .Add($"<p>{words["Settings.Unit"]}</p>{Errors("unit")}")
            .Add(Radio("unit", "kg", unit))
            .Add(Radio("unit", "lb", unit))
            .Add(Number("bodyMassKg", words["Settings.BodyMass"], words["Settings.BodyMass.Hint"], profile.BodyMassKg))
            .Add(Number("restingHr", words["Settings.RestingHr"], words["Settings.RestingHr.Hint"], profile.RestingHr))
            .Add(Number("maxHr", words["Settings.MaxHr"], "", profile.MaxHr))
            .Add(Number("birthYear", words["Settings.BirthYear"], words["Settings.BirthYear.Hint"], profile.BirthYear))
            .Add($"</fieldset><fieldset><legend>{words["Settings.Health"]}</legend>")
            .Add($"<p class=\"hint\">{words["Settings.Health.Hint"]}</p>");
        foreach (var flag in AthleteProfile.HealthFlags)
            form.Add(
                Box(flag, words[$"Settings.Health.{flag}"], words[$"Settings.Health.{flag}.Why"], Has(profile, flag))
            );
        form.Add($"</fieldset><fieldset><legend>{words["Settings.Coach"]}</legend>");
        if (!coach)
            form.Add($"<p class=\"hint\">{words["Settings.Coach.None"]}</p>");
        form.Add(
                Box(
                    "shareTiers",
                    words["Settings.ShareTiers"],
                    words["Settings.ShareTiers.Hint"],
                    profile.ShareWithCoach
                )
            )
            .Add(
                Box(
                    "sharePainTrend",
                    words["Settings.SharePainTrend"],
                    words["Settings.SharePainTrend.Hint"],
                    profile.SharePainTrend
                )
            )
            .Add($"</fieldset><fieldset><legend>{words["Settings.Emails"]}</legend>")
            .Add(
                Box(
                    "weeklySummary",
                    words["Settings.WeeklySummary"],
                    words["Settings.WeeklySummary.Hint"],
                    !profile.OptsOut(EmailChoices.WeeklySummary)
                )
            )
            .Add(
                Box(
                    "overloadAlerts",
                    words["Settings.OverloadAlerts"],
                    words["Settings.OverloadAlerts.Hint"],
                    !profile.OptsOut(EmailChoices.OverloadAlerts)
                )
            )
            .Add($"<p class=\"hint\">{words["Settings.DoctorAlways"]}</p></fieldset>")
            .Add($"<p><button type=\"submit\">{words[askEmail ? "Settings.SignUp" : "Settings.Save"]}")
            .Add($"</button></p></form>");
        return form.ToHtml();
    }

    private static Html Radio(string name, string value, string chosen) =>
        Html.Of(
            $"<label><input type=\"radio\" name=\"{name}\" value=\"{value}\""
                + $"{(value == chosen ? Html.Of($" checked") : Html.Empty)}>{value}</label>"
        );

    private static bool Has(AthleteProfile p, string flag) =>
        flag switch
        {
            "cancer-history" => p.CancerHistory,
            "long-term-steroids" => p.LongTermSteroids,
            "osteoporosis" => p.Osteoporosis,
            _ => p.Immunosuppressed,
        };
}
