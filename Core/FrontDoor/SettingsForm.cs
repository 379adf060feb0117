using System.Globalization;
using BackSignal.Core.Import;
using BackSignal.Core.Model;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// What the settings form reads: every profile field the athlete owns, each checked on its own so that a bad value
/// is reported beside its field and the others still save. Unchecked boxes are absent from a form: absent means no.
/// </summary>
public static class SettingsForm
{
    /// <summary>Each health flag with the one line the page shows: what it is and why it is asked.</summary>
    public static readonly IReadOnlyList<(string Flag, string Label, string Why)> Health =
    [
        (
            "cancer-history",
            "I have had cancer",
            "New back pain after cancer can be a sign that needs a doctor soon: BackSignal then says so sooner."
        ),
        (
            "long-term-steroids",
            "I take steroid tablets long term",
            "Steroids weaken bones: a fall or a sudden pain in a lift is then a reason to see a doctor the same day."
        ),
        (
            "osteoporosis",
            "I have osteoporosis",
            "Weaker bones: a fall or a sudden pain in a lift is then a reason to see a doctor the same day."
        ),
        (
            "immunosuppressed",
            "My immune system is weakened (by illness or medicine)",
            "Infections of the spine are likelier: new back pain is then a reason to see a doctor soon."
        ),
    ];

    public static (AthleteProfile Profile, List<ValidationProblem> Problems) Read(
        IReadOnlyDictionary<string, string> form,
        AthleteProfile current,
        int thisYear
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
            problems.Add(new ValidationProblem(name, $"{what} is a number from {min} to {max}."));
            return null;
        }

        var profile = current;
        var name = Value("name");
        if (name is { Length: > 80 })
            problems.Add(new ValidationProblem("name", "A name of at most 80 characters."));
        else
            profile = profile with { DisplayName = name };
        var zone = Value("timeZone");
        if (zone is null || !TimeZones.TryResolve(zone, out _))
            problems.Add(new ValidationProblem("timeZone", "Choose your time zone from the list."));
        else
            profile = profile with { TimeZone = zone };
        if (Value("unit") is "kg" or "lb")
            profile = profile with { WeightUnit = Value("unit")! };
        else
            problems.Add(new ValidationProblem("unit", "Choose kg or lb."));
        profile = profile with
        {
            BodyMassKg = Keep(form, "bodyMassKg", Number("bodyMassKg", 30, 300, "Body mass (kg)"), current.BodyMassKg),
            RestingHr = Keep(form, "restingHr", Number("restingHr", 30, 120, "Resting heart rate"), current.RestingHr),
            MaxHr = Keep(form, "maxHr", Number("maxHr", 100, 230, "Maximum heart rate"), current.MaxHr),
        };
        var birth = Number("birthYear", 1900, thisYear - 10, "Birth year");
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
