using BackSignal.Core.Metrics;

namespace BackSignal.Core.Rules;

/// <summary>Overload rules compare with earlier weeks: they stay silent until four weeks of training history exist.</summary>
public abstract class OverloadRule : IAlertRule
{
    public abstract string Name { get; }

    public IEnumerable<Alert> Evaluate(RuleContext context)
    {
        foreach (var day in context.Days)
        {
            if (day.Metrics.HistoryDays < context.Metrics.MinimumHistoryDays) continue;
            if (Check(day, context) is { } evidence) yield return new Alert(Name, day.Day.Date, AlertTier.Overload, evidence, Advice);
        }
    }

    protected abstract string Advice { get; }

    /// <summary>The evidence when the rule fires on <paramref name="day"/>, else null.</summary>
    protected abstract string? Check(ComputedDay day, RuleContext context);
}

/// <summary>acwr-spike: the EWMA acute:chronic ratio of session load or of spinal load above 1.5.</summary>
public sealed class AcwrSpikeRule : OverloadRule
{
    public const string RuleName = "acwr-spike";
    public override string Name => RuleName;

    protected override string Advice =>
        "Your load rose faster than your back has adapted to. This week trim volume first (fewer sets), keep the weights where they are, and skip the heaviest hinge session; build back up by no more than about 10 % a week.";

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var m = day.Metrics;
        var limit = context.Alerts.AcwrSpike;
        if (m.AcwrEwma > limit)
            return Evidence.Of($"On {m.Date:yyyy-MM-dd} the acute (7-day) training load was {m.AcuteEwma:0} AU against a chronic (28-day) load of {m.ChronicEwma:0} AU: a ratio of {m.AcwrEwma:0.00}, above {limit:0.0#}.");
        if (m.SpinalAcwrEwma > limit)
            return Evidence.Of($"On {m.Date:yyyy-MM-dd} the acute (7-day) spinal load was {m.SpinalAcuteEwma:0} kg against a chronic (28-day) {m.SpinalChronicEwma:0} kg: a ratio of {m.SpinalAcwrEwma:0.00}, above {limit:0.0#}.");
        return null;
    }
}

/// <summary>spinal-jump: this week's spinal load above 1.3 × the mean of the previous four weeks.</summary>
public sealed class SpinalJumpRule : OverloadRule
{
    public const string RuleName = "spinal-jump";
    public override string Name => RuleName;

    protected override string Advice =>
        "Your spine-loading volume (deadlifts, squats, rows, good mornings) jumped this week. Bring it back towards your usual weekly amount: cut sets of the hinge and squat work first, and add back no more than about 10 % a week.";

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var m = day.Metrics;
        if (m.PreviousFourWeekSpinalLoad is not > 0 || m.WeeklySpinalLoad <= context.Alerts.SpinalJumpFactor * m.PreviousFourWeekSpinalLoad.Value) return null;
        var change = m.WeeklySpinalLoad / m.PreviousFourWeekSpinalLoad.Value - 1;
        return Evidence.Of($"In the 7 days to {m.Date:yyyy-MM-dd} your spinal load was {m.WeeklySpinalLoad:0} kg, {change:+0%} against the mean of the four weeks before ({m.PreviousFourWeekSpinalLoad:0} kg a week); the limit is {context.Alerts.SpinalJumpFactor:0.0#}×. Spinal load is BackSignal's estimate: volume weighted by how much each exercise loads the spine.");
    }
}

/// <summary>stacked-progression: sets, reps and load of one spine-loading exercise all went up against its last session.</summary>
public sealed class StackedProgressionRule : OverloadRule
{
    public const string RuleName = "stacked-progression";
    public override string Name => RuleName;

