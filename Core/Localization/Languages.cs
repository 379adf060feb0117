using System.Globalization;
using System.Net.Http.Headers;

namespace BackSignal.Core.Localization;

/// <summary>
/// The languages BackSignal writes in (docs/languages.md): English, German, French and Spanish. A profile keeps
/// the two-letter code; anything else reads as English, the language every text exists in.
/// </summary>
public static class Languages
{
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [English, "de", "fr", "es"];

    /// <summary>The languages as the settings and sign-up pages offer them, each named in itself.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Offered =
    [
        ("en", "English"),
        ("de", "Deutsch"),
        ("fr", "Français"),
        ("es", "Español"),
    ];

    /// <summary>A language named in itself ("Deutsch").</summary>
    public static string NameOf(string code) =>
        Offered.FirstOrDefault(l => l.Code == Normalize(code)).Name ?? "English";

    public static bool IsSupported(string? code) =>
        code is not null && All.Contains(code.Trim().ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>The supported code of <paramref name="code"/> ("de-AT" → "de"), or English.</summary>
    public static string Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return English;
        var primary = code.Trim().Split('-', '_')[0].ToLowerInvariant();
        return All.Contains(primary, StringComparer.Ordinal) ? primary : English;
    }

    public static CultureInfo Culture(string? code) => CultureInfo.GetCultureInfo(Normalize(code));

    /// <summary>
    /// The first supported language of a browser's Accept-Language header, by its quality values (q=0 refuses);
    /// English when none is supported or the header cannot be read.
    /// </summary>
    public static string FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 1000)
            return English;
        var ranked = new List<(string Code, double Quality, int Order)>();
        foreach (var (part, order) in header.Split(',').Select((p, i) => (p, i)))
            if (StringWithQualityHeaderValue.TryParse(part.Trim(), out var value) && (value.Quality ?? 1) > 0)
            {
                var primary = value.Value.Split('-')[0].ToLowerInvariant();
                if (All.Contains(primary, StringComparer.Ordinal))
                    ranked.Add((primary, value.Quality ?? 1, order));
            }
        return ranked.OrderByDescending(r => r.Quality).ThenBy(r => r.Order).Select(r => r.Code).FirstOrDefault()
            ?? English;
    }
}
