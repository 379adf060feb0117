using BackSignal.Core.Localization;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// Overload rules speak on training days only, and stay silent until four weeks of training history exist; the
/// rules that compare a week with the athlete's usual weeks also need that much continuous history (a break of
/// <see cref="AlertOptions.BreakDays"/> days restarts it: ratios mean nothing across a break).
/// </summary>
public abstract class OverloadRule : IAlertRule
{
    public abstract string Name { get; }

    /// <summary>True for rules that compare with earlier weeks (ratios, baselines).</summary>
    protected virtual bool ComparesWeeks => true;

    public IEnumerable<Alert> Evaluate(RuleContext context)
    {
        foreach (var day in context.Days)
        {
            if (day.Metrics.HistoryDays < context.Metrics.MinimumHistoryDays || day.Day.Load <= 0)
                continue;
            if (
                ComparesWeeks
                && context.Weeks.ContinuousDays(day.Day.Date, context.Alerts.MinimumContinuousDays)
                    < context.Alerts.MinimumContinuousDays
            )
                continue;
            if (Check(day, context) is { } evidence)
                yield return new Alert(
                    Name,
                    day.Day.Date,
                    AlertTier.Overload,
                    evidence,
                    context.Safety.Words[$"Rule.{Name}.Advice"]
                );
        }
    }

    /// <summary>The evidence when the rule fires on <paramref name="day"/>, else null.</summary>
    protected abstract string? Check(ComputedDay day, RuleContext context);

    /// <summary>
    /// True when <paramref name="holds"/> held on an earlier training day of <paramref name="day"/>'s calendar week:
    /// one event in a week is one alert, not one a day.
    /// </summary>
    protected static bool HeldThisWeek(DateOnly day, RuleContext context, Func<DateOnly, bool> holds)
    {
        for (var earlier = TrainingWeeks.Monday(day); earlier < day; earlier = earlier.AddDays(1))
            if (context.Weeks.Trained(earlier) && holds(earlier))
                return true;
        return false;
    }

    protected static string Usual(Baseline b, string unit, Words words) =>
        words["Rule.Usual", b.Mean.ToString("0", words.Culture), unit, b.Weeks, b.Sd.ToString("0", words.Culture)];

    /// <summary>A change against the usual as the rules write it (+45%), in the reader's culture.</summary>
    protected static string Change(double ratio, Words words) => (ratio - 1).ToString("+0%;-0%;0%", words.Culture);
}

/// <summary>
/// A week that rose well beyond the athlete's usual weeks (<see cref="TrainingWeeks.IsSpike"/>: at least a factor
/// × their mean and more than <see cref="AlertOptions.SpikeDeviations"/> spreads above it), said once per calendar
/// week, on the day its sum so far crosses the line.
/// </summary>
public abstract class WeeklyJumpRule : OverloadRule
{
    /// <summary>The daily amount whose weekly sum is judged.</summary>
    protected abstract double Daily(TrainingWeeks weeks, DateOnly day);

    protected abstract double Factor(AlertOptions options);

    /// <summary>What else must hold on the day (beyond the spike) for the rule to speak.</summary>
    protected virtual bool Applies(ComputedDay day, RuleContext context) => true;

    protected abstract string Describe(ComputedDay day, double week, Baseline usual, Words words);

    private bool Spike(DateOnly day, RuleContext context, out double week, out Baseline usual) =>
        context.Weeks.IsSpike(day, d => Daily(context.Weeks, d), Factor(context.Alerts), out week, out usual);

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var date = day.Day.Date;
        if (!Applies(day, context) || !Spike(date, context, out var week, out var usual))
            return null;
        return HeldThisWeek(date, context, d => Spike(d, context, out _, out _))
            ? null
            : Describe(day, week, usual, context.Safety.Words);
    }
}

