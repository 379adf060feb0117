using System.Globalization;
using BackSignal.Core.Import;
using BackSignal.Core.Localization;
using BackSignal.Core.Model;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// What the settings form reads: every profile field the athlete owns, each checked on its own so that a bad value
/// is reported beside its field and the others still save. Unchecked boxes are absent from a form: absent means no.
/// </summary>
public static class SettingsForm
{
    public static (AthleteProfile Profile, List<ValidationProblem> Problems) Read(
        IReadOnlyDictionary<string, string> form,
        AthleteProfile current,
        int thisYear,
        Words words
    )
    {
        var problems = new List<ValidationProblem>();
        string? Value(string name) => form.TryGetValue(name, out var v) && v.Trim().Length > 0 ? v.Trim() : null;
        bool Yes(string name) => Value(name) is "yes" or "on" or "true";
        double? Number(string name, double min, double max, string what)
        {
            if (Value(name) is not { } text)
                return null;
            if (
                double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && n >= min
                && n <= max
            )
                return n;
            problems.Add(new ValidationProblem(name, words["Settings.Problem.Number", what, min, max]));
            return null;
        }

        var profile = current;
        var name = Value("name");
        if (name is { Length: > 80 })
            problems.Add(new ValidationProblem("name", words["Settings.Problem.Name"]));
        else
            profile = profile with { DisplayName = name };
        var zone = Value("timeZone");
        if (zone is null || !TimeZones.TryResolve(zone, out _))
            problems.Add(new ValidationProblem("timeZone", words["Settings.Problem.TimeZone"]));
        else
            profile = profile with { TimeZone = zone };
        if (Value("unit") is "kg" or "lb")
            profile = profile with { WeightUnit = Value("unit")! };
        else
            problems.Add(new ValidationProblem("unit", words["Settings.Problem.Unit"]));
        // A form of an earlier version has neither field: what was saved stays.
        if (form.ContainsKey("language"))
        {
            if (Languages.IsSupported(Value("language")))
                profile = profile with { Language = Languages.Normalize(Value("language")) };
            else
                problems.Add(new ValidationProblem("language", words["Settings.Problem.Language"]));
        }
        if (form.ContainsKey("country"))
        {
            if (Value("country") is null)
                profile = profile with { Country = null };
            else if (EmergencyLines.NormalizeCountry(Value("country")) is { } country)
                profile = profile with { Country = country };
            else
                problems.Add(new ValidationProblem("country", words["Settings.Problem.Country"]));
        }
        profile = profile with
        {
            BodyMassKg = Keep(
                form,
                "bodyMassKg",
                Number("bodyMassKg", 30, 300, words["Settings.BodyMass"]),
                current.BodyMassKg
            ),
            RestingHr = Keep(
                form,
                "restingHr",
                Number("restingHr", 30, 120, words["Settings.RestingHr"]),
                current.RestingHr
            ),
            MaxHr = Keep(form, "maxHr", Number("maxHr", 100, 230, words["Settings.MaxHr"]), current.MaxHr),
        };
        var birth = Number("birthYear", 1900, thisYear - 10, words["Settings.BirthYear"]);
        profile = profile with
        {
            BirthYear =
                birth is { } b ? (int)b
                : Value("birthYear") is null ? null
                : current.BirthYear,
        };
        profile = profile with
        {
            CancerHistory = Yes("cancer-history"),
            LongTermSteroids = Yes("long-term-steroids"),
            Osteoporosis = Yes("osteoporosis"),
            Immunosuppressed = Yes("immunosuppressed"),
            ShareWithCoach = Yes("shareTiers"),
            SharePainTrend = Yes("sharePainTrend"),
        };
        profile = profile
            .WithOptOut(EmailChoices.WeeklySummary, !Yes("weeklySummary"))
            .WithOptOut(EmailChoices.OverloadAlerts, !Yes("overloadAlerts"));
        return (profile, problems);
    }

    /// <summary>An empty field clears the value; a bad one keeps what was saved (its message says why).</summary>
    private static double? Keep(IReadOnlyDictionary<string, string> form, string name, double? read, double? saved) =>
        read ?? (form.TryGetValue(name, out var v) && v.Trim().Length > 0 ? saved : null);
}
