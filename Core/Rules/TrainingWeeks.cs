using BackSignal.Core.Metrics;

namespace BackSignal.Core.Rules;

/// <summary>
/// The athlete's own weeks, as the overload rules judge a week against them: calendar weeks (Monday to Sunday in
/// the athlete's zone) of session and spinal load, the continuous training stretch a day belongs to (a gap of
/// <see cref="AlertOptions.BreakDays"/> days without training ends one), and the mean and spread of the complete
/// weeks before within that stretch. Calendar weeks, not rolling 7-day windows: a lifter who trains on other
/// days each week has rolling windows of two or four sessions in a steady three-a-week routine. Built from the
/// stored days before the recompute and the recomputed days, so the pipeline and `analyze` see the same weeks.
/// </summary>
public sealed class TrainingWeeks
{
    private readonly Dictionary<DateOnly, TrainingDay> _days = [];
    private readonly DateOnly _first;
    private readonly AlertOptions _options;

    public TrainingWeeks(IEnumerable<TrainingDay> days, AlertOptions options)
    {
        foreach (var day in days)
            _days[day.Date] = day;
        _first = _days.Count > 0 ? _days.Keys.Min() : DateOnly.MaxValue;
        _options = options;
    }

    public double Load(DateOnly day) => _days.TryGetValue(day, out var d) ? d.Load : 0;

    public double Spinal(DateOnly day) => _days.TryGetValue(day, out var d) ? d.SpinalLoadKg : 0;

    public bool Trained(DateOnly day) => _days.TryGetValue(day, out var d) && (d.Load > 0 || d.Sessions > 0);

    /// <summary>Foster's monotony of the 7 days ending on the day: mean / SD of the daily loads (cap 10).</summary>
    public double? Monotony(DateOnly day)
    {
        var loads = Enumerable.Range(0, 7).Select(i => Load(day.AddDays(-i))).ToList();
        var mean = loads.Average();
        if (mean <= 0)
            return null;
        var sd = Math.Sqrt(loads.Sum(l => (l - mean) * (l - mean)) / 7);
        return sd == 0 ? 10 : Math.Min(10, mean / sd);
    }

    /// <summary>The last training day before <paramref name="day"/> among the days known, if any.</summary>
    public DateOnly? LastTrainedBefore(DateOnly day)
    {
        for (var x = day.AddDays(-1); x >= _first; x = x.AddDays(-1))
            if (Trained(x))
                return x;
        return null;
    }

    public bool Knows(DateOnly day) => day >= _first;

    /// <summary>The Monday of <paramref name="day"/>'s calendar week.</summary>
    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The sum over <paramref name="day"/>'s calendar week so far (Monday to that day).</summary>
    public double Week(DateOnly day, Func<DateOnly, double> daily) => Sum(Monday(day), day, daily);

    /// <summary>The session load of the days <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public double Load(DateOnly from, DateOnly to) => Sum(from, to, Load);

    private static double Sum(DateOnly from, DateOnly to, Func<DateOnly, double> daily)
    {
        double sum = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
            sum += daily(d);
        return sum;
    }

    /// <summary>
    /// The usual week before a break or a planned return: the mean weekly load of the 4 weeks (28 days) ending on
    /// <paramref name="last"/>, the last training day before it, and how many of those days were trained.
    /// </summary>
    public (double Load, int TrainingDays) UsualWeekBefore(DateOnly last)
    {
        double load = 0;
        var trainingDays = 0;
        for (var i = 0; i < 28; i++)
        {
            load += Load(last.AddDays(-i));
            if (Trained(last.AddDays(-i)))
                trainingDays++;
        }
        return (load / 4, trainingDays);
    }

    /// <summary>
    /// The first training day of the stretch <paramref name="day"/> belongs to: the day after the last gap of at
    /// least <see cref="AlertOptions.BreakDays"/> days without training, or the first day known. Looks back no
    /// further than it needs to answer "at least <paramref name="enough"/> days".
    /// </summary>
    public DateOnly StretchStart(DateOnly day, int enough = 400)
    {
        var idle = 0;
        for (var x = day; x >= _first; x = x.AddDays(-1))
        {
            if (Trained(x))
            {
                if (idle >= _options.BreakDays)
                    return x.AddDays(idle + 1);
                idle = 0;
                // Far enough back on a training day: the stretch is at least that long.
                if (day.DayNumber - x.DayNumber >= enough)
                    return x;
            }
            else
                idle++;
        }
        return _first;
    }

    /// <summary>Days of continuous training up to the day (counted back no further than needed).</summary>
    public int ContinuousDays(DateOnly day, int enough) => day.DayNumber - StretchStart(day, enough).DayNumber + 1;

    /// <summary>
    /// The mean and spread (sample SD) of the complete calendar weeks before <paramref name="day"/>'s week, as
    /// many as <see cref="AlertOptions.BaselineWeeks"/> and only weeks wholly inside the day's training stretch.
    /// </summary>
    public Baseline Before(DateOnly day, Func<DateOnly, double> daily)
    {
        var start = StretchStart(day, 7 * (_options.BaselineWeeks + 1));
        var weeks = new List<double>();
        for (var k = 1; k <= _options.BaselineWeeks; k++)
        {
            var monday = Monday(day).AddDays(-7 * k);
            if (monday < start || monday < _first)
                break;
            weeks.Add(Week(monday.AddDays(6), daily));
        }
        if (weeks.Count == 0)
            return new Baseline(0, 0, 0);
        var mean = weeks.Average();
        // The sample SD: the spread is estimated from a handful of weeks.
        var sd = weeks.Count > 1 ? Math.Sqrt(weeks.Sum(w => (w - mean) * (w - mean)) / (weeks.Count - 1)) : 0;
        return new Baseline(mean, sd, weeks.Count);
    }

    /// <summary>
    /// True when <paramref name="day"/>'s week so far rose well beyond the athlete's usual weeks: at least
    /// <paramref name="factor"/> × their mean and more than <see cref="AlertOptions.SpikeDeviations"/> spreads above
    /// it (the spread counted as at least 10 % of the mean, so very even weeks do not make a small rise a spike).
    /// </summary>
    public bool IsSpike(
        DateOnly day,
        Func<DateOnly, double> daily,
        double factor,
        out double week,
        out Baseline baseline
    )
    {
        week = Week(day, daily);
        baseline = Before(day, daily);
        if (baseline.Weeks < _options.MinimumBaselineWeeks || baseline.Mean <= 0)
            return false;
        var spread = Math.Max(baseline.Sd, 0.1 * baseline.Mean);
        return week >= factor * baseline.Mean && week > baseline.Mean + _options.SpikeDeviations * spread;
    }
}

/// <summary>The athlete's usual weeks: mean and spread of the 7-day sums, and how many weeks they cover.</summary>
public readonly record struct Baseline(double Mean, double Sd, int Weeks);
