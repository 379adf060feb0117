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
                yield return new Alert(Name, day.Day.Date, AlertTier.Overload, evidence, Advice);
        }
    }

    protected abstract string Advice { get; }

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

    protected static string Usual(Baseline b, string unit) =>
        Evidence.Of(
            $"your usual weeks: {b.Mean:0} {unit} on average over the {b.Weeks} weeks before, ",
            $"most within ±{b.Sd:0}"
        );
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

    protected abstract string Describe(ComputedDay day, double week, Baseline usual);

    private bool Spike(DateOnly day, RuleContext context, out double week, out Baseline usual) =>
        context.Weeks.IsSpike(day, d => Daily(context.Weeks, d), Factor(context.Alerts), out week, out usual);

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var date = day.Day.Date;
        if (!Applies(day, context) || !Spike(date, context, out var week, out var usual))
            return null;
        return HeldThisWeek(date, context, d => Spike(d, context, out _, out _)) ? null : Describe(day, week, usual);
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

    protected override string Advice =>
        "Load that rises faster than your body adapts is a common pattern before back flare-ups. This week trim "
        + "volume first (fewer sets), keep the weights where they are, and skip the heaviest hinge session; then "
        + "build back up gradually (about 10 % a week is a common rule of thumb, not a law).";

    protected override double Daily(TrainingWeeks weeks, DateOnly day) => weeks.Load(day);

    protected override double Factor(AlertOptions options) => options.LoadJumpFactor;

    protected override bool Applies(ComputedDay day, RuleContext context) =>
        day.Metrics.AcwrEwma > context.Alerts.AcwrSpike;

    protected override string Describe(ComputedDay day, double week, Baseline usual) =>
        Evidence.Of(
            $"In the week to {day.Day.Date:yyyy-MM-dd} (from Monday) your training load was {week:0} AU, ",
            $"{week / usual.Mean - 1:+0%} against {Usual(usual, "AU")}. The acute:chronic ratio (7-day against ",
            $"28-day average) was {day.Metrics.AcwrEwma:0.00}. Ratios like this are a warning sign, ",
            $"not a prediction of injury."
        );
}

/// <summary>
/// spinal-jump: the calendar week's spinal load (weekly sums: lifters load the spine on one to three days a week,
/// so daily ratios of it swing wildly) at least 1.5 × the athlete's usual weeks and more than 3 spreads above them.
/// </summary>
public sealed class SpinalJumpRule : WeeklyJumpRule
{
    public const string RuleName = "spinal-jump";
    public override string Name => RuleName;

    protected override string Advice =>
        "Your spine-loading volume (deadlifts, squats, rows, good mornings) jumped this week. Bring it back towards "
        + "your usual weekly amount: cut sets of the hinge and squat work first, and add back gradually.";

    protected override double Daily(TrainingWeeks weeks, DateOnly day) => weeks.Spinal(day);

    protected override double Factor(AlertOptions options) => options.SpinalJumpFactor;

    protected override bool Applies(ComputedDay day, RuleContext context) => day.Day.SpinalLoadKg > 0;

    protected override string Describe(ComputedDay day, double week, Baseline usual) =>
        Evidence.Of(
            $"In the week to {day.Day.Date:yyyy-MM-dd} (from Monday) your spinal load was {week:0} kg, ",
            $"{week / usual.Mean - 1:+0%} against {Usual(usual, "kg")}. Spinal load is BackSignal's relative ",
            $"weighting (volume × how much each exercise loads the spine), not a measured force."
        );
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

    protected override string Advice =>
        "After a break your back has lost some of its tolerance for load. Ramp up over two to three weeks: start "
        + "around half of your usual weekly volume, with lighter hinges and squats, and add a little each week.";

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
        return Evidence.Of(
            $"In week {k + 1} of your planned return (from {plan.From:yyyy-MM-dd}), the days from ",
            $"{weekStart:yyyy-MM-dd} to {date:yyyy-MM-dd} carry {since:0} AU: {since / usualWeek:0%} of your weekly ",
            $"load before ({usualWeek:0} AU). The ramp holds week {k + 1} to about {share:0%}."
        );
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
        var span =
            days == 1
                ? Evidence.Of($"the first day back, {back:yyyy-MM-dd}, already carries")
                : Evidence.Of($"the {days} days from {back:yyyy-MM-dd} to {date:yyyy-MM-dd} already carry");
        return Evidence.Of(
            $"After {gap} days without training (last session {last:yyyy-MM-dd}), {span} {since:0} AU: ",
            $"{since / usualWeek:0%} of your weekly load in the 4 weeks before the break ({usualWeek:0} AU a week)."
        );
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

    protected override string Advice =>
        "Progress one variable at a time: next session keep two of sets, reps and weight where they were last time "
        + "and raise only one.";

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var stacked = day.Strength.Progressions.FirstOrDefault(p => p.AllUp);
        return stacked is null
            ? null
            : Evidence.Of(
                $"On {day.Day.Date:yyyy-MM-dd} {stacked.Exercise} went past your usual in all three at once (the ",
                $"most of each in your last {stacked.UsualSessions} sessions of it): sets {stacked.UsualSets} → ",
                $"{stacked.Sets}, reps per set {stacked.UsualRepsPerSet:0.#} → {stacked.RepsPerSet:0.#}, top weight ",
                $"{stacked.UsualTopWeightKg:0.#} → {stacked.TopWeightKg:0.#} kg."
            );
    }
}

/// <summary>back-to-back-hinge: heavy hinge days on two consecutive days.</summary>
public sealed class BackToBackHingeRule : OverloadRule
{
    public const string RuleName = "back-to-back-hinge";
    public override string Name => RuleName;
    protected override bool ComparesWeeks => false;

    protected override string Advice =>
        "Leave at least 48 hours between heavy hinge days (deadlifts, RDLs, good mornings): the discs and the "
        + "lower-back muscles recover more slowly than the legs. Make the second day light or move it.";

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        if (!day.Strength.HeavyHinge || !context.IsHeavyHinge(day.Day.Date.AddDays(-1)))
            return null;
        var before = day.Day.Date.AddDays(-1);
        return Evidence.Of(
            $"{before:yyyy-MM-dd} and {day.Day.Date:yyyy-MM-dd} were both heavy hinge days ",
            $"({day.Strength.HeavyHingeReason})."
        );
    }
}
