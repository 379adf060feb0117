namespace BackSignal.Core.Metrics;

/// <summary>What the load series needs of one day: its session load and its spinal load.</summary>
public readonly record struct DayLoad(DateOnly Date, double Load, double SpinalLoad = 0);

public static class LoadSeries
{
    private const double MonotonyCap = 10;

    /// <summary>Days of loads kept for the rolling windows: this week and the four before it.</summary>
    public static int WindowDays(MetricsOptions options) => options.ChronicDays + options.AcuteDays;

    public static IReadOnlyList<DayMetrics> Compute(
        IReadOnlyList<(DateOnly Date, double Load)> loads,
        SeriesState? before,
        MetricsOptions options
    ) => Compute(loads.Select(l => new DayLoad(l.Date, l.Load)).ToList(), before, options);

    /// <summary>
    /// Computes the measures for consecutive days. With no <paramref name="before"/> the first day seeds the
    /// EWMAs with its own load (Williams et al.) and CTL/ATL start at zero the day before it.
    /// <paramref name="before"/> must describe the day just before <paramref name="days"/>[0].
    /// </summary>
    public static IReadOnlyList<DayMetrics> Compute(
        IReadOnlyList<DayLoad> days,
        SeriesState? before,
        MetricsOptions options
    )
    {
        var result = new List<DayMetrics>(days.Count);
        if (days.Count == 0)
            return result;
        if (before is not null && before.LastDay.AddDays(1) != days[0].Date)
            throw new ArgumentException($"State of {before.LastDay} does not precede {days[0].Date}.", nameof(before));

        var acuteLambda = 2.0 / (options.AcuteDays + 1);
        var chronicLambda = 2.0 / (options.ChronicDays + 1);
        var ctlFactor = 1 - Math.Exp(-1 / options.CtlTimeConstantDays);
        var atlFactor = 1 - Math.Exp(-1 / options.AtlTimeConstantDays);
        var windowDays = WindowDays(options);

        var firstDay = before?.FirstDay ?? days[0].Date;
        double? acute = before?.AcuteEwma,
            chronic = before?.ChronicEwma;
        double? spinalAcute = before?.SpinalAcuteEwma,
            spinalChronic = before?.SpinalChronicEwma;
        var ctl = before?.Ctl ?? 0;
        var atl = before?.Atl ?? 0;
        // The last windowDays loads (oldest first), enough for every rolling window.
        var window = new List<double>(before?.RecentLoads ?? []);
        var spinalWindow = new List<double>(before?.RecentSpinalLoads ?? []);
        while (spinalWindow.Count < window.Count)
            spinalWindow.Insert(0, 0);

        foreach (var day in days)
        {
            acute = Ewma(acute, day.Load, acuteLambda);
            chronic = Ewma(chronic, day.Load, chronicLambda);
            spinalAcute = Ewma(spinalAcute, day.SpinalLoad, acuteLambda);
            spinalChronic = Ewma(spinalChronic, day.SpinalLoad, chronicLambda);
            var tsb = ctl - atl;
            ctl += (day.Load - ctl) * ctlFactor;
            atl += (day.Load - atl) * atlFactor;

            Push(window, day.Load, windowDays);
            Push(spinalWindow, day.SpinalLoad, windowDays);

            var history = day.Date.DayNumber - firstDay.DayNumber + 1;
            var (coupled, uncoupled) = RollingRatios(window, history, options);
            var (monotony, strain) = MonotonyAndStrain(window, history, options.AcuteDays);
            var weekly = Weekly(window, history, options);
            var spinalWeekly = Weekly(spinalWindow, history, options);
            result.Add(
                new DayMetrics(
                    day.Date,
                    day.Load,
                    history,
                    acute.Value,
                    chronic.Value,
                    Ratio(acute.Value, chronic.Value),
                    coupled,
                    uncoupled,
                    monotony,
                    strain,
                    ctl,
                    atl,
                    tsb
                )
                {
                    SpinalLoad = day.SpinalLoad,
                    SpinalAcuteEwma = spinalAcute.Value,
                    SpinalChronicEwma = spinalChronic.Value,
                    SpinalAcwrEwma = Ratio(spinalAcute.Value, spinalChronic.Value),
                    WeeklyLoad = weekly.This,
                    WeeklyLoadChange = weekly.Change,
                    PreviousFourWeekLoad = weekly.PreviousFour,
                    WeeklySpinalLoad = spinalWeekly.This,
                    WeeklySpinalChange = spinalWeekly.Change,
                    PreviousFourWeekSpinalLoad = spinalWeekly.PreviousFour,
                }
            );
        }
        return result;
    }

