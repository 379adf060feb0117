namespace BackSignal.Core.Localization;

/// <summary>
/// Whom to call in one country: the emergency number(s) for an ambulance, the one taught first leading, and the
/// national line for urgent care that is not an emergency (null where none covers the whole country: then the
/// advice names the doctor and the out-of-hours service instead of a number). <see cref="Source"/> is where the
/// numbers were checked.
/// </summary>
public sealed record CountryLines(
    string Country,
    IReadOnlyList<string> Emergency,
    string? Urgent,
    string? UrgentName,
    string Source
);

/// <summary>
/// The numbers per ISO 3166 country (docs/languages.md#numbers). 112 reaches the emergency services in every EU
/// country and from mobiles in many others, so a country without an entry gets 112; a profile without a country gets
/// the numbers of the main regions, as before countries were kept.
/// </summary>
public static class EmergencyLines
{
    private const string Eu112 = "https://digital-strategy.ec.europa.eu/en/policies/112";

    private static CountryLines Eu(string country, string? urgent = null, string? name = null, string? source = null)
    {
        return new(country, ["112"], urgent, name, source ?? Eu112);
    }

    public static readonly IReadOnlyDictionary<string, CountryLines> ByCountry = new CountryLines[]
    {
        // The European Union: 112 everywhere; a national urgent-care line only where it covers the country.
        Eu("AT", "1450", "Gesundheitsnummer 1450", "https://www.1450.at") with
        {
            Emergency = ["144", "112"],
        },
        Eu("BE", "1733", "huisartsenwachtpost / garde de médecine générale", "https://www.1733.be"),
        Eu("BG"),
        Eu("HR"),
        Eu("CY"),
        Eu("CZ"),
        Eu("DK"),
        Eu("EE", "1220", "perearsti nõuandeliin", "https://www.1220.ee"),
        Eu("FI", "116117", "Päivystysapu", "https://www.116117.fi"),
        Eu(
            "FR",
            "116 117",
            "médecin de garde, le soir et le week-end",
            "https://www.service-public.fr/particuliers/vosdroits/F33954"
        ) with
        {
            Emergency = ["15", "112"],
        },
        Eu("DE", "116117", "ärztlicher Bereitschaftsdienst", "https://www.116117.de"),
        Eu("GR"),
        Eu("HU"),
        Eu("IE") with
        {
            Emergency = ["112", "999"],
        },
        Eu("IT"),
        Eu("LV"),
        Eu("LT"),
        Eu("LU"),
        Eu("MT"),
        Eu("NL"),
        Eu("PL"),
        Eu("PT", "808 24 24 24", "SNS 24", "https://www.sns24.gov.pt"),
        Eu("RO"),
        Eu("SK"),
        Eu("SI"),
        Eu("ES"),
        Eu("SE", "1177", "Vårdguiden 1177", "https://www.1177.se"),
        // Beyond the EU.
        new(
            "GB",
            ["999", "112"],
            "111",
            "NHS 111",
            "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/"
        ),
        new("US", ["911"], null, null, "https://www.911.gov"),
        new("CA", ["911"], "811", "811 provincial health line", "https://www.canada.ca/en/health-canada.html"),
        new("AU", ["000"], "1800 022 222", "healthdirect", "https://www.healthdirect.gov.au/what-care-do-i-need"),
        new("NZ", ["111"], "0800 611 116", "Healthline", "https://info.health.nz/services-support/healthline"),
        new("CH", ["144", "112"], null, null, "https://www.ch.ch/en/safety-and-justice/emergency-numbers/"),
        new("NO", ["113", "112"], "116117", "legevakt", "https://www.helsenorge.no/en/legevakt/"),
        new("IS", ["112"], "1700", "Heilsuvera", "https://www.heilsuvera.is"),
        new("MX", ["911"], null, null, "https://www.gob.mx/911"),
    }.ToDictionary(c => c.Country, StringComparer.OrdinalIgnoreCase);

    /// <summary>The numbers of an ISO 3166 alpha-2 code; 112 when the country has no entry.</summary>
    public static CountryLines Of(string country) =>
        ByCountry.TryGetValue(country.Trim(), out var lines)
            ? lines
            : new(country.ToUpperInvariant(), ["112"], null, null, Eu112);

    /// <summary>An ISO 3166 alpha-2 code, upper case, or null when it is not one.</summary>
    public static string? NormalizeCountry(string? code)
    {
        if (code?.Trim() is not { Length: 2 } c || !c.All(char.IsAsciiLetter))
            return null;
        try
        {
            var region = new System.Globalization.RegionInfo(c.ToUpperInvariant());
            return region.TwoLetterISORegionName.Equals(c, StringComparison.OrdinalIgnoreCase)
                ? region.TwoLetterISORegionName
                : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
