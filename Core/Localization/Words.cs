using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Localization;

/// <summary>The resources every text comes from: Localization/Texts.resx and its translations.</summary>
public sealed class Texts
{
    private Texts() { }
}

/// <summary>
/// The texts of one language, looked up through .NET's <see cref="IStringLocalizer"/> over the resource files and
/// formatted in that language's culture (numbers, dates, plurals chosen by key). Bound to a culture rather than the
/// thread's, so that a handler writing to a German athlete and then to an English coach cannot mix them up.
/// </summary>
public sealed class Words
{
    private static readonly IStringLocalizer Localizer = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions()),
        NullLoggerFactory.Instance
    ).Create(typeof(Texts));

    private static readonly ResourceManager Resources = new(typeof(Texts).FullName!, typeof(Texts).Assembly);

    private static readonly ConcurrentDictionary<string, Words> ByLanguage = new(StringComparer.Ordinal);

    public static Words English { get; } = For(Languages.English);

    /// <summary>
    /// Keys asked for in a language whose file lacks them (the English text was shown instead): what the
    /// translation tests read after rendering every kind of email and page.
    /// </summary>
    public static ConcurrentDictionary<string, byte> FellBack { get; } = new(StringComparer.Ordinal);

    private Words(string language)
    {
        Language = language;
        Culture = Languages.Culture(language);
    }

    public static Words For(string? language) =>
        ByLanguage.GetOrAdd(Languages.Normalize(language), code => new Words(code));

    /// <summary>The two-letter code: what <c>&lt;html lang&gt;</c> and Content-Language say.</summary>
    public string Language { get; }

    public CultureInfo Culture { get; }

    public string this[string key]
    {
        get
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = Culture;
            try
            {
                var text = Localizer[key];
                if (text.ResourceNotFound)
                    throw new KeyNotFoundException($"No text '{key}' in Localization/Texts.resx.");
                if (Language != Languages.English && Resources.GetString(key, Culture) == Resources.GetString(key))
                    NoteFallback(key);
                return text.Value;
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        }
    }

    /// <summary>
    /// The text of a key kept in a row (a connection's problem), or the row's own words when they are not a key (rows
    /// written before the texts were keyed).
    /// </summary>
    public string KeptText(string keyOrText) => Has(keyOrText) ? this[keyOrText] : keyOrText;

    /// <summary>
    /// The translation of a text a lower layer wrote in English (a link's refusal from Access), found by its English
    /// words in Texts.resx; the text itself when it has no key.
    /// </summary>
    public string FromEnglish(string text) => EnglishToKey.Value.TryGetValue(text, out var key) ? this[key] : text;

    private static readonly Lazy<Dictionary<string, string>> EnglishToKey = new(() =>
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (
            System.Collections.DictionaryEntry entry in Resources.GetResourceSet(
                CultureInfo.InvariantCulture,
                createIfNotExists: true,
                tryParents: false
            )!
        )
            if (entry.Value is string value)
                keys.TryAdd(value, (string)entry.Key);
        return keys;
    });

    /// <summary>Whether Texts.resx has <paramref name="key"/>.</summary>
    public static bool Has(string key) => Resources.GetString(key, CultureInfo.InvariantCulture) is not null;

    /// <summary>A text with its holes filled, numbers and dates in this language's forms.</summary>
    public string this[string key, params object?[] values] => string.Format(Culture, this[key], values);

    /// <summary>
    /// "1 check-in" or "3 check-ins": the key's ".one" or ".other" form, by the language's plural rule (CLDR: French
    /// counts 0 as one, "0 séance"; English, German and Spanish only 1).
    /// </summary>
    public string Count(string key, int n) =>
        this[(Language == "fr" ? n is 0 or 1 : n == 1) ? key + ".one" : key + ".other", n];

    /// <summary>
    /// A sentence quoted after a colon: its first letter lowered in the languages that do so, kept in German (where
    /// the formal "Sie" and every noun keep their capital) and before an acronym ("ACWR").
    /// </summary>
    public string MidSentence(string sentence) =>
        Language == "de" || sentence.Length < 2 || !char.IsUpper(sentence[0]) || char.IsUpper(sentence[1])
            ? sentence
            : char.ToLower(sentence[0], Culture) + sentence[1..];

    /// <summary>A date as this language writes it in full (4 December 2026, 4. Dezember 2026).</summary>
    public string Date(DateOnly day) => day.ToString(this["Format.Date"], Culture);

    private void NoteFallback(string key)
    {
        // A text the translation leaves the same as English ("OK", a number) is not a fallback; the resource set
        // of the language itself decides.
        var own = Resources.GetResourceSet(Culture, createIfNotExists: true, tryParents: false);
        if (own?.GetString(key) is null)
            FellBack.TryAdd($"{Language}:{key}", 0);
    }
}
