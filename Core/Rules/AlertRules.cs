using System.Globalization;
using BackSignal.Core.Metrics;

namespace BackSignal.Core.Rules;

public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>EWMA acute:chronic ratio above which load is rising faster than the body adapts.</summary>
    public double AcwrSpike { get; set; } = 1.5;
    /// <summary>Only alerts about the last this-many days are emailed; older ones (a backfilled export) are stored.</summary>
    public int EmailWindowDays { get; set; } = 7;
    /// <summary>The same rule is emailed to the same athlete at most once in this many days.</summary>
    public int CooldownDays { get; set; } = 7;
}

/// <summary>What the rules see: the recomputed days (rollup, measures, strength pass), oldest first.</summary>
public sealed record RuleContext(IReadOnlyList<ComputedDay> Days, MetricsOptions Metrics, AlertOptions Alerts);

public interface IAlertRule
{
    string Name { get; }
    IEnumerable<Alert> Evaluate(RuleContext context);
}

/// <summary>acwr-spike: the EWMA acute:chronic ratio of session load above 1.5 with four weeks of history.</summary>
public sealed class AcwrSpikeRule : IAlertRule
{
    public const string RuleName = "acwr-spike";
    public string Name => RuleName;

    public IEnumerable<Alert> Evaluate(RuleContext context)
    {
        foreach (var day in context.Days.Select(d => d.Metrics))
        {
            if (day.HistoryDays < context.Metrics.MinimumHistoryDays || day.AcwrEwma is not { } ratio) continue;
            if (ratio <= context.Alerts.AcwrSpike) continue;
            var evidence = string.Create(CultureInfo.InvariantCulture,
                $"On {day.Date:yyyy-MM-dd} the acute (7-day) training load was {day.AcuteEwma:0} AU against a chronic (28-day) load of {day.ChronicEwma:0} AU: a ratio of {ratio:0.00}, above {context.Alerts.AcwrSpike:0.0#}.");
            yield return new Alert(RuleName, day.Date, AlertTier.Overload, evidence,
                "Your load rose faster than your back has adapted to. This week trim volume first (fewer sets), keep the weights where they are, and skip the heaviest hinge session; build back up by no more than about 10 % a week.");
        }
    }
}
