using System.Globalization;
using BackSignal.Core.Localization;
using BackSignal.Core.Metrics;

namespace BackSignal.Core.Rules;

/// <summary>Why a day was a heavy hinge day (<see cref="HeavyReason"/>), said in the reader's language.</summary>
public static class HeavyReasons
{
    public static string Say(string? reason, Words words)
    {
        if (reason is null)
            return "";
        var parts = reason.Split('|');
        double N(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
        try
        {
            return parts[0] switch
            {
                HeavyReason.E1rm when parts.Length == 6 => words[
                    "Rule.Heavy.E1rm",
                    parts[1],
                    N(2).ToString("0.#", words.Culture),
                    N(3).ToString("P0", words.Culture),
                    N(4),
                    N(5).ToString("0.#", words.Culture)
                ],
                HeavyReason.Rpe when parts.Length == 3 => words[
                    "Rule.Heavy.Rpe",
                    parts[1],
                    N(2).ToString("0.#", words.Culture)
                ],
                HeavyReason.Volume when parts.Length == 6 => words[
                    "Rule.Heavy.Volume",
                    N(2).ToString("0", words.Culture),
                    N(3).ToString("0.0", words.Culture),
                    N(4),
                    N(5).ToString("0", words.Culture)
                ],
                // A reason stored in words before reasons were kept as data: shown as it was written.
                _ => reason,
            };
        }
        catch (FormatException)
        {
            return reason;
        }
    }
}
