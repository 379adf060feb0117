namespace BackSignal.Core.Metrics;

/// <summary>The rolling measures of one day (DESIGN §5). A measure that is not defined yet is null.</summary>
public sealed record DayMetrics(
    DateOnly Date,
    double Load,
    int HistoryDays,
    double AcuteEwma,
    double ChronicEwma,
    double? AcwrEwma,
    double? AcwrCoupled,
    double? AcwrUncoupled,
    double? Monotony,
    double? Strain,
    double Ctl,
    double Atl,
    double Tsb);

/// <summary>
/// What a computation needs from the day before it starts, so that a new workout recomputes
/// from its own day onward instead of from the athlete's first day.
/// </summary>
public sealed record SeriesState(
    DateOnly FirstDay,
    DateOnly LastDay,
    double AcuteEwma,
    double ChronicEwma,
    double Ctl,
    double Atl,
    IReadOnlyList<double> RecentLoads);

public static class LoadSeries
{
    private const double MonotonyCap = 10;

    /// <summary>
    /// Computes the measures for consecutive days. With no <paramref name="before"/> the first day seeds the
    /// EWMAs with its own load (Williams et al.) and CTL/ATL start at zero the day before it.
    /// <paramref name="before"/> must describe the day just before <paramref name="loads"/>[0].
    /// </summary>
    public static IReadOnlyList<DayMetrics> Compute(IReadOnlyList<(DateOnly Date, double Load)> loads, SeriesState? before, MetricsOptions options)
    {
        var result = new List<DayMetrics>(loads.Count);
        if (loads.Count == 0) return result;
        if (before is not null && before.LastDay.AddDays(1) != loads[0].Date)
            throw new ArgumentException($"State of {before.LastDay} does not precede {loads[0].Date}.", nameof(before));

        var acuteLambda = 2.0 / (options.AcuteDays + 1);
        var chronicLambda = 2.0 / (options.ChronicDays + 1);
        var ctlFactor = 1 - Math.Exp(-1 / options.CtlTimeConstantDays);
        var atlFactor = 1 - Math.Exp(-1 / options.AtlTimeConstantDays);

        var firstDay = before?.FirstDay ?? loads[0].Date;
        double? acute = before?.AcuteEwma, chronic = before?.ChronicEwma;
        var ctl = before?.Ctl ?? 0;
        var atl = before?.Atl ?? 0;
        // The last ChronicDays loads (oldest first), enough for every rolling window.
        var window = new List<double>(before?.RecentLoads ?? []);

        foreach (var (date, load) in loads)
        {
            acute = acute is { } a ? acuteLambda * load + (1 - acuteLambda) * a : load;
            chronic = chronic is { } c ? chronicLambda * load + (1 - chronicLambda) * c : load;
            var tsb = ctl - atl;
            ctl += (load - ctl) * ctlFactor;
            atl += (load - atl) * atlFactor;

            window.Add(load);
            if (window.Count > options.ChronicDays) window.RemoveAt(0);

            var history = date.DayNumber - firstDay.DayNumber + 1;
            var (coupled, uncoupled) = RollingRatios(window, history, options);
            var (monotony, strain) = MonotonyAndStrain(window, history, options.AcuteDays);
            result.Add(new DayMetrics(date, load, history, acute.Value, chronic.Value,
                Ratio(acute.Value, chronic.Value), coupled, uncoupled, monotony, strain, ctl, atl, tsb));
        }
        return result;
    }

    /// <summary>
    /// The state after the last of <paramref name="computed"/>, for the next incremental run; it holds at
    /// least the last <paramref name="chronicDays"/> days (or every day since the first).
    /// </summary>
    public static SeriesState StateAfter(IReadOnlyList<DayMetrics> computed, int chronicDays)
    {
        var last = computed[^1];
        var recent = computed.Skip(Math.Max(0, computed.Count - chronicDays)).Select(m => m.Load).ToList();
        return new SeriesState(last.Date.AddDays(1 - last.HistoryDays), last.Date, last.AcuteEwma, last.ChronicEwma, last.Ctl, last.Atl, recent);
    }

    private static double? Ratio(double acute, double chronic) => chronic > 0 ? acute / chronic : null;

    private static (double? Coupled, double? Uncoupled) RollingRatios(List<double> window, int history, MetricsOptions options)
    {
        if (history < options.MinimumHistoryDays || window.Count < options.ChronicDays) return (null, null);
        var acuteDays = options.AcuteDays;
        var weeksInChronic = (double)options.ChronicDays / acuteDays;
        var acuteSum = SumLast(window, acuteDays);
        var chronicSum = SumLast(window, options.ChronicDays);
        double? coupled = chronicSum > 0 ? acuteSum / (chronicSum / weeksInChronic) : null;
        var olderSum = chronicSum - acuteSum;
        var olderDays = options.ChronicDays - acuteDays;
        double? uncoupled = olderSum > 0 ? (acuteSum / acuteDays) / (olderSum / olderDays) : null;
        return (coupled, uncoupled);
    }

    private static (double? Monotony, double? Strain) MonotonyAndStrain(List<double> window, int history, int days)
    {
        if (history < days || window.Count < days) return (null, null);
        var week = window.Skip(window.Count - days).ToArray();
        var sum = week.Sum();
        var mean = sum / days;
        if (mean <= 0) return (null, null);
        var sd = Math.Sqrt(week.Sum(l => (l - mean) * (l - mean)) / days);
        var monotony = sd == 0 ? MonotonyCap : Math.Min(MonotonyCap, mean / sd);
        return (monotony, sum * monotony);
    }

    private static double SumLast(List<double> window, int days)
    {
        double sum = 0;
        for (var i = Math.Max(0, window.Count - days); i < window.Count; i++) sum += window[i];
        return sum;
    }
}
