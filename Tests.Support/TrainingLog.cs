using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Tests.Infrastructure;

/// <summary>
/// A readable training history for rule scenarios: weeks of sessions and daily check-ins, then the same
/// computation as the pipeline (DaySeries + every rule) run over it.
/// </summary>
public sealed class TrainingLog(DateOnly firstMonday, AthleteProfile? athlete = null)
{
    public AthleteProfile Athlete { get; } =
        athlete
        ?? new AthleteProfile
        {
            AthleteId = "ana",
            Email = "ana@example.com",
            TimeZone = "Europe/Berlin",
        };
    public List<WorkoutSummary> Workouts { get; } = [];
    public List<PainCheckin> Checkins { get; } = [];
    public DateOnly FirstMonday { get; } = firstMonday;

    /// <summary>
    /// The day <paramref name="day"/> (0 = the first Monday) of week <paramref name="week"/> (0-based).
    /// </summary>
    public DateOnly Day(int week, int day = 0) => FirstMonday.AddDays(week * 7 + day);

    public TrainingLog Session(
        DateOnly day,
        double minutes,
        double rpe,
        params (string Exercise, int Sets, int Reps, double Kg)[] lifts
    )
    {
        Workouts.Add(
            new WorkoutSummary
            {
                AthleteId = Athlete.AthleteId,
                Source = "test",
                Start = new DateTimeOffset(
                    day.ToDateTime(new TimeOnly(18, 0)),
                    Athlete.ResolveTimeZone().GetUtcOffset(day.ToDateTime(new TimeOnly(18, 0)))
                ),
                Title = $"Session {day:MMdd}-{Workouts.Count}",
                DurationMin = minutes,
                SessionRpe = rpe,
                Sets =
                [
                    .. lifts.SelectMany(l =>
                        Enumerable
                            .Range(1, l.Sets)
                            .Select(i => new WorkoutSet
                            {
                                Exercise = l.Exercise,
                                SetIndex = i,
                                Reps = l.Reps,
                                WeightKg = l.Kg,
                            })
                    ),
                ],
            }
        );
        return this;
    }

    /// <summary>The same session on the given weekdays (0 = Monday) of each week in [from, to).</summary>
    public TrainingLog Weekly(
        int fromWeek,
        int toWeek,
        int[] weekdays,
        double minutes,
        double rpe,
        params (string Exercise, int Sets, int Reps, double Kg)[] lifts
    )
    {
        for (var w = fromWeek; w < toWeek; w++)
            foreach (var d in weekdays)
                Session(Day(w, d), minutes, rpe, lifts);
        return this;
    }

    public TrainingLog Checkin(DateOnly day, int pain, Func<PainCheckin, PainCheckin>? more = null)
    {
        var checkin = new PainCheckin
        {
            AthleteId = Athlete.AthleteId,
            Date = day,
            Pain = pain,
        };
        // One per day is the analysis' job: a later one is merged into the day's earlier one, as in the store.
        Checkins.Add(more is null ? checkin : more(checkin));
        return this;
    }

    public TrainingLog DailyCheckins(DateOnly from, DateOnly to, int pain)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
            Checkin(d, pain);
        return this;
    }

    public AnalysisResult Analyse(AlertOptions? alerts = null, DateOnly? asOf = null) =>
        Analysis.Run(
            Athlete,
            Workouts,
            asOf,
            new MetricsOptions(),
            alerts ?? new AlertOptions(),
            AlertRuleSet.All,
            Checkins
        );

    public IReadOnlyList<Alert> Alerts(string rule, AlertOptions? alerts = null, DateOnly? asOf = null) =>
        Analyse(alerts, asOf).Alerts.Where(a => a.Rule == rule).ToList();
}
