using System.Globalization;
using System.Text.RegularExpressions;

namespace BackSignal.Core.Import;

public static partial class Values
{
    /// <summary>
    /// Parses a local date and time in one of <paramref name="formats"/>; narrow and plain no-break spaces count as
    /// spaces.
    /// </summary>
    public static bool TryLocal(string? text, string[] formats, out DateTime local)
    {
        local = default;
        if (IsMissing(text) || text!.Length > MaxValueChars)
            return false;
        if (!TryIsoLocal(text, out local))
        {
            var s = text.Trim().Replace('\u202F', ' ').Replace('\u00A0', ' ');
            if (!DateTime.TryParseExact(s, formats, Invariant, DateTimeStyles.AllowInnerWhite, out local))
                return false;
        }
        // Times at the calendar's edges (0001-01-01 00:30 in Berlin) cannot be placed in a zone; no export has them.
        return local.Year is >= MinYear and <= MaxYear;
    }

    /// <summary>
    /// The spelling most exports use, "yyyy-MM-dd H:mm[:ss]" with an optional am/pm, parsed by hand: the
    /// framework's format matching costs microseconds per call, which shows on a million-row file.
    /// </summary>
    private static bool TryIsoLocal(ReadOnlySpan<char> s, out DateTime local)
    {
        local = default;
        s = s.Trim();
        if (s.Length < 15 || s[4] != '-' || s[7] != '-' || s[10] != ' ')
            return false;
        if (
            !Digits(s[..4], out var year)
            || !Digits(s.Slice(5, 2), out var month)
            || !Digits(s.Slice(8, 2), out var day)
        )
            return false;
        var rest = s[11..];
        var colon = rest.IndexOf(':');
        if (colon is < 1 or > 2 || !Digits(rest[..colon], out var hour))
            return false;
        rest = rest[(colon + 1)..];
        if (rest.Length < 2 || !Digits(rest[..2], out var minute))
            return false;
        rest = rest[2..];
        var second = 0;
        if (rest.Length > 0 && rest[0] == ':')
        {
            if (rest.Length < 3 || !Digits(rest.Slice(1, 2), out second))
                return false;
            rest = rest[3..];
        }
        rest = rest.TrimStart([' ', '\u202F', '\u00A0']);
        if (rest.Length > 0)
        {
            var pm =
                rest.Equals("pm", StringComparison.OrdinalIgnoreCase)
                || rest.Equals("p.m.", StringComparison.OrdinalIgnoreCase);
            var am =
                rest.Equals("am", StringComparison.OrdinalIgnoreCase)
                || rest.Equals("a.m.", StringComparison.OrdinalIgnoreCase);
            if (!(am || pm) || hour is < 1 or > 12)
                return false;
            hour = hour % 12 + (pm ? 12 : 0);
        }
        return TryCalendar(year, month, day, hour, minute, second, out local);

        static bool Digits(ReadOnlySpan<char> digits, out int value)
        {
            value = 0;
            foreach (var c in digits)
            {
                if (c is < '0' or > '9')
                    return false;
                value = value * 10 + (c - '0');
            }
            return digits.Length > 0;
        }
    }

