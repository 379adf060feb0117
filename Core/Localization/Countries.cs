using System.Globalization;

namespace BackSignal.Core.Localization;

/// <summary>The countries the settings and sign-up pages offer, each named in its own language.</summary>
public static class Countries
{
    public static readonly IReadOnlyList<(string Code, string Name)> Offered = CultureInfo
        .GetCultures(CultureTypes.SpecificCultures)
        .Select(c => c.Name)
        .Select(Region)
        .OfType<RegionInfo>()
        .Select(r => r.TwoLetterISORegionName)
        .Concat(EmergencyLines.ByCountry.Keys)
        .Where(code => EmergencyLines.NormalizeCountry(code) == code)
        .Distinct(StringComparer.Ordinal)
        .Select(code => (code, Name: Region(code)!.NativeName))
        .OrderBy(c => c.Name, StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.IgnoreCase))
        .ToList();

    /// <summary>
    /// The country of the first region an Accept-Language header names ("de-AT" → AT): what sign-up selects first.
    /// </summary>
    public static string? FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 1000)
            return null;
        foreach (var part in header.Split(','))
            if (part.Split(';')[0].Trim().Split('-') is [_, var region, ..])
                if (EmergencyLines.NormalizeCountry(region) is { } country)
                    return country;
        return null;
    }

    private static RegionInfo? Region(string name)
    {
        try
        {
            return new RegionInfo(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