/// <summary>
/// acwr-spike: the calendar week's session load rose well beyond the athlete's usual weeks (1.5 × their mean and
/// more than 3 spreads above it) while the EWMA acute:chronic ratio is above 1.5. The ratio alone fired in ordinary
/// weeks of real lifting histories; the athlete's own spread keeps it to weeks that stand out.
/// </summary>
public sealed class AcwrSpikeRule : WeeklyJumpRule
{
    public const string RuleName = "acwr-spike";
    public override string Name => RuleName;

    protected override double Daily(TrainingWeeks weeks, DateOnly day) => weeks.Load(day);

    protected override double Factor(AlertOptions options) => options.LoadJumpFactor;

    protected override bool Applies(ComputedDay day, RuleContext context) =>
        day.Metrics.AcwrEwma > context.Alerts.AcwrSpike;

    protected override string Describe(ComputedDay day, double week, Baseline usual, Words words) =>
        words[
            "Rule.acwr-spike.Evidence",
            words.Date(day.Day.Date),
            week.ToString("0", words.Culture),
            Change(week / usual.Mean, words),
            Usual(usual, "AU", words),
            day.Metrics.AcwrEwma?.ToString("0.00", words.Culture)
        ];
}

/// <summary>
/// spinal-jump: the calendar week's spinal load (weekly sums: lifters load the spine on one to three days a week,
/// so daily ratios of it swing wildly) at least 1.5 × the athlete's usual weeks and more than 3 spreads above them.
/// </summary>
public sealed class SpinalJumpRule : WeeklyJumpRule
{
    public const string RuleName = "spinal-jump";
    public override string Name => RuleName;

    protected override double Daily(TrainingWeeks weeks, DateOnly day) => weeks.Spinal(day);

    protected override double Factor(AlertOptions options) => options.SpinalJumpFactor;

    protected override bool Applies(ComputedDay day, RuleContext context) => day.Day.SpinalLoadKg > 0;

    protected override string Describe(ComputedDay day, double week, Baseline usual, Words words) =>
        words[
            "Rule.spinal-jump.Evidence",
            words.Date(day.Day.Date),
            week.ToString("0", words.Culture),
            Change(week / usual.Mean, words),
            Usual(usual, "kg", words)
        ];
}

/// <summary>
/// return-after-break: after at least <see cref="AlertOptions.BreakDays"/> days without training, the first week
/// back already carries more than about two thirds of the weekly load before the break. Ratios are meaningless
/// across a break (the chronic side has decayed), so this rule speaks there instead.
/// </summary>
public sealed class ReturnAfterBreakRule : OverloadRule
{
    public const string RuleName = "return-after-break";
    public override string Name => RuleName;
    protected override bool ComparesWeeks => false;

    protected override string? Check(ComputedDay day, RuleContext context) =>
        AfterBreak(day, context)
        ?? (context.Profile?.Covering(PlanKind.Return, day.Day.Date) is { } plan ? Ramp(day, context, plan) : null);

    /// <summary>
    /// During a planned return (four weeks from its first day), each week is held to a ramp: the first week to the
    /// return-after-break share of the weekly load before, then a quarter of the rest more each week.
    /// </summary>
    private static string? Ramp(ComputedDay day, RuleContext context, PlannedPeriod plan)
    {
        var weeks = context.Weeks;
        var date = day.Day.Date;
        if (weeks.LastTrainedBefore(plan.From) is not { } last || !weeks.Knows(last.AddDays(-27)))
            return null;
        var usualWeek = weeks.UsualWeekBefore(last).Load;
        var k = (date.DayNumber - plan.From.DayNumber) / 7;
        var share = RampShare(context.Alerts, k);
        var weekStart = plan.From.AddDays(7 * k);
        var since = weeks.Load(weekStart, date);
        var limit = share * usualWeek;
        if (usualWeek <= 0 || since <= limit || since - day.Day.Load > limit)
            return null;
        var words = context.Safety.Words;
        return words[
            "Rule.return-after-break.Ramp",
            k + 1,
            words.Date(plan.From),
            words.Date(weekStart),
            words.Date(date),
            since.ToString("0", words.Culture),
            (since / usualWeek).ToString("0%", words.Culture),
            usualWeek.ToString("0", words.Culture),
            share.ToString("0%", words.Culture)
        ];
    }