    protected override string Advice =>
        "Progress one variable at a time: next session keep two of sets, reps and weight where they were last time and raise only one.";

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var stacked = day.Strength.Progressions.FirstOrDefault(p => p.AllUp);
        return stacked is null ? null : Evidence.Of(
            $"On {day.Day.Date:yyyy-MM-dd} {stacked.Exercise} went up in all three at once against {stacked.PreviousDate:yyyy-MM-dd}: sets {stacked.PreviousSets} → {stacked.Sets}, reps {stacked.PreviousReps} → {stacked.Reps}, top weight {stacked.PreviousTopWeightKg:0.#} → {stacked.TopWeightKg:0.#} kg.");
    }
}

/// <summary>back-to-back-hinge: heavy hinge days on two consecutive days.</summary>
public sealed class BackToBackHingeRule : OverloadRule
{
    public const string RuleName = "back-to-back-hinge";
    public override string Name => RuleName;

    protected override string Advice =>
        "Leave at least 48 hours between heavy hinge days (deadlifts, RDLs, good mornings): the discs and the lower-back muscles recover more slowly than the legs. Make the second day light or move it.";

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        if (!day.Strength.HeavyHinge || !context.IsHeavyHinge(day.Day.Date.AddDays(-1))) return null;
        return Evidence.Of($"{day.Day.Date.AddDays(-1):yyyy-MM-dd} and {day.Day.Date:yyyy-MM-dd} were both heavy hinge days ({day.Strength.HeavyHingeReason}).");
    }
}

/// <summary>monotony-high: monotony above 2.0 with weekly load above the four-week mean.</summary>
public sealed class MonotonyHighRule : OverloadRule
{
    public const string RuleName = "monotony-high";
    public override string Name => RuleName;

    protected override string Advice =>
        "Your days are too alike and the week is heavier than usual. Make hard days hard and easy days easy: put at least one real rest or light day between your hardest sessions.";

    protected override string? Check(ComputedDay day, RuleContext context)
    {
        var m = day.Metrics;
        if (m.Monotony is not { } monotony || monotony <= context.Alerts.MonotonyHigh || m.PreviousFourWeekLoad is not { } mean || m.WeeklyLoad <= mean) return null;
        return Evidence.Of($"In the 7 days to {m.Date:yyyy-MM-dd} training monotony was {monotony:0.00} (above {context.Alerts.MonotonyHigh:0.0#}) with a weekly load of {m.WeeklyLoad:0} AU against a four-week mean of {mean:0} AU (strain {m.Strain:0}).");
    }
}

/// <summary>pain-after-heavy: pain the day after a heavy spinal day at least 2 points above the athlete's 14-day median.</summary>
public sealed class PainAfterHeavyRule : IAlertRule
{
    public const string RuleName = "pain-after-heavy";
    public string Name => RuleName;

    public IEnumerable<Alert> Evaluate(RuleContext context)
    {
        var options = context.Alerts;
        foreach (var checkin in context.CheckinsInRange)
        {
            if (!context.IsHeavyHinge(checkin.Date.AddDays(-1))) continue;
            var baselineFrom = checkin.Date.AddDays(-options.PainBaselineDays);
            // A baseline needs its days: silent until check-ins reach back far enough.
            if (context.Checkins.Count == 0 || context.Checkins[0].Date > baselineFrom) continue;
            var baseline = context.Checkins.Where(c => c.Date >= baselineFrom && c.Date < checkin.Date).Select(c => (double)c.Pain).Order().ToList();
            if (baseline.Count == 0) continue;
            var median = baseline.Count % 2 == 1 ? baseline[baseline.Count / 2] : (baseline[baseline.Count / 2 - 1] + baseline[baseline.Count / 2]) / 2;
            if (checkin.Pain < median + options.PainAfterHeavyPoints) continue;
            yield return new Alert(RuleName, checkin.Date, AlertTier.Overload,
                Evidence.Of($"Pain {checkin.Pain}/10 on {checkin.Date:yyyy-MM-dd}, the day after a heavy hinge day, against your usual {median:0.#}/10 (median of the {options.PainBaselineDays} days before)."),
                "Your back reacted to the heavy day. Keep moving gently (walking helps), skip heavy hinging until the pain is back to your usual level, then return at lower load and brace before each rep.");
        }
    }
}
