using BackSignal.Core.Metrics;

namespace BackSignal.Core.Rules;

/// <summary>
/// monotony-high: monotony above 2.0, and well above the athlete's own usual monotony (a quarter more than the mean
/// of the same day in their usual weeks: a lifter who trains six similar days a week lives above 2.0), in a week
/// heavier than their usual weeks by more than a spread.
/// </summary>
public sealed class MonotonyHighRule : OverloadRule
{
    public const string RuleName = "monotony-high";
    public override string Name => RuleName;

    /// <summary>How far above the athlete's usual monotony a week must be to count as "too alike" for them.</summary>
    public const double UsualFactor = 1.25;

    private static bool High(
        DateOnly day,
        RuleContext context,
        out double monotony,
        out double week,
        out Baseline usual
    )
    {
        monotony = context.Weeks.Monotony(day) ?? 0;
        week = context.Weeks.Week(day, context.Weeks.Load);
        usual = context.Weeks.Before(day, context.Weeks.Load);
        if (monotony <= context.Alerts.MonotonyHigh || usual.Weeks < context.Alerts.MinimumBaselineWeeks)
            return false;
        var before = Enumerable
            .Range(1, usual.Weeks)
            .Select(k => context.Weeks.Monotony(day.AddDays(-7 * k)))
            .OfType<double>()
            .ToList();
        if (before.Count > 0 && monotony < UsualFactor * before.Average())
            return false;
        return week > usual.Mean + Math.Max(usual.Sd, 0.1 * usual.Mean);
    }

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var date = day.Day.Date;
        if (!High(date, context, out var monotony, out var week, out var usual))
            return null;
        if (HeldThisWeek(date, context, d => High(d, context, out _, out _, out _)))
            return null;
        var words = context.Safety.Words;
        return words[
            "Rule.monotony-high.Evidence",
            words.Date(date),
            monotony.ToString("0.00", words.Culture),
            context.Alerts.MonotonyHigh.ToString("0.0#", words.Culture),
            week.ToString("0", words.Culture),
            Usual(usual, "AU", words)
        ];
    }
}

/// <summary>
/// pain-after-heavy: pain the day after a heavy spinal day (hinges or squats) at least 2 points above the athlete's
/// 14-day median.
/// </summary>
public sealed class PainAfterHeavyRule : IAlertRule
{
    public const string RuleName = "pain-after-heavy";
    public string Name => RuleName;

    public IEnumerable<Alert> Evaluate(RuleContext context)
    {
        var options = context.Alerts;
        var words = context.Safety.Words;
        foreach (var checkin in context.CheckinsInRange)
        {
            if (checkin.Pain is null || !context.IsHeavySpinalDay(checkin.Date.AddDays(-1)))
                continue;
            var baselineFrom = checkin.Date.AddDays(-options.PainBaselineDays);
            // A baseline needs its days: silent until check-ins reach back far enough.
            if (context.Checkins.Count == 0 || context.Checkins[0].Date > baselineFrom)
                continue;
            var baseline = context
                .Checkins.Where(c => c.Date >= baselineFrom && c.Date < checkin.Date && c.Pain is not null)
                .Select(c => (double)c.Pain!.Value)
                .Order()
                .ToList();
            if (baseline.Count == 0)
                continue;
            var middle = baseline.Count / 2;
            var median = baseline.Count % 2 == 1 ? baseline[middle] : (baseline[middle - 1] + baseline[middle]) / 2;
            if (checkin.Pain < median + options.PainAfterHeavyPoints)
                continue;
            yield return new Alert(
                RuleName,
                checkin.Date,
                AlertTier.Overload,
                words[
                    "Rule.pain-after-heavy.Evidence",
                    checkin.Pain,
                    words.Date(checkin.Date),
                    median.ToString("0.#", words.Culture),
                    options.PainBaselineDays
                ],
                words["Rule.pain-after-heavy.Advice"]
            );
        }
    }
}
