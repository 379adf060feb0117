using BackSignal.Core.Metrics;
using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

public sealed record AnalysisResult(IReadOnlyList<ComputedDay> Days, IReadOnlyList<Alert> Alerts);

/// <summary>What one pass starts from: the days before it (stored, or none) and what is known about them.</summary>
/// <param name="History">The rollups of the days before the pass, oldest first (windows, strength look-back).</param>
/// <param name="Before">The series state of the day before the pass, or null to start there.</param>
public sealed record PassStart(
    IReadOnlyList<TrainingDay> History,
    SeriesState? Before,
    IReadOnlySet<DateOnly> HeavyHingeBefore,
    IReadOnlySet<DateOnly> HeavySquatBefore
)
{
    public static readonly PassStart Empty = new([], null, new HashSet<DateOnly>(), new HashSet<DateOnly>());
}

/// <summary>
/// The one computation of days and alerts: the pipeline's recompute and one-hop path (through
/// Pipeline/Recalculation, which adds what is stored) and `backsignal analyze` (<see cref="Run"/>, in memory).
/// </summary>
public static class Analysis
{
    /// <summary>The days from <paramref name="start"/> to <paramref name="end"/>, the alerts raised on them.</summary>
    public static (IReadOnlyList<ComputedDay> Days, IReadOnlyList<Alert> Raised, RuleContext Context) Compute(
        AthleteProfile profile,
        DateOnly start,
        DateOnly end,
        ILookup<DateOnly, WorkoutSummary> workouts,
        IReadOnlyList<PainCheckin> checkins,
        PassStart from,
        MetricsOptions metrics,
        AlertOptions alerts,
        IEnumerable<IAlertRule> rules
    )
    {
        // One score a day: the day's last check-in that has one.
        var pain = checkins
            .Where(c => c.Pain is not null)
            .GroupBy(c => c.Date)
            .ToDictionary(g => g.Key, g => g.Last().Pain!.Value);
        var rollups = DaySeries.Rollups(start, end, workouts, profile, metrics, pain);
        var days = DaySeries.Compute(from.History, rollups, from.Before, metrics);
        var context = new RuleContext(days, metrics, alerts)
        {
            Profile = profile,
            History = from.History,
            Checkins = checkins,
            HeavyHingeBefore = from.HeavyHingeBefore,
            HeavySquatBefore = from.HeavySquatBefore,
        };
        return (days, rules.SelectMany(r => r.Evaluate(context)).ToList(), context);
    }

    /// <summary>
    /// `backsignal analyze`: every day from the first workout or check-in to <c>asOf</c> (rest days included), its
    /// measures, and every alert the rules raise, whatever its age, in date order.
    /// </summary>
    public static AnalysisResult Run(
        AthleteProfile profile,
        IReadOnlyList<WorkoutSummary> workouts,
        DateOnly? asOf,
        MetricsOptions metrics,
        AlertOptions alerts,
        IEnumerable<IAlertRule> rules,
        IReadOnlyList<PainCheckin>? checkins = null
    )
    {
        checkins = PainCheckin.OnePerDay(checkins ?? []);
        if (workouts.Count == 0 && checkins.Count == 0)
            return new AnalysisResult([], []);
        var byDay = workouts.ToLookup(w => profile.LocalDate(w.Start));
        var dates = byDay.Select(g => g.Key).Concat(checkins.Select(c => c.Date)).ToList();
        var first = dates.Min();
        var last = asOf ?? dates.Max();
        if (last < first)
            return new AnalysisResult([], []);

        var (days, raised, _) = Compute(
            profile,
            first,
            last,
            byDay,
            checkins,
            PassStart.Empty,
            metrics,
            alerts.For(profile),
            rules
        );
        return new AnalysisResult(days, [.. raised.OrderBy(a => a.Date).ThenBy(a => a.Rule)]);
    }
}
