using System.Globalization;
using BackSignal.Core.Localization;
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

    /// <summary>The athlete's language and country: the summary's language and whose numbers it names.</summary>
    public string Language { get; init; } = "en";

    public string? Country { get; init; }
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
        var words = Words.For(profile.Language);
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
            Language = words.Language,
            Country = profile.Country,
            Alerting = alertOptions,
            RatiosMeaningful =
                trainingWeeks.ContinuousDays(lastComputed, alertOptions.MinimumContinuousDays)
                >= alertOptions.MinimumContinuousDays,
            TechniqueNotes = NextWeek.TechniqueNotes(week, workouts ?? [], words),
        };
        summary = summary with
        {
            NextWeek = NextWeekAdvice(summary, words),
            NextWeekRange =
                NextWeek.ReturnRange(profile, week, trainingWeeks, alertOptions, words)
                ?? NextWeek.Range(summary, words),
            Planned =
            [
                .. (profile.Plans ?? [])
                    .Where(p => p.From <= week.Sunday.AddDays(7) && p.Until >= week.Monday)
                    .Select(p => words["Weekly.Planned", Phrases.Plan(p, words)]),
            ],
        };
        return summary;
    }

    /// <summary>What to do next week, in one or two plain sentences, from the week's numbers and alerts.</summary>
    public static string NextWeekAdvice(WeeklySummary s, Words words)
    {
        if (s.Alerts.Any(a => a.IsDoctorAlert))
            return words["Weekly.Advice.Doctor"];
        // Pain speaks before load: no progression advice in a week the back reacted.
        if (s.Alerts.Any(a => a.Rule == PainAfterHeavyRule.RuleName))
            return words["Weekly.Advice.PainAfterHeavy"];
        if (s.PainAverage is { } pain && pain >= s.Alerting.PersistentPain && pain > (s.PainAveragePreviousWeek ?? 0))
            return words["Weekly.Advice.PainRose"];
        if (s.Alerts.Any(a => a.Rule == ReturnAfterBreakRule.RuleName))
            return words["Weekly.Advice.Return"];
        if (s.Alerts.Any(a => a.Rule == BackToBackHingeRule.RuleName))
            return words["Weekly.Advice.BackToBack"];
        if (s.Sessions == 0)
            return words["Weekly.Advice.WeekOff"];
        // Ratios mean little before four weeks of continuous training, or across a break: no load advice from them.
        if (!s.HasHistory || !s.RatiosMeaningful)
            return words["Weekly.Advice.NoHistory"];
        if (
            s.AcwrEwma > s.Alerting.AcwrSpike
            || s.Alerts.Any(a => a.Rule is AcwrSpikeRule.RuleName or SpinalJumpRule.RuleName)
        )
            return words["Weekly.Advice.Spike"];
        if (s.AcwrEwma > s.Alerting.AcwrRising)
            return words[
                "Weekly.Advice.Rising",
                s.Alerting.AcwrRising.ToString("0.0#", words.Culture),
                s.Alerting.AcwrSpike.ToString("0.0#", words.Culture)
            ];
        return words["Weekly.Advice.Usual"];
    }

    private static IEnumerable<DateOnly> Range(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
            yield return d;
    }
}
