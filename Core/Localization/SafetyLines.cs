namespace BackSignal.Core.Localization;

/// <summary>
/// The numbers as a sentence says them, in the reader's language and for their country: "112", "15 or 112", or,
/// without a country, the numbers of the main regions. Two different calls, never one: the emergency number for the
/// emergency signs, the urgent-care line (or the doctor's out-of-hours service) for pain that keeps getting worse.
/// </summary>
public sealed record SafetyLines(Words Words, string? Country)
{
    public CountryLines? Lines => Country is null ? null : EmergencyLines.Of(Country);

    /// <summary>What to dial in an emergency, as a sentence names it ("112", "15 ou le 112").</summary>
    public string Emergency =>
        Lines is { } lines
            ? lines.Emergency.Skip(1).Aggregate(lines.Emergency[0], (said, next) => Words["Safety.Or", said, next])
            : Words["Safety.Anywhere"];

    /// <summary>
    /// Whom to contact for pain that is not an emergency but cannot wait: the national line with its name, or the
    /// doctor's out-of-hours service where the country has no single line.
    /// </summary>
    public string UrgentContact => Urgent("Safety.Contact");

    /// <summary>
    /// The call to make for urgent care, as advice says it ("call 116117 (ärztlicher Bereitschaftsdienst)"), or the
    /// doctor's out-of-hours service where the country has no single line.
    /// </summary>
    public string UrgentCall => Urgent("Safety.Call");

    /// <summary>The <paramref name="texts"/> sentence: the line, a country without one, or no country.</summary>
    private string Urgent(string texts) =>
        Lines is { Urgent: { } number, UrgentName: { } name }
            ? Words[texts + ".Line", number, name]
            : Words[texts + (Lines is null ? ".Anywhere" : ".NoLine")];

    /// <summary>The line every email and page ends with: no diagnosis, nobody reads, whom to call for what.</summary>
    public string Footer => Words["Safety.NotADiagnosis"] + " " + WhenToCall;

    public string WhenToCall => Words["Safety.WhenToCall", Emergency, Words["Doctor.EmergencySigns"], UrgentContact];

    public static SafetyLines English { get; } = new(Words.English, null);

    /// <summary>
    /// A page for someone not known yet (a refused link, sign-up): the language of the request, which the front door
    /// sets from the browser's Accept-Language (<see cref="RequestLanguage"/>; English outside a request, whatever
    /// the machine's own culture), and the main regions' numbers.
    /// </summary>
    public static SafetyLines Browser => new(Words.For(RequestLanguage.Current), null);

    public static SafetyLines For(Model.AthleteProfile? profile) =>
        profile is null ? English : new(Words.For(profile.Language), profile.Country);
}

/// <summary>
/// The language of the HTTP request being served, from its Accept-Language: set by the front door's ASP.NET Core
/// adapter for the request's own async flow (as ASP.NET Core's request localization sets its culture).
/// </summary>
public static class RequestLanguage
{
    private static readonly AsyncLocal<string?> Language = new();

    public static string Current => Language.Value ?? Languages.English;

    public static void Set(string? acceptLanguage) => Language.Value = Languages.FromAcceptLanguage(acceptLanguage);
}
