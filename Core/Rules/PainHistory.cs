using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// The see-a-doctor findings that come from pain scores over time rather than one answer (docs/checkin.md): severe pain
/// today, new pain with a cancer history or a weakened immune system, persistent pain, and repeated flare-ups. None
/// of them can be "known": they are about the course, not a sign a clinician has seen.
/// </summary>
public static class PainHistory
{
    public static IEnumerable<DoctorFinding> Findings(PainCheckin c, RuleContext context)
    {
        var o = context.Alerts;
        var words = context.Safety.Words;
        var history = context
            .Checkins.Where(x => x.Date < c.Date && x.Pain is not null)
            .GroupBy(x => x.Date)
            .Select(g => g.Last())
            .Append(c)
            .Where(x => x.Pain is not null)
            .OrderBy(x => x.Date)
            .ToList();

        if (c.Pain >= o.SoonPain)
            yield return Finding("pain", words["Doctor.Sign.Pain", c.Pain]);

        if (
            context.Profile is { CancerHistory: true } or { Immunosuppressed: true }
            && c.Pain >= o.PersistentPain
            && !history.Any(x =>
                x.Date < c.Date && x.Date >= c.Date.AddDays(-o.NewPainDays) && x.Pain >= o.PersistentPain
            )
        )
        {
            var risk = words[context.Profile.CancerHistory ? "Doctor.Risk.Cancer" : "Doctor.Risk.Immune"];
            yield return Finding("riskPain", words["Doctor.Sign.RiskPain", c.Pain, risk]);
        }

        if (Persistent(c, history, o, words) is { } persistent)
            yield return Finding("persistentPain", persistent);

        if (FlareUps(c, history, o, words) is { } flares)
            yield return Finding("flareUps", flares);
    }

    /// <summary>
    /// Persistent pain: at least 3 check-ins with pain at the threshold, the earliest of them at least
    /// <see cref="AlertOptions.RecoveryWindowDays"/> days before today (and within the look-back), and pain at the
    /// threshold on more than half of all check-ins since that earliest one, today's included. One check-in is never
    /// persistent, and neither is a painful day after weeks without pain.
    /// </summary>
    public static string? Persistent(
        PainCheckin c,
        IReadOnlyList<PainCheckin> history,
        AlertOptions o,
        Localization.Words words
    )
    {
        if (!(c.Pain >= o.PersistentPain))
            return null;
        var from = c.Date.AddDays(-o.PersistentLookbackDays);
        var latestStart = c.Date.AddDays(-o.RecoveryWindowDays);
        foreach (
            var earliest in history.Where(x => x.Date >= from && x.Date <= latestStart && x.Pain >= o.PersistentPain)
        )
        {
            var since = history.Where(x => x.Date >= earliest.Date && x.Date <= c.Date).ToList();
            var painful = since.Count(x => x.Pain >= o.PersistentPain);
            if (painful >= 3 && painful * 2 > since.Count)
                return words[
                    "Doctor.Sign.Persistent",
                    o.PersistentPain,
                    painful,
                    since.Count,
                    words.Date(earliest.Date),
                    c.Date.DayNumber - earliest.Date.DayNumber
                ];
        }
        return null;
    }

    /// <summary>
    /// Flare-ups: this check-in is one (pain at the flare-up threshold after a pain-free check-in) and the window holds
    /// at least <see cref="AlertOptions.FlareUps"/> of them.
    /// </summary>
    private static string? FlareUps(
        PainCheckin c,
        IReadOnlyList<PainCheckin> history,
        AlertOptions o,
        Localization.Words words
    )
    {
        var flareFrom = c.Date.AddDays(1 - o.FlareUpWindowDays);
        var flares = 0;
        PainCheckin? previous = null;
        foreach (var x in history)
        {
            if (x.Date >= flareFrom && previous is { Pain: <= 1 } && x.Pain >= o.FlareUpPain)
                flares++;
            previous = x;
        }
        var isFlare = history.LastOrDefault(x => x.Date < c.Date) is { Pain: <= 1 } && c.Pain >= o.FlareUpPain;
        return isFlare && flares >= o.FlareUps
            ? words["Doctor.Sign.FlareUps", flares, o.FlareUpPain, o.FlareUpWindowDays]
            : null;
    }

    private static DoctorFinding Finding(string sign, string text) => new(sign, [], AlertTier.Soon, text);
}
