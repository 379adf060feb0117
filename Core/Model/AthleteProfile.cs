namespace BackSignal.Core.Model;

/// <summary>What BackSignal knows about one athlete (table Athletes, RowKey "profile").</summary>
public sealed record AthleteProfile
{
    public required string AthleteId { get; init; }
    public required string Email { get; init; }
    public string? DisplayName { get; init; }
    public string? CoachEmail { get; init; }

    /// <summary>
    /// The athlete's consent for the coach to see see-a-doctor alerts: their tier and day, never a symptom, a score
    /// or a note.
    /// </summary>
    public bool ShareWithCoach { get; init; }

    /// <summary>
    /// The athlete's separate consent for the coach to see the pain trend: the week's average pain against the week
    /// before, and alerts derived from pain (pain-after-heavy). Never a day's score, a symptom or a note. Off unless
    /// given: a consent to share see-a-doctor tiers never implies it.
    /// </summary>
    public bool SharePainTrend { get; init; }
    public string TimeZone { get; init; } = "UTC";

    /// <summary>The language every email and page is written in (en, de, fr, es: docs/languages.md).</summary>
    public string Language { get; init; } = "en";

    /// <summary>
    /// ISO 3166 alpha-2 country: whose emergency and urgent-care numbers the advice names. Null for profiles made
    /// before it was asked; they get the numbers of the main regions.
    /// </summary>
    public string? Country { get; init; }

    /// <summary>kg or lb: the unit of exports that carry no unit column (Strong).</summary>
    public string WeightUnit { get; init; } = "kg";
    public double? BodyMassKg { get; init; }
    public double? RestingHr { get; init; }
    public double? MaxHr { get; init; }

    /// <summary>
    /// The athlete's own alert thresholds over the deployment's (names of AlertOptions, e.g. AcwrSpike = 1.4).
    /// </summary>
    public IReadOnlyDictionary<string, double>? Thresholds { get; init; }

    /// <summary>
    /// Email kinds the athlete does not want: weekly-summary, overload-alerts (see-a-doctor emails always go).
    /// </summary>
    public IReadOnlyList<string>? EmailOptOuts { get; init; }

    /// <summary>Periods the athlete or the coach marked as planned (overreach, deload, return).</summary>
    public IReadOnlyList<PlannedPeriod>? Plans { get; init; }

    /// <summary>
    /// Health context that raises a see-a-doctor tier (docs/design.md#rules): age from the birth year, and the risk
    /// factors. A profile without it is treated as having none of them.
    /// </summary>
    public int? BirthYear { get; init; }
    public bool CancerHistory { get; init; }
    public bool LongTermSteroids { get; init; }
    public bool Osteoporosis { get; init; }
    public bool Immunosuppressed { get; init; }

    /// <summary>The names `--health` takes, and what each sets.</summary>
    public static readonly IReadOnlyList<string> HealthFlags =
    [
        "cancer-history",
        "long-term-steroids",
        "osteoporosis",
        "immunosuppressed",
    ];

    /// <summary>
    /// This profile with the health flags named in <paramref name="flags"/> set; unknown names throw.
    /// </summary>
    public AthleteProfile WithHealth(IEnumerable<string> flags)
    {
        var profile = this;
        foreach (var flag in flags.Select(f => f.Trim().ToLowerInvariant()).Where(f => f.Length > 0))
            profile = flag switch
            {
                "cancer-history" => profile with { CancerHistory = true },
                "long-term-steroids" => profile with { LongTermSteroids = true },
                "osteoporosis" => profile with { Osteoporosis = true },
                "immunosuppressed" => profile with { Immunosuppressed = true },
                _ => throw new ArgumentException($"'{flag}' is not one of {string.Join(", ", HealthFlags)}."),
            };
        return profile;
    }

    /// <summary>Age in years on <paramref name="day"/> (at most one year off: only the birth year is kept).</summary>
    public int? AgeOn(DateOnly day) => BirthYear is { } year ? day.Year - year : null;

    public const string WeeklySummaryOptOut = "weekly-summary";
    public const string OverloadAlertsOptOut = "overload-alerts";

    public bool OptsOut(string kind) => EmailOptOuts?.Contains(kind, StringComparer.OrdinalIgnoreCase) == true;

    /// <summary>The profile with <paramref name="kind"/> of email stopped, or started again.</summary>
    public AthleteProfile WithOptOut(string kind, bool optOut) =>
        this with
        {
            EmailOptOuts =
            [
                .. (EmailOptOuts ?? []).Where(k => !k.Equals(kind, StringComparison.OrdinalIgnoreCase)),
                .. optOut ? new[] { kind } : [],
            ],
        };

    public TimeZoneInfo ResolveTimeZone() => TimeZones.Resolve(TimeZone);

    /// <summary>
    /// The athlete's local calendar day of an instant (docs/design.md#formulas: a day is the athlete's local day).
    /// </summary>
    public DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, ResolveTimeZone()).DateTime);
}

public static class TimeZones
{
    public static TimeZoneInfo Resolve(string id) =>
        TryResolve(id, out var zone)
            ? zone
            : throw new ArgumentException($"Unknown time zone '{id}' (use an IANA name such as Europe/Berlin).");

    public static bool TryResolve(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
            return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}

/// <summary>Athlete ids become partition keys and blob paths: keep them to a safe alphabet.</summary>
public static class AthleteIds
{
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static void EnsureValid(string? id)
    {
        if (!IsValid(id))
            throw new ArgumentException($"Athlete id '{id}' is not valid: use 1-64 letters, digits, '-', '_' or '.'.");
    }
}