    /// <summary>The share of the load before that week <paramref name="k"/> (from 0) of a return may carry.</summary>
    public static double RampShare(AlertOptions options, int k) =>
        options.ReturnFraction + Math.Min(k, 3) * (1 - options.ReturnFraction) / 4;

    private static string? AfterBreak(ComputedDay day, RuleContext context)
    {
        var weeks = context.Weeks;
        var date = day.Day.Date;
        var back = weeks.StretchStart(date, 7 + context.Alerts.BreakDays);
        if (date.DayNumber - back.DayNumber > 6 || weeks.LastTrainedBefore(back) is not { } last)
            return null;
        var gap = back.DayNumber - last.DayNumber - 1;
        if (gap < context.Alerts.BreakDays || !weeks.Knows(last.AddDays(-27)))
            return null;
        var (usualWeek, trainingDays) = weeks.UsualWeekBefore(last);
        // Someone who trains once a week or less has gaps like this as a rhythm, not a break.
        if (trainingDays < context.Alerts.RegularTrainingDays)
            return null;
        var since = weeks.Load(back, date);
        var limit = context.Alerts.ReturnFraction * usualWeek;
        // Only the day the first week back crosses the line.
        if (usualWeek <= 0 || since <= limit || since - day.Day.Load > limit)
            return null;
        var days = date.DayNumber - back.DayNumber + 1;
        var words = context.Safety.Words;
        var span =
            days == 1
                ? words["Rule.return-after-break.FirstDay", words.Date(back)]
                : words["Rule.return-after-break.Days", days, words.Date(back), words.Date(date)];
        return words[
            "Rule.return-after-break.Evidence",
            gap,
            words.Date(last),
            span,
            since.ToString("0", words.Culture),
            (since / usualWeek).ToString("0%", words.Culture),
            usualWeek.ToString("0", words.Culture)
        ];
    }
}

/// <summary>
/// stacked-progression: sets, reps per set (by one or more) and top weight (by a plate jump, 2.5 %) of one
/// spine-loading lift all went past the most of each in its usual sessions (the last six within 84 days): a lifter
/// who rotates rep schemes raises "everything" against a light day every week, and that is not a stack.
/// </summary>
public sealed class StackedProgressionRule : OverloadRule
{
    public const string RuleName = "stacked-progression";
    public override string Name => RuleName;
    protected override bool ComparesWeeks => false;

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var stacked = day.Strength.Progressions.FirstOrDefault(p => p.AllUp);
        var words = context.Safety.Words;
        return stacked is null
            ? null
            : words[
                "Rule.stacked-progression.Evidence",
                words.Date(day.Day.Date),
                stacked.Exercise,
                stacked.UsualSessions,
                stacked.UsualSets,
                stacked.Sets,
                stacked.UsualRepsPerSet.ToString("0.#", words.Culture),
                stacked.RepsPerSet.ToString("0.#", words.Culture),
                stacked.UsualTopWeightKg.ToString("0.#", words.Culture),
                stacked.TopWeightKg.ToString("0.#", words.Culture)
            ];
    }
}

/// <summary>back-to-back-hinge: heavy hinge days on two consecutive days.</summary>
public sealed class BackToBackHingeRule : OverloadRule
{
    public const string RuleName = "back-to-back-hinge";
    public override string Name => RuleName;
    protected override bool ComparesWeeks => false;

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        if (!day.Strength.HeavyHinge || !context.IsHeavyHinge(day.Day.Date.AddDays(-1)))
            return null;
        var before = day.Day.Date.AddDays(-1);
        var words = context.Safety.Words;
        return words[
            "Rule.back-to-back-hinge.Evidence",
            words.Date(before),
            words.Date(day.Day.Date),
            HeavyReasons.Say(day.Strength.HeavyHingeReason, words)
        ];
    }
}
