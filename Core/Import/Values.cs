using System.Globalization;

namespace BackSignal.Core.Import;

/// <summary>The small parsers every export needs: numbers in their local spellings, durations, local times.</summary>
public static partial class Values
{
    public const double KgPerLb = 0.45359237;
    public const double MetresPerMile = 1609.344;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>True for the spellings exports use for "no value": empty, "--", "-".</summary>
    public static bool IsMissing(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.AsSpan().Trim() is "--" or "-";

    /// <summary>
    /// Parses a number written with a decimal point, or a decimal comma when <paramref name="decimalComma"/>,
    /// with thousands separators ("1,721") allowed when the decimal mark is a point. Float artefacts such as
    /// 149.99999999999997 are rounded to 6 decimals.
    /// </summary>
    public static bool TryNumber(string? text, bool decimalComma, out double value)
    {
        if (!decimalComma && TryPlainDecimal(text, out value))
            return true;
        value = 0;
        if (IsMissing(text) || text!.Length > MaxValueChars)
            return false;
        // The common case first, without allocating: a plain number such as 102.5.
        const NumberStyles plain =
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!decimalComma && double.TryParse(text, plain, Invariant, out value) && double.IsFinite(value))
        {
            value = Math.Round(value, 6);
            return true;
        }
        var s = text.Trim().Replace("\u00A0", "").Replace("\u202F", "");
        if (decimalComma)
            s = s.Replace(".", "").Replace(',', '.');
        else
            s = s.Replace(",", "");
        if (!double.TryParse(s, NumberStyles.Float, Invariant, out value) || !double.IsFinite(value))
            return false;
        value = Math.Round(value, 6);
        return true;
    }

    /// <summary>
    /// A number whose decimal mark is decided by the number itself, for files whose delimiter says nothing
    /// about it (Strong's semicolon exports write "9.5" on some phones and "9,5" on others): with both marks,
    /// the last one is the decimal mark ("1.234,5", "1,234.5"); with one mark once, it is the decimal mark.
    /// </summary>
    public static bool TryNumberEitherMark(string? text, out double value)
    {
        value = 0;
        if (IsMissing(text) || text!.Length > MaxValueChars)
            return false;
        var lastComma = text.LastIndexOf(',');
        var lastPoint = text.LastIndexOf('.');
        var commaIsDecimal = lastComma > lastPoint && (lastPoint >= 0 || text.IndexOf(',') == lastComma);
        return TryNumber(text, commaIsDecimal, out value);
    }

    /// <summary>
    /// A count or heart rate of a localized export: "1,200", "1.200" and "1 200" are twelve hundred (a mark before
    /// exactly three digits groups thousands), "139,5" and "139.5" a decimal.
    /// </summary>
    public static bool TryLocalizedCount(string? text, out double value)
    {
        value = 0;
        if (IsMissing(text) || text!.Length > MaxValueChars)
            return false;
        var s = text.Trim();
        if (ThousandsGrouped().IsMatch(s))
            return double.TryParse(ThousandMarks().Replace(s, ""), NumberStyles.None, Invariant, out value);
        return TryNumberEitherMark(s, out value);
    }

    /// <summary>
    /// A weight or distance of a comma-separated export that may be localized: "102.5", "1,234.5" and "1,025" as
    /// English writes them, "102,5" (one comma, not before three digits) as a decimal comma. Text without a comma
    /// takes the plain path, so English files cost nothing more.
    /// </summary>
    public static bool TryDecimalEitherMark(string? text, out double value)
    {
        if (text is null || text.IndexOf(',') < 0)
            return TryNumber(text, decimalComma: false, out value);
        value = 0;
        if (IsMissing(text) || text.Length > MaxValueChars)
            return false;
        var s = text.Trim();
        var comma = s.IndexOf(',');
        var decimalComma = comma == s.LastIndexOf(',') && s.IndexOf('.') < 0 && s.Length - comma - 1 is 1 or 2;
        return TryNumber(s, decimalComma, out value);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,3}([.,\u00A0\u202F ]\d{3})+$")]
    private static partial System.Text.RegularExpressions.Regex ThousandsGrouped();

    [System.Text.RegularExpressions.GeneratedRegex(@"[.,\u00A0\u202F ]")]
    private static partial System.Text.RegularExpressions.Regex ThousandMarks();

    /// <summary>
    /// No duration, number or date an export writes is longer; longer text is refused before parsing.
    /// </summary>
    public const int MaxValueChars = 64;