    /// <summary>
    /// The instant of a wall-clock time in a zone. A time skipped by a DST change (02:30 on the spring-forward
    /// night) is read as the same wall time an hour later; a repeated one as its first occurrence.
    /// </summary>
    public static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone)
    {
        if (local.Year is < MinYear or > MaxYear)
            throw new ArgumentOutOfRangeException(
                nameof(local),
                "Only years 1900 to 2200 can be placed in a time zone."
            );
        return InZoneChecked(local, zone);
    }

    /// <summary>Years a local time may have (wider than any export; narrower than the calendar's edges).</summary>
    public const int MinYear = 1900,
        MaxYear = 2200;

    private static DateTimeOffset InZoneChecked(DateTime local, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
            wall = wall.AddHours(1);
        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset);
    }

    /// <summary>
    /// A date and time as an app set to another language writes it: a month name in German, French, Spanish,
    /// Italian, Dutch, Portuguese, Swedish, Danish or Norwegian ("22 août 2023, 17:43", "22. Aug. 2023 17:43",
    /// "22 de ago. de 2023, 17:43"), or day first in digits ("22.08.2023, 17:43", "22/08/2023 17:43"). Tried only
    /// after the English forms failed, so English files pay nothing for it.
    /// </summary>
    public static bool TryLocalizedDate(string? text, out DateTime local)
    {
        local = default;
        if (IsMissing(text) || text!.Length > MaxValueChars)
            return false;
        var s = text.Trim().Replace('\u202F', ' ').Replace('\u00A0', ' ');
        int day,
            month,
            year;
        Match m;
        if ((m = NamedMonthDate().Match(s)).Success)
        {
            if (!MonthsByName.Value.TryGetValue(m.Groups["month"].Value.ToLowerInvariant(), out month))
                return false;
        }
        else if ((m = DigitsDate().Match(s)).Success)
            month = int.Parse(m.Groups["month"].Value, Invariant);
        else
            return false;
        day = int.Parse(m.Groups["day"].Value, Invariant);
        year = int.Parse(m.Groups["year"].Value, Invariant);
        var hour = int.Parse(m.Groups["hour"].Value, Invariant);
        var minute = int.Parse(m.Groups["minute"].Value, Invariant);
        var second = m.Groups["second"].Success ? int.Parse(m.Groups["second"].Value, Invariant) : 0;
        local = default;
        return year is >= MinYear and <= MaxYear && TryCalendar(year, month, day, hour, minute, second, out local);
    }

    /// <summary>A local date and time from its parts, or false when they name none (31 February, 25:00).</summary>
    private static bool TryCalendar(int year, int month, int day, int hour, int minute, int second, out DateTime local)
    {
        local = default;
        if (
            year is < 1 or > 9999
            || month is < 1 or > 12
            || day < 1
            || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23
            || minute is < 0 or > 59
            || second is < 0 or > 59
        )
            return false;
        local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    // Danish and Finnish write the clock with dots (18.41).
    private const string Clock = @",?\s+(?<hour>\d{1,2})[:.](?<minute>\d{2})(?:[:.](?<second>\d{2}))?$";

    [GeneratedRegex(@"^(?<day>\d{1,2})\.?\s+(?:de\s+)?(?<month>\p{L}+)\.?\s+(?:de\s+)?(?<year>\d{4})" + Clock)]
    private static partial Regex NamedMonthDate();

    [GeneratedRegex(@"^(?<day>\d{1,2})[./-](?<month>\d{1,2})[./-](?<year>\d{4})" + Clock)]
    private static partial Regex DigitsDate();

    // Full, abbreviated and genitive month names of the languages the apps are used in, without their dots.
    private static readonly Lazy<Dictionary<string, int>> MonthsByName = new(() =>
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in new[] { "en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "nb" })
        {
            var format = CultureInfo.GetCultureInfo(code).DateTimeFormat;
            for (var i = 0; i < 12; i++)
                foreach (
                    var name in new[]
                    {
                        format.MonthNames[i],
                        format.AbbreviatedMonthNames[i],
                        format.MonthGenitiveNames[i],
                        format.AbbreviatedMonthGenitiveNames[i],
                    }
                )
                    if (name.Trim('.').ToLowerInvariant() is { Length: > 0 } key)
                        names.TryAdd(key, i + 1);
        }
        // Short forms the apps write that the cultures spell longer ("Sep" for "Sept.", "Mrz" for "März").
        foreach (var (key, month) in new[] { ("sep", 9), ("mrz", 3), ("mär", 3), ("okt", 10), ("dez", 12) })
            names.TryAdd(key, month);
        return names;
    });
}
