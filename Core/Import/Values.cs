using System.Globalization;
using System.Text.RegularExpressions;

namespace BackSignal.Core.Import;

/// <summary>The small parsers every export needs: numbers in their local spellings, durations, local times.</summary>
public static partial class Values
{
    public const double KgPerLb = 0.45359237;
    public const double MetresPerMile = 1609.344;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>True for the spellings exports use for "no value": empty, "--", "-".</summary>
    public static bool IsMissing(string? text) => string.IsNullOrWhiteSpace(text) || text.Trim() is "--" or "-";

    /// <summary>
    /// Parses a number written with a decimal point, or a decimal comma when <paramref name="decimalComma"/>,
    /// with thousands separators ("1,721") allowed when the decimal mark is a point. Float artefacts such as
    /// 149.99999999999997 are rounded to 6 decimals.
    /// </summary>
    public static bool TryNumber(string? text, bool decimalComma, out double value)
    {
        value = 0;
        if (IsMissing(text)) return false;
        // The common case first, without allocating: a plain number such as 102.5.
        if (!decimalComma && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, Invariant, out value) && double.IsFinite(value))
        {
            value = Math.Round(value, 6);
            return true;
        }
        var s = text!.Trim().Replace("\u00A0", "").Replace("\u202F", "");
        if (decimalComma) s = s.Replace(".", "").Replace(',', '.');
        else s = s.Replace(",", "");
        if (!double.TryParse(s, NumberStyles.Float, Invariant, out value) || !double.IsFinite(value)) return false;
        value = Math.Round(value, 6);
        return true;
    }

    public static bool TryInt(string? text, out int value)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out value)) return true;
        value = 0;
        if (!TryNumber(text, decimalComma: false, out var d) || d != Math.Floor(d) || d is < int.MinValue or > int.MaxValue) return false;
        value = (int)d;
        return true;
    }

    /// <summary>
    /// Minutes from the duration spellings of the exports: "2h 18m", "1h", "49m", "38min", "45s", "01:02:03",
    /// "00:03:21.9", "12:30" (mm:ss), or a bare number of seconds.
    /// </summary>
    public static bool TryDurationMinutes(string? text, out double minutes)
    {
        minutes = 0;
        if (IsMissing(text)) return false;
        var s = text!.Trim();
        var units = DurationUnits().Match(s);
        if (units.Success && (units.Groups["h"].Success || units.Groups["m"].Success || units.Groups["s"].Success))
        {
            minutes = Group(units, "h") * 60 + Group(units, "m") + Group(units, "s") / 60;
            return true;
        }
        var clock = Clock().Match(s);
        if (clock.Success)
        {
            var a = double.Parse(clock.Groups["a"].Value, Invariant);
            var b = double.Parse(clock.Groups["b"].Value, Invariant);
            var c = clock.Groups["c"].Success ? double.Parse(clock.Groups["c"].Value, Invariant) : (double?)null;
            minutes = c is { } sec ? a * 60 + b + sec / 60 : a + b / 60;
            return true;
        }
        if (double.TryParse(s, NumberStyles.Float, Invariant, out var seconds) && double.IsFinite(seconds) && seconds >= 0)
        {
            minutes = seconds / 60;
            return true;
        }
        return false;

        static double Group(Match m, string name) => m.Groups[name].Success ? double.Parse(m.Groups[name].Value, Invariant) : 0;
    }

    /// <summary>Parses a local date and time in one of <paramref name="formats"/>; narrow and plain no-break spaces count as spaces.</summary>
    public static bool TryLocal(string? text, string[] formats, out DateTime local)
    {
        local = default;
        if (IsMissing(text)) return false;
        if (TryIsoLocal(text!, out local)) return true;
        var s = text!.Trim().Replace('\u202F', ' ').Replace('\u00A0', ' ');
        return DateTime.TryParseExact(s, formats, Invariant, DateTimeStyles.AllowInnerWhite, out local);
    }

    /// <summary>
    /// The spelling most exports use, "yyyy-MM-dd H:mm[:ss]" with an optional am/pm, parsed by hand: the
    /// framework's format matching costs microseconds per call, which shows on a million-row file.
    /// </summary>
    private static bool TryIsoLocal(ReadOnlySpan<char> s, out DateTime local)
    {
        local = default;
        s = s.Trim();
        if (s.Length < 15 || s[4] != '-' || s[7] != '-' || s[10] != ' ') return false;
        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)) return false;
        var rest = s[11..];
        var colon = rest.IndexOf(':');
        if (colon is < 1 or > 2 || !Digits(rest[..colon], out var hour)) return false;
        rest = rest[(colon + 1)..];
        if (rest.Length < 2 || !Digits(rest[..2], out var minute)) return false;
        rest = rest[2..];
        var second = 0;
        if (rest.Length > 0 && rest[0] == ':')
        {
            if (rest.Length < 3 || !Digits(rest.Slice(1, 2), out second)) return false;
            rest = rest[3..];
        }
        rest = rest.TrimStart([' ', '\u202F', '\u00A0']);
        if (rest.Length > 0)
        {
            var pm = rest.Equals("pm", StringComparison.OrdinalIgnoreCase) || rest.Equals("p.m.", StringComparison.OrdinalIgnoreCase);
            var am = rest.Equals("am", StringComparison.OrdinalIgnoreCase) || rest.Equals("a.m.", StringComparison.OrdinalIgnoreCase);
            if (!(am || pm) || hour is < 1 or > 12) return false;
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        local = new DateTime(year, month, day, hour, minute, second);
        return true;

        static bool Digits(ReadOnlySpan<char> digits, out int value)
        {
            value = 0;
            foreach (var c in digits)
            {
                if (c is < '0' or > '9') return false;
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
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall)) wall = wall.AddHours(1);
        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset);
    }

    public static double ToKg(double weight, string unit) => IsPounds(unit) ? Math.Round(weight * KgPerLb, 3) : Math.Round(weight, 3);

    public static bool IsPounds(string? unit) => unit?.Trim().ToLowerInvariant() is "lb" or "lbs" or "pound" or "pounds";

    [GeneratedRegex(@"^\s*(?:(?<h>\d+(?:\.\d+)?)\s*h(?:rs?|ours?)?)?\s*(?:(?<m>\d+(?:\.\d+)?)\s*m(?:in(?:s|utes?)?)?)?\s*(?:(?<s>\d+(?:\.\d+)?)\s*s(?:ec(?:s|onds?)?)?)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationUnits();

    [GeneratedRegex(@"^(?<a>\d+):(?<b>\d{1,2}(?:\.\d+)?)(?::(?<c>\d{1,2}(?:\.\d+)?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Clock();
}
