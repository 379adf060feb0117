using BackSignal.Core.Localization;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Weekly;

/// <summary>
/// What the weekly summary and the coach's page say about next week beyond the advice: the range of load and
/// spinal load that keeps the athlete within their usual week-to-week variation, and lines of technique advice from
/// the week's sets (the seed article's: stop a set before technique breaks down; ramp up in smaller jumps).
/// </summary>
public static class NextWeek
{
    /// <summary>The last warm-up below this share of the first working set is a jump worth a note.</summary>
    public const double RampShare = 0.6;

    /// <summary>
    /// Next week's range, labelled as a rule of thumb; null before the ratios mean anything (four weeks of
    /// continuous training), and in a week with a pain or see-a-doctor alert (then the advice is to hold).
    /// </summary>
    public static string? Range(WeeklySummary s, Words words)
    {
        if (!s.RatiosMeaningful || s.Alerts.Any(a => a.IsFromPain))
            return null;
        if (s.Load.UsualRange is not { } load)
            return null;
        var spinal =
            s.SpinalLoadKg.UsualRange is { } kg && kg.High > 0
                ? words["Weekly.Range.Spinal", Round(kg.Low, words), Round(kg.High, words)]
                : "";
        return words["Weekly.Range", Round(load.Low, words), Round(load.High, words), spinal];
    }

    /// <summary>
    /// Next week's ceiling during a planned return: the week's share of the ramp (return-after-break's limits) of
    /// the weekly load before the return; null outside a return.
    /// </summary>
    public static string? ReturnRange(
        AthleteProfile profile,
        IsoWeek week,
        TrainingWeeks weeks,
        AlertOptions options,
        Words words
    )
    {
        var next = week.Monday.AddDays(7);
        if (
            profile.Covering(PlanKind.Return, next) is not { } plan
            || weeks.LastTrainedBefore(plan.From) is not { } last
        )
            return null;
        var usualWeek = weeks.UsualWeekBefore(last).Load;
        if (usualWeek <= 0)
            return null;
        var k = Math.Max(0, (next.DayNumber - plan.From.DayNumber) / 7);
        var high = ReturnAfterBreakRule.RampShare(options, k) * usualWeek;
        return words["Weekly.ReturnRange", k + 1, Round(high, words)];
    }

    /// <summary>
    /// Failure sets on spine-loading lifts, and first working sets far above the last warm-up set, in the week.
    /// </summary>
    public static IReadOnlyList<string> TechniqueNotes(
        IsoWeek week,
        IReadOnlyList<WorkoutSummary> workouts,
        Words words
    )
    {
        var notes = new List<string>();
        var inWeek = workouts
            .Where(w => DateOnly.FromDateTime(w.Start.Date) >= week.Monday)
            .Where(w => DateOnly.FromDateTime(w.Start.Date) <= week.Sunday.AddDays(1))
            .ToList();
        var failures = inWeek.SelectMany(w => w.Sets).Count(s => s.Kind == SetKind.Failure && SpineLoading(s.Exercise));
        if (failures > 0)
            notes.Add(words.Count("Weekly.Failures", failures));
        foreach (var workout in inWeek)
        foreach (var lift in workout.Sets.GroupBy(s => s.Exercise).Where(g => SpineLoading(g.Key)))
        {
            var sets = lift.OrderBy(s => s.SetIndex).ToList();
            var first = sets.FindIndex(s => s.IsWorkingSet && s.WeightKg > 0);
            if (first <= 0 || sets[first - 1] is not { Kind: SetKind.Warmup, WeightKg: > 0 } warm)
                continue;
            var working = sets[first].WeightKg!.Value;
            if (warm.WeightKg!.Value < RampShare * working)
                notes.Add(
                    words[
                        "Weekly.RampJump",
                        words.Date(DateOnly.FromDateTime(workout.Start.Date)),
                        lift.Key,
                        working.ToString("0.#", words.Culture),
                        warm.WeightKg.Value.ToString("0.#", words.Culture)
                    ]
                );
        }
        return notes;
    }

    private static bool SpineLoading(string exercise) =>
        ExerciseCatalog.Default.Find(exercise) is { SpineFactor: >= StrengthSeries.SpineLoading };

    private static string Round(double value, Words words) =>
        (
            value >= 1000
                ? Math.Round(value / 100, MidpointRounding.AwayFromZero) * 100
                : Math.Round(value / 10, MidpointRounding.AwayFromZero) * 10
        ).ToString("#,0", words.Culture);
}