    /// <summary>
    /// The state after the last of <paramref name="computed"/>, for the next incremental run; it holds at
    /// least the last <see cref="WindowDays"/> days (or every day since the first).
    /// </summary>
    public static SeriesState StateAfter(IReadOnlyList<DayMetrics> computed, MetricsOptions options)
    {
        var last = computed[^1];
        var keep = Math.Max(0, computed.Count - WindowDays(options));
        return new SeriesState(
            last.Date.AddDays(1 - last.HistoryDays),
            last.Date,
            last.AcuteEwma,
            last.ChronicEwma,
            last.Ctl,
            last.Atl,
            computed.Skip(keep).Select(m => m.Load).ToList()
        )
        {
            SpinalAcuteEwma = last.SpinalAcuteEwma,
            SpinalChronicEwma = last.SpinalChronicEwma,
            RecentSpinalLoads = computed.Skip(keep).Select(m => m.SpinalLoad).ToList(),
        };
    }

    private static double Ewma(double? previous, double value, double lambda) =>
        previous is { } p ? lambda * value + (1 - lambda) * p : value;

    private static void Push(List<double> window, double value, int size)
    {
        window.Add(value);
        if (window.Count > size)
            window.RemoveAt(0);
    }

    private static double? Ratio(double acute, double chronic) => chronic > 0 ? acute / chronic : null;

    private static (double? Coupled, double? Uncoupled) RollingRatios(
        List<double> window,
        int history,
        MetricsOptions options
    )
    {
        if (history < options.MinimumHistoryDays || window.Count < options.ChronicDays)
            return (null, null);
        var acuteDays = options.AcuteDays;
        var weeksInChronic = (double)options.ChronicDays / acuteDays;
        var acuteSum = SumLast(window, acuteDays, 0);
        var chronicSum = SumLast(window, options.ChronicDays, 0);
        double? coupled = chronicSum > 0 ? acuteSum / (chronicSum / weeksInChronic) : null;
        var olderSum = chronicSum - acuteSum;
        var olderDays = options.ChronicDays - acuteDays;
        double? uncoupled = olderSum > 0 ? (acuteSum / acuteDays) / (olderSum / olderDays) : null;
        return (coupled, uncoupled);
    }

    private static (double? Monotony, double? Strain) MonotonyAndStrain(List<double> window, int history, int days)
    {
        if (history < days || window.Count < days)
            return (null, null);
        double sum = 0;
        for (var i = window.Count - days; i < window.Count; i++)
            sum += window[i];
        var mean = sum / days;
        if (mean <= 0)
            return (null, null);
        double squares = 0;
        for (var i = window.Count - days; i < window.Count; i++)
            squares += (window[i] - mean) * (window[i] - mean);
        var sd = Math.Sqrt(squares / days);
        var monotony = sd == 0 ? MonotonyCap : Math.Min(MonotonyCap, mean / sd);
        return (monotony, sum * monotony);
    }

    /// <summary>
    /// This week's sum, its change against the week before, and the mean of the four weeks before it.
    /// </summary>
    private static (double This, double? Change, double? PreviousFour) Weekly(
        List<double> window,
        int history,
        MetricsOptions options
    )
    {
        var week = options.AcuteDays;
        var thisWeek = SumLast(window, week, 0);
        double? change = null,
            previousFour = null;
        if (history >= 2 * week && window.Count >= 2 * week)
        {
            var previous = SumLast(window, week, week);
            change = previous > 0 ? (thisWeek - previous) / previous : null;
        }
        var weeks = options.ChronicDays / week;
        if (history >= (weeks + 1) * week && window.Count >= (weeks + 1) * week)
            previousFour = SumLast(window, weeks * week, week) / weeks;
        return (thisWeek, change, previousFour);
    }

    /// <summary>
    /// The sum of <paramref name="days"/> values ending <paramref name="skip"/> values before the last.
    /// </summary>
    private static double SumLast(List<double> window, int days, int skip)
    {
        double sum = 0;
        var end = window.Count - skip;
        for (var i = Math.Max(0, end - days); i < end; i++)
            sum += window[i];
        return sum;
    }
}
