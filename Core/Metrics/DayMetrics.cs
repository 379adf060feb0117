namespace BackSignal.Core.Metrics;

/// <summary>
/// The rolling measures of one day (docs/design.md#formulas). A measure that is not defined yet is null, never NaN or
/// infinity.
/// </summary>
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
    double Tsb
)
{
    public double SpinalLoad { get; init; }
    public double SpinalAcuteEwma { get; init; }
    public double SpinalChronicEwma { get; init; }
    public double? SpinalAcwrEwma { get; init; }

    /// <summary>Sum of the last 7 days (this day included).</summary>
    public double WeeklyLoad { get; init; }

    /// <summary>
    /// (this week − the 7 days before) / the 7 days before; null before 14 days or when the week before is 0.
    /// </summary>
    public double? WeeklyLoadChange { get; init; }
    public double WeeklySpinalLoad { get; init; }
    public double? WeeklySpinalChange { get; init; }

    /// <summary>
    /// Mean weekly load of the 4 weeks before this week (days t−34…t−7); null before 35 days of history.
    /// </summary>
    public double? PreviousFourWeekLoad { get; init; }
    public double? PreviousFourWeekSpinalLoad { get; init; }
}

/// <summary>
/// What a computation needs from the day before it starts, so that a new workout recomputes from its own day onward
/// instead of from the athlete's first day.
/// </summary>
public sealed record SeriesState(
    DateOnly FirstDay,
    DateOnly LastDay,
    double AcuteEwma,
    double ChronicEwma,
    double Ctl,
    double Atl,
    IReadOnlyList<double> RecentLoads
)
{
    public double SpinalAcuteEwma { get; init; }
    public double SpinalChronicEwma { get; init; }

    /// <summary>The spinal loads of the same days as <see cref="RecentLoads"/>.</summary>
    public IReadOnlyList<double> RecentSpinalLoads { get; init; } = [];

    /// <summary>
    /// The state of the day before <paramref name="start"/>, rebuilt from that day's stored metrics and the stored days
    /// of the rolling windows before it (a missing day had no load).
    /// </summary>
    public static SeriesState Before(
        DateOnly start,
        DayMetrics previous,
        IReadOnlyList<TrainingDay> history,
        MetricsOptions options
    )
    {
        var windowStart = start.AddDays(-LoadSeries.WindowDays(options));
        var stored = history.ToDictionary(d => d.Date);
        var firstDay = previous.Date.AddDays(1 - previous.HistoryDays);
        var loads = new List<double>();
        var spinal = new List<double>();
        for (var d = windowStart > firstDay ? windowStart : firstDay; d < start; d = d.AddDays(1))
        {
            var day = stored.GetValueOrDefault(d);
            loads.Add(day?.Load ?? 0);
            spinal.Add(day?.SpinalLoadKg ?? 0);
        }
        return new SeriesState(
            firstDay,
            previous.Date,
            previous.AcuteEwma,
            previous.ChronicEwma,
            previous.Ctl,
            previous.Atl,
            loads
        )
        {
            SpinalAcuteEwma = previous.SpinalAcuteEwma,
            SpinalChronicEwma = previous.SpinalChronicEwma,
            RecentSpinalLoads = spinal,
        };
    }
}
