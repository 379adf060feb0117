using System.Globalization;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Weekly;

/// <summary>
/// One measure of the week against the athlete's usual weeks — the same baseline the overload alerts use (the complete
/// weeks before, within the continuous training stretch; null before three of them exist), so the athlete, the digest
/// and the coach's page show the same change.
/// </summary>
public sealed record WeekComparison(double ThisWeek, double? UsualMean, double UsualSpread = 0)
{
    public double? Change => UsualMean is > 0 ? ThisWeek / UsualMean.Value - 1 : null;

    /// <summary>
    /// Next week's range that stays within the usual week-to-week variation: the usual mean ± its spread (at least a
    /// tenth of the mean). A rule of thumb, not a target.
    /// </summary>
    public (double Low, double High)? UsualRange =>
        UsualMean is { } mean && mean > 0
            ? (Math.Max(0, mean - Math.Max(UsualSpread, 0.1 * mean)), mean + Math.Max(UsualSpread, 0.1 * mean))
            : null;
}

/// <summary>
/// What an athlete's weekly summary shows (docs/design.md#formulas and #rules numbers, as computed and stored).
/// </summary>
public sealed record WeeklySummary(
    string AthleteId,
    string Name,
    IsoWeek Week,
    int Sessions,
    WeekComparison Load,
    WeekComparison VolumeLoadKg,
    WeekComparison SpinalLoadKg,
    double? AcwrEwma,
    double? SpinalAcwrEwma,
    double? Monotony,
    double? Strain,
    double? PainAverage,
    double? PainAveragePreviousWeek,
    int Checkins,
    IReadOnlyList<Alert> Alerts,
    string NextWeek,
    IReadOnlyList<ChartDay> Chart
)
{
    public bool HasHistory => Load.UsualMean is not null;

    /// <summary>Four weeks of continuous training by the week's end (a break of two weeks restarts the count):
    /// before that, no advice is drawn from a ratio.</summary>
    public bool RatiosMeaningful { get; init; } = true;

    /// <summary>The training-load ACWR where it means something (<see cref="RatiosMeaningful"/>), else null.</summary>
    public double? MeaningfulAcwr => RatiosMeaningful ? AcwrEwma : null;

    /// <summary>The athlete's thresholds, for the bands and advice the summary shows.</summary>
    public AlertOptions Alerting { get; init; } = new();

    /// <summary>Next week's range in plain words (a rule of thumb), or null where none can be given.</summary>
    public string? NextWeekRange { get; init; }

    /// <summary>Planned periods that touch this week or the next, described.</summary>
    public IReadOnlyList<string> Planned { get; init; } = [];

    /// <summary>Lines of technique advice from the week's sets (failure sets, big jumps after the warm-up).</summary>
    public IReadOnlyList<string> TechniqueNotes { get; init; } = [];
}

/// <summary>One day of the 8-week chart.</summary>
public sealed record ChartDay(DateOnly Date, double Load, double AcuteEwma, double ChronicEwma, int? Pain);

/// <summary>Builds the weekly summary from stored (or analysed) days, check-ins and alerts.</summary>
public static class WeeklySummaries
{
    /// <param name="days">
    /// Rollups and metrics from at least 8 weeks before the week's Sunday (fewer when the athlete is new).
    /// </param>
    public static WeeklySummary Build(
        AthleteProfile profile,
        IsoWeek week,
        IReadOnlyList<(TrainingDay Day, DayMetrics Metrics)> days,
        IReadOnlyList<PainCheckin> checkins,
        IReadOnlyList<Alert> alerts,
        AlertOptions? options = null,
        IReadOnlyList<WorkoutSummary>? workouts = null
    )
    {
        var alertOptions = (options ?? new AlertOptions()).For(profile);
        var byDate = days.ToDictionary(d => d.Day.Date);
        var thisWeek = Range(week.Monday, week.Sunday).Select(d => byDate.GetValueOrDefault(d)).ToList();
        // The week's last computed day: Sunday, or today for a week still running.
        var sunday = days.Where(d => d.Day.Date <= week.Sunday && d.Day.Date >= week.Monday)
            .OrderBy(d => d.Day.Date)
            .LastOrDefault();
        checkins = PainCheckin.OnePerDay(checkins).Where(c => c.Pain is not null).ToList();
        var painByDay = checkins.ToDictionary(c => c.Date, c => c.Pain);

        var lastComputed = sunday.Day?.Date ?? week.Sunday;
        var trainingWeeks = new TrainingWeeks(days.Select(d => d.Day), alertOptions);

        WeekComparison Compare(Func<TrainingDay, DayMetrics, double> value)
        {
            double Daily(DateOnly d) => byDate.TryGetValue(d, out var x) ? value(x.Day, x.Metrics) : 0;
            var current = Range(week.Monday, week.Sunday).Sum(Daily);
            var usual = trainingWeeks.Before(lastComputed, Daily);
            return usual.Weeks >= alertOptions.MinimumBaselineWeeks && usual.Mean > 0
                ? new WeekComparison(current, usual.Mean, usual.Sd)
                : new WeekComparison(current, null);
        }

        var load = Compare((d, _) => d.Load);
        var volume = Compare((d, _) => d.VolumeLoadKg);
        var spinal = Compare((d, _) => d.SpinalLoadKg);
        var weekPain = checkins
            .Where(c => c.Date >= week.Monday && c.Date <= week.Sunday)
            .Select(c => (double)c.Pain!.Value)
            .ToList();
        var previousPain = checkins
            .Where(c => c.Date >= week.Monday.AddDays(-7) && c.Date < week.Monday)
            .Select(c => (double)c.Pain!.Value)
            .ToList();
        var weekAlerts = alerts
            .Where(a => a.Date >= week.Monday && a.Date <= week.Sunday)
            .OrderBy(a => a.Date)
            .ThenBy(a => a.Rule)
            .ToList();

        var chart = Range(week.Sunday.AddDays(-55), week.Sunday)
            .Select(d =>
                byDate.TryGetValue(d, out var x)
                    ? new ChartDay(
                        d,
                        x.Day.Load,
                        x.Metrics.AcuteEwma,
                        x.Metrics.ChronicEwma,
                        painByDay.TryGetValue(d, out var p) ? p : null
                    )
                    : new ChartDay(d, 0, double.NaN, double.NaN, painByDay.TryGetValue(d, out var q) ? q : null)
            )
            .ToList();

        var summary = new WeeklySummary(
            profile.AthleteId,
            profile.DisplayName is { Length: > 0 } n ? n : profile.AthleteId,
            week,
            thisWeek.Sum(d => d.Day?.Sessions ?? 0),
            load,
            volume,
            spinal,
            sunday.Metrics?.AcwrEwma,
            sunday.Metrics?.SpinalAcwrEwma,
            sunday.Metrics?.Monotony,
            sunday.Metrics?.Strain,
            weekPain.Count > 0 ? weekPain.Average() : null,
            previousPain.Count > 0 ? previousPain.Average() : null,
            weekPain.Count,
            weekAlerts,
            "",
            chart
        );
        summary = summary with
        {
            Alerting = alertOptions,
            RatiosMeaningful =
                trainingWeeks.ContinuousDays(lastComputed, alertOptions.MinimumContinuousDays)
                >= alertOptions.MinimumContinuousDays,
            TechniqueNotes = NextWeek.TechniqueNotes(week, workouts ?? []),
        };
        summary = summary with
        {
            NextWeek = NextWeekAdvice(summary),
            NextWeekRange = NextWeek.ReturnRange(profile, week, trainingWeeks, alertOptions) ?? NextWeek.Range(summary),
            Planned =
            [
                .. (profile.Plans ?? [])
                    .Where(p => p.From <= week.Sunday.AddDays(7) && p.Until >= week.Monday)
                    .Select(p => "Planned: " + p.Describe()),
            ],
        };
        return summary;
    }

