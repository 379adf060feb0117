using System.Globalization;
using BackSignal.Core.Import;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;

namespace BackSignal.DevHost;

/// <summary>
/// How often the overload rules speak on whole histories (`bench alerts` and the alert-rate tests): the share of weeks
/// with an overload alert on each real export, and whether each generated scenario comes out right.
/// </summary>
public static class AlertRates
{
    /// <summary>
    /// docs/design.md#overload: at most this share of weeks with an overload alert on any real history.
    /// </summary>
    public const double TargetShare = 0.10;

    public sealed record HistoryFigures(
        string File,
        int Workouts,
        int WeeksAnalysed,
        int WeeksWithOverloadAlert,
        double Share,
        IReadOnlyDictionary<string, int> AlertsPerRule
    );

    public sealed record ScenarioFigures(string Scenario, string? MustFire, IReadOnlyList<string> Fired, bool Right);

    /// <summary>Every export under <paramref name="folder"/> that reads into at least four weeks of training.</summary>
    public static IReadOnlyList<HistoryFigures> RealHistories(string folder)
    {
        var result = new List<HistoryFigures>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                continue;
            var profile = new AthleteProfile { AthleteId = "bench", Email = "bench@localhost" };
            ImportResult read;
            var context = ImportContext.For(profile, Path.GetFileName(file), DateTimeOffset.UtcNow);
            try
            {
                read = ExportReader.ReadFile(file, context);
            }
            catch (ImportException)
            {
                continue;
            }
            if (read.Workouts.Count == 0)
                continue;
            var first = profile.LocalDate(read.Workouts.Min(w => w.Start));
            var last = profile.LocalDate(read.Workouts.Max(w => w.Start));
            if (last.DayNumber - first.DayNumber < 28)
                continue;
            result.Add(Measure(Path.GetRelativePath(folder, file), profile, read.Workouts, []));
        }
        return result;
    }

    public static HistoryFigures Measure(
        string name,
        AthleteProfile profile,
        IReadOnlyList<WorkoutSummary> workouts,
        IReadOnlyList<PainCheckin> checkins
    )
    {
        var analysis = Analysis.Run(
            profile,
            workouts,
            null,
            new MetricsOptions(),
            new AlertOptions(),
            AlertRuleSet.All,
            checkins
        );
        var overload = analysis.Alerts.Where(a => !a.IsDoctorAlert).ToList();
        var weeks = analysis.Days.Select(d => Week(d.Day.Date)).Distinct().Count();
        var alertWeeks = overload.Select(a => Week(a.Date)).Distinct().Count();
        var share = weeks == 0 ? 0 : Math.Round((double)alertWeeks / weeks, 4);
        var perRule = overload
            .GroupBy(a => a.Rule)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new HistoryFigures(name, workouts.Count, weeks, alertWeeks, share, perRule);
    }

    /// <summary>The spread of alert-week shares over many lifters: a rule on lifters it was never tuned on.</summary>
    public sealed record Distribution(int Lifters, double Median, double P90, double Worst, string WorstLifter);

    /// <summary>Generated-lifter targets: the median lifter and nine in ten within these shares.</summary>
    public const double TargetMedian = 0.05;

    public const double TargetP90 = 0.10;

    /// <summary>
    /// Every generated lifter (<see cref="GeneratedLifters"/>, fixed seed) through the same repair as an import and the
    /// same analysis as the pipeline.
    /// </summary>
    public static IReadOnlyList<HistoryFigures> Generated(
        int count = GeneratedLifters.DefaultCount,
        int seed = GeneratedLifters.DefaultSeed
    ) =>
        [
            .. GeneratedLifters
                .Generate(count, seed)
                .AsParallel()
                .AsOrdered()
                .Select(l =>
                    Measure(
                        l.Name,
                        new AthleteProfile { AthleteId = "generated", Email = "generated@localhost" },
                        [.. l.Workouts.Select(w => WorkoutValidation.Repair(w).Workout)],
                        []
                    )
                ),
        ];

    public static Distribution Spread(IReadOnlyList<HistoryFigures> figures)
    {
        var shares = figures.Select(f => f.Share).Order().ToList();
        if (shares.Count == 0)
            return new Distribution(0, 0, 0, 0, "");
        double At(double q) => shares[Math.Min(shares.Count - 1, (int)Math.Ceiling(q * shares.Count) - 1)];
        var worst = figures.MaxBy(f => f.Share)!;
        return new Distribution(shares.Count, At(0.5), At(0.9), worst.Share, worst.File);
    }

    public static IReadOnlyList<ScenarioFigures> Scenarios() =>
        AlertScenarios
            .All()
            .Select(x =>
            {
                var profile = new AthleteProfile { AthleteId = "scenario", Email = "scenario@localhost" };
                var fired = Analysis
                    .Run(
                        profile,
                        x.Workouts,
                        null,
                        new MetricsOptions(),
                        new AlertOptions(),
                        AlertRuleSet.All,
                        x.Checkins
                    )
                    .Alerts.Where(a => !a.IsDoctorAlert)
                    .Select(a => a.Rule)
                    .Distinct()
                    .Order(StringComparer.Ordinal)
                    .ToList();
                var right = x.MustFire is { } rule ? fired.Contains(rule) : fired.Count == 0;
                return new ScenarioFigures(x.Name, x.MustFire, fired, right);
            })
            .ToList();

    private static (int Year, int Week) Week(DateOnly day) =>
        (ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)));
}