    /// <summary>
    /// Minutes from the duration spellings of the exports: "2h 18m", "1h", "49m", "38min", "45s", "01:02:03",
    /// "00:03:21.9", "12:30" (mm:ss), or a bare number of seconds. Parsed in one left-to-right pass (no regular
    /// expression, so no backtracking), after refusing text longer than <see cref="MaxValueChars"/>.
    /// </summary>
    public static bool TryDurationMinutes(string? text, out double minutes)
    {
        minutes = 0;
        if (IsMissing(text))
            return false;
        var s = text!.AsSpan().Trim();
        if (s.Length > MaxValueChars)
            return false;
        if (TryUnitDuration(s, out minutes) || TryClockDuration(s, out minutes))
            return true;
        if (
            double.TryParse(s, NumberStyles.Float, Invariant, out var seconds)
            && double.IsFinite(seconds)
            && seconds >= 0
        )
        {
            minutes = seconds / 60;
            return true;
        }
        minutes = 0;
        return false;
    }

    /// <summary>
    /// "2h 18m", "38min", "1 hour 5 minutes", "45s": numbers each followed by an h, m or s unit, in that order.
    /// </summary>
    private static bool TryUnitDuration(ReadOnlySpan<char> s, out double minutes)
    {
        minutes = 0;
        var rank = 0; // h = 1, m = 2, s = 3: each unit at most once, in that order
        var any = false;
        var i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            if (i == s.Length)
                return any;
            var numberStart = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                i++;
            if (
                i == numberStart
                || !double.TryParse(s[numberStart..i], NumberStyles.AllowDecimalPoint, Invariant, out var number)
            )
                return false;
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            var wordStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
                i++;
            var word = s[wordStart..i];
            (int Rank, double Minutes)? unit = word.ToString().ToLowerInvariant() switch
            {
                "h" or "hr" or "hrs" or "hour" or "hours" => (1, 60),
                "m" or "min" or "mins" or "minute" or "minutes" => (2, 1),
                "s" or "sec" or "secs" or "second" or "seconds" => (3, 1 / 60.0),
                _ => null,
            };
            if (unit is not { } u || u.Rank <= rank)
                return false;
            rank = u.Rank;
            minutes += number * u.Minutes;
            any = true;
        }
    }

    /// <summary>"01:02:03" or "00:03:21.9" (h:mm:ss) and "12:30" (mm:ss).</summary>
    private static bool TryClockDuration(ReadOnlySpan<char> s, out double minutes)
    {
        minutes = 0;
        Span<Range> parts = stackalloc Range[4];
        var count = s.Split(parts, ':');
        if (count is < 2 or > 3)
            return false;
        var a = s[parts[0]];
        if (a.Length == 0 || !AllDigits(a) || !double.TryParse(a, NumberStyles.None, Invariant, out var first))
            return false;
        if (!TryClockPart(s[parts[1]], out var second))
            return false;
        if (count == 2)
        {
            minutes = first + second / 60;
            return true;
        }
        if (!TryClockPart(s[parts[2]], out var third))
            return false;
        minutes = first * 60 + second + third / 60;
        return true;

        static bool TryClockPart(ReadOnlySpan<char> part, out double value)
        {
            value = 0;
            // Seconds may carry a fraction with either mark: "21.9", or "21,9" in localized exports.
            var dot = part.IndexOfAny('.', ',');
            var whole = dot < 0 ? part : part[..dot];
            if (whole.Length is < 1 or > 2 || !AllDigits(whole))
                return false;
            if (dot >= 0 && (dot == part.Length - 1 || !AllDigits(part[(dot + 1)..])))
                return false;
            if (!double.TryParse(whole, NumberStyles.None, Invariant, out value))
                return false;
            if (dot >= 0)
                value +=
                    double.Parse(part[(dot + 1)..], NumberStyles.None, Invariant) / Math.Pow(10, part.Length - dot - 1);
            return true;
        }
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiDigit(c))
                return false;
        return true;
    }

    public static double ToKg(double weight, string unit) => ToKg(weight, IsPounds(unit));

    public static double ToKg(double weight, bool pounds) =>
        pounds ? Math.Round(weight * KgPerLb, 3) : Math.Round(weight, 3);

    /// <summary>Asked per set of a million-row file: compares in place, without a lower-cased copy.</summary>
    public static bool IsPounds(string? unit)
    {
        var u = unit.AsSpan().Trim();
        return u.Equals("lb", StringComparison.OrdinalIgnoreCase)
            || u.Equals("lbs", StringComparison.OrdinalIgnoreCase)
            || u.Equals("pound", StringComparison.OrdinalIgnoreCase)
            || u.Equals("pounds", StringComparison.OrdinalIgnoreCase);
    }
}
