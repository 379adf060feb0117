using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Model;

namespace BackSignal.Core.FrontDoor;

/// <summary>The settings form: each field with its message beside it, the answers as sent (or as saved).</summary>
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
            .Add($"<fieldset><legend>You</legend>");
        if (askEmail)
            form.Add($"<label for=\"email\">Your email address (a link to confirm it is mailed there)</label>")
                .Add(Errors("email"))
                .Add($"<input id=\"email\" name=\"email\" type=\"email\" value=\"{Value("email", profile.Email)}\">");
        form.Add($"<label for=\"name\">Name (shown to your coach)</label>")
            .Add(Errors("name"))
            .Add($"<input id=\"name\" name=\"name\" maxlength=\"80\" value=\"{Value("name", profile.DisplayName)}\">")
            .Add($"<label for=\"timeZone\">Time zone</label><p class=\"hint\">Decides which day a workout counts for.")
            .Add($"</p>{Errors("timeZone")}<select id=\"timeZone\" name=\"timeZone\">{options}</select>")
            .Add($"<p>Weights in exports without a unit</p>{Errors("unit")}")
            .Add(Radio("unit", "kg", unit))
            .Add(Radio("unit", "lb", unit))
            .Add(
                Number(
                    "bodyMassKg",
                    "Body mass (kg)",
                    "Counts your body weight in pull-ups, dips and the like.",
                    profile.BodyMassKg
                )
            )
            .Add(
                Number(
                    "restingHr",
                    "Resting heart rate",
                    "With the maximum: load from heart rate when no effort is logged.",
                    profile.RestingHr
                )
            )
            .Add(Number("maxHr", "Maximum heart rate", "", profile.MaxHr))
            .Add(
                Number(
                    "birthYear",
                    "Birth year",
                    "From 50, a fall or a sudden pain in a lift is a reason to see a doctor the same day.",
                    profile.BirthYear
                )
            )
            .Add($"</fieldset><fieldset><legend>Health</legend>")
            .Add(
                $"<p class=\"hint\">Only used to tell you sooner when to see a doctor; never shown to your coach.</p>"
            );
        foreach (var (flag, label, why) in SettingsForm.Health)
            form.Add(Box(flag, label, why, Has(profile, flag)));
        form.Add($"</fieldset><fieldset><legend>Your coach</legend>");
        if (!coach)
            form.Add($"<p class=\"hint\">No coach is set for you.</p>");
        form.Add(
                Box(
                    "shareTiers",
                    "Share see-a-doctor advice with my coach",
                    "Your coach sees that BackSignal advised you to see a doctor, how urgently, and on which day. "
                        + "Never what you reported, a pain score or your notes.",
                    profile.ShareWithCoach
                )
            )
            .Add(
                Box(
                    "sharePainTrend",
                    "Share my pain trend with my coach",
                    "Your coach sees your average pain of the week against the week before, and warnings that pain "
                        + "rose after a heavy day. Never a day's score, what you reported or your notes.",
                    profile.SharePainTrend
                )
            )
            .Add($"</fieldset><fieldset><legend>Emails</legend>")
            .Add(
                Box(
                    "weeklySummary",
                    "The weekly summary",
                    "Mondays: your week and next week's range.",
                    !profile.OptsOut(EmailChoices.WeeklySummary)
                )
            )
            .Add(
                Box(
                    "overloadAlerts",
                    "Training load warnings",
                    "When load rises faster than your back usually adapts.",
                    !profile.OptsOut(EmailChoices.OverloadAlerts)
                )
            )
            .Add($"<p class=\"hint\">Advice to see a doctor always comes: it cannot be turned off.</p></fieldset>")
            .Add($"<p><button type=\"submit\">{(askEmail ? "Sign up" : "Save")}</button></p></form>");
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