    /// <summary>What to do next week, in one or two plain sentences, from the week's numbers and alerts.</summary>
    public static string NextWeekAdvice(WeeklySummary s)
    {
        if (s.Alerts.Any(a => a.IsDoctorAlert))
            return "You had a see-a-doctor alert this week: follow its advice first, and keep training light until "
                + "you have been seen.";
        // Pain speaks before load: no progression advice in a week the back reacted.
        if (s.Alerts.Any(a => a.Rule == PainAfterHeavyRule.RuleName))
            return "Your back reacted to a heavy day this week. Next week hold your load (no heavier, no more sets), "
                + "keep the heaviest hinge or squat day lighter, and add again only once the pain is back to your "
                + "usual.";
        if (s.PainAverage is { } pain && pain >= s.Alerting.PersistentPain && pain > (s.PainAveragePreviousWeek ?? 0))
            return "Your back pain rose this week. Next week hold your load rather than adding more, and check in "
                + "daily: if the pain is not easing within two weeks, see a GP or physiotherapist.";
        if (s.Alerts.Any(a => a.Rule == ReturnAfterBreakRule.RuleName))
            return "You came back from a break at close to your old load. Ramp up over two to three weeks instead: "
                + "start around half your usual weekly volume and add a little each week.";
        if (s.Alerts.Any(a => a.Rule == BackToBackHingeRule.RuleName))
            return "Put at least a day between heavy hinge sessions next week.";
        if (s.Sessions == 0)
            return "A week off. Come back gently: start next week at about half your usual load.";
        // Ratios mean little before four weeks of continuous training, or across a break: no load advice from them.
        if (!s.HasHistory || !s.RatiosMeaningful)
            return "BackSignal compares your weeks once it has four weeks of continuous training (a break of two weeks "
                + "restarts the count). Keep logging your sessions and check-ins.";
        if (
            s.AcwrEwma > s.Alerting.AcwrSpike
            || s.Alerts.Any(a => a.Rule is AcwrSpikeRule.RuleName or SpinalJumpRule.RuleName)
        )
            return "Your load rose well past your usual weeks, a common pattern before flare-ups (a warning sign, not "
                + "a "
                + "prediction). Next week cut the number of sets by about a third and keep the weights, then build "
                + "back "
                + "up gradually (about 10 % a week is a rule of thumb).";
        if (s.AcwrEwma > s.Alerting.AcwrRising)
            return "Your load is rising faster than usual (acute:chronic ratio "
                + $"{s.Alerting.AcwrRising.ToString("0.0#", CultureInfo.InvariantCulture)}–"
                + $"{s.Alerting.AcwrSpike.ToString("0.0#", CultureInfo.InvariantCulture)}). Hold next week at about "
                + "this week's load rather than adding more.";
        return "Your load is within your usual range. Progress one variable at a time (sets, reps or weight), "
            + "by about 5–10 %: a rule of thumb, not a law.";
    }

    private static IEnumerable<DateOnly> Range(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
            yield return d;
    }
}
