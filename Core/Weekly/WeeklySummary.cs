using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Weekly;

/// <summary>One measure of the week against the four weeks before (null when those weeks do not exist yet).</summary>
public sealed record WeekComparison(double ThisWeek, double? PreviousFourWeekMean)
{
    public double? Change => PreviousFourWeekMean is > 0 ? ThisWeek / PreviousFourWeekMean.Value - 1 : null;
}

/// <summary>What an athlete's weekly summary shows (DESIGN §5/§6 numbers, as computed and stored).</summary>
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
    IReadOnlyList<ChartDay> Chart)
{
    public bool HasHistory => Load.PreviousFourWeekMean is not null;
}

/// <summary>One day of the 8-week chart.</summary>
public sealed record ChartDay(DateOnly Date, double Load, double AcuteEwma, double ChronicEwma, int? Pain);

/// <summary>Builds the weekly summary from stored (or analysed) days, check-ins and alerts.</summary>
public static class WeeklySummaries
{
    /// <param name="days">Rollups and metrics from at least 8 weeks before the week's Sunday (fewer when the athlete is new).</param>
    public static WeeklySummary Build(AthleteProfile profile, IsoWeek week, IReadOnlyList<(TrainingDay Day, DayMetrics Metrics)> days,
        IReadOnlyList<PainCheckin> checkins, IReadOnlyList<Alert> alerts)
    {
        var byDate = days.ToDictionary(d => d.Day.Date);
        var thisWeek = Range(week.Monday, week.Sunday).Select(d => byDate.GetValueOrDefault(d)).ToList();
        // The week's last computed day: Sunday, or today for a week still running.
        var sunday = days.Where(d => d.Day.Date <= week.Sunday && d.Day.Date >= week.Monday).OrderBy(d => d.Day.Date).LastOrDefault();
        checkins = checkins.GroupBy(c => c.Date).Select(g => g.Last()).ToList(); // one per day: the later replaces
        var painByDay = checkins.ToDictionary(c => c.Date, c => c.Pain);

        WeekComparison Compare(Func<TrainingDay, DayMetrics, double> value)
        {
            double Sum(DateOnly from) => Range(from, from.AddDays(6)).Sum(d => byDate.TryGetValue(d, out var x) ? value(x.Day, x.Metrics) : 0);
            var current = Sum(week.Monday);
            var firstKnown = days.Count == 0 ? DateOnly.MaxValue : days.Min(d => d.Day.Date);
            var previous = Enumerable.Range(1, 4).Select(i => week.Monday.AddDays(-7 * i)).ToList();
            // The four weeks before count only when the athlete's history covers them.
            double? mean = previous[^1] >= firstKnown ? previous.Average(Sum) : null;
            return new WeekComparison(current, mean);
        }

        var load = Compare((d, _) => d.Load);
        var volume = Compare((d, _) => d.VolumeLoadKg);
        var spinal = Compare((d, _) => d.SpinalLoadKg);
        var weekPain = checkins.Where(c => c.Date >= week.Monday && c.Date <= week.Sunday).Select(c => (double)c.Pain).ToList();
        var previousPain = checkins.Where(c => c.Date >= week.Monday.AddDays(-7) && c.Date < week.Monday).Select(c => (double)c.Pain).ToList();
        var weekAlerts = alerts.Where(a => a.Date >= week.Monday && a.Date <= week.Sunday).OrderBy(a => a.Date).ThenBy(a => a.Rule).ToList();

        var chart = Range(week.Sunday.AddDays(-55), week.Sunday)
            .Select(d => byDate.TryGetValue(d, out var x)
                ? new ChartDay(d, x.Day.Load, x.Metrics.AcuteEwma, x.Metrics.ChronicEwma, painByDay.TryGetValue(d, out var p) ? p : null)
                : new ChartDay(d, 0, double.NaN, double.NaN, painByDay.TryGetValue(d, out var q) ? q : null))
            .ToList();

        var summary = new WeeklySummary(profile.AthleteId, profile.DisplayName is { Length: > 0 } n ? n : profile.AthleteId, week,
            thisWeek.Sum(d => d.Day?.Sessions ?? 0), load, volume, spinal,
            sunday.Metrics?.AcwrEwma, sunday.Metrics?.SpinalAcwrEwma, sunday.Metrics?.Monotony, sunday.Metrics?.Strain,
            weekPain.Count > 0 ? weekPain.Average() : null, previousPain.Count > 0 ? previousPain.Average() : null, weekPain.Count,
            weekAlerts, "", chart);
        return summary with { NextWeek = NextWeekAdvice(summary) };
    }

    /// <summary>What to do next week, in one or two plain sentences, from the week's numbers and alerts.</summary>
    public static string NextWeekAdvice(WeeklySummary s)
    {
        if (s.Alerts.Any(a => a.IsDoctorAlert))
            return "You had a see-a-doctor alert this week: follow its advice first, and keep training light until you have been seen.";
        var acwr = Math.Max(s.AcwrEwma ?? 0, s.SpinalAcwrEwma ?? 0);
        if (acwr > 1.5 || s.Alerts.Any(a => a.Rule is AcwrSpikeRule.RuleName or SpinalJumpRule.RuleName))
            return "Your load rose faster than your back adapts. Next week cut the number of sets by about a third and keep the weights, then build back up by no more than 10 % a week.";
        if (acwr > 1.3)
            return "You are in the caution band (ACWR 1.3–1.5). Hold next week at about this week's load rather than adding more.";
        if (s.Alerts.Any(a => a.Rule == BackToBackHingeRule.RuleName))
            return "Put at least a day between heavy hinge sessions next week.";
        if (!s.HasHistory)
            return "BackSignal needs four weeks of training to compare against. Keep logging your sessions and check-ins.";
        if (s.Sessions == 0)
            return "A week off. Come back gently: start next week at about half your usual load.";
        return "Your load is in the usual range (ACWR 0.8–1.3). Progress one variable at a time — sets, reps or weight — by about 5–10 %.";
    }

    private static IEnumerable<DateOnly> Range(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }
}
