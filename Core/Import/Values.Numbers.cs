using System.Globalization;

namespace BackSignal.Core.Import;

/// <summary>The fast paths of number reading: what every row of a million-row export goes through.</summary>
public static partial class Values
{
    /// <summary>
    /// The shape nearly every exported number has ("62.5", "8", "-3.25": at most 9 digits before the point and 6
    /// after), read without double.Parse's general machinery, which cost a tenth of a million-row import. The same
    /// double as <c>Math.Round(double.Parse(text), 6)</c>: the digits as an integer divided by an exact power of ten is
    /// one correctly rounded division, which is what parsing the decimal gives; and below 10^9 the value in millionths
    /// is an integer under 2^50, so the rounding to 6 decimals gives it back unchanged (above, it may move it by an
    /// ulp, which is why larger numbers take the general path, as anything else here does).
    /// </summary>
    internal static bool TryPlainDecimal(string? text, out double value)
    {
        value = 0;
        if (text is null)
            return false;
        var negative = text.Length > 0 && text[0] == '-';
        long digits = 0;
        int whole = 0,
            decimals = -1;
        for (var i = negative ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' && decimals < 0)
                decimals = 0;
            else if (!char.IsAsciiDigit(c))
                return false;
            else if (decimals < 0 ? ++whole > 9 : ++decimals > 6)
                return false;
            else
                digits = digits * 10 + (c - '0');
        }
        if (whole == 0 && decimals <= 0)
            return false;
        value = digits / PowersOfTen[Math.Max(decimals, 0)];
        value = negative ? -value : value;
        return true;
    }

    private static readonly double[] PowersOfTen = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];

    public static bool TryInt(string? text, out int value)
    {
        // A set number on every row of a million: plain digits are counted without int.TryParse's general path.
        if (text is { Length: > 0 and <= 9 } && !text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            value = 0;
            foreach (var c in text)
                value = value * 10 + (c - '0');
            return true;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out value))
            return true;
        value = 0;
        if (
            !TryNumber(text, decimalComma: false, out var d)
            || d != Math.Floor(d)
            || d is < int.MinValue or > int.MaxValue
        )
            return false;
        value = (int)d;
        return true;
    }
}
