using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using BackSignal.Cli.Bench;
using BackSignal.Core.Import;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal bench alerts`: how often the overload rules speak on real histories (every export in
/// ../shared/samples with at least four weeks of training), and whether the generated must-fire and quiet
/// scenarios come out right. The same Core code as `analyze` and the pipeline. Exit code 1 when a target is missed.
/// </summary>
public sealed class BenchAlertsCommand : Command<BenchAlertsCommand.Settings>
{
    /// <summary>DESIGN §6: at most this share of weeks with an overload alert on any real history.</summary>
    public const double TargetShare = 0.10;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--samples <DIR>")]
        [Description("Folder of real exports. Default: ../shared/samples beside the repository")]
        public string? Samples { get; init; }
        [CommandOption("--out <FILE>")][Description("Where the JSON figures go. Default: bench-alerts.json")]
        public string Out { get; init; } = "bench-alerts.json";
    }

    public sealed record HistoryFigures(string File, int Workouts, int WeeksAnalysed, int WeeksWithOverloadAlert,
        double Share, IReadOnlyDictionary<string, int> AlertsPerRule);

    public sealed record ScenarioFigures(string Scenario, string? MustFire, IReadOnlyList<string> Fired, bool Right);

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var folder = s.Samples ?? Path.Combine(Local.RepositoryRoot.Find(), "..", "shared", "samples");
        var histories = Directory.Exists(folder) ? RealHistories(folder) : [];
        var scenarios = Scenarios();
        var table = new Table().RoundedBorder()
            .AddColumns("history", "workouts", "weeks", "alert weeks", "share", "per rule");
        foreach (var h in histories)
            table.AddRow(Markup.Escape(h.File), Number(h.Workouts), Number(h.WeeksAnalysed),
                Number(h.WeeksWithOverloadAlert),
                h.Share <= TargetShare ? $"[green]{h.Share:P1}[/]" : $"[red]{h.Share:P1}[/]",
                Markup.Escape(string.Join(", ", h.AlertsPerRule.Select(r => $"{r.Key} {r.Value}"))));
        if (histories.Count == 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]No real histories: {folder} does not exist.[/]");
        else AnsiConsole.Write(table);
        var scenarioTable = new Table().RoundedBorder().AddColumns("scenario", "must fire", "fired", "");
        foreach (var x in scenarios)
            scenarioTable.AddRow(Markup.Escape(x.Scenario), x.MustFire ?? "(none)",
                Markup.Escape(string.Join(", ", x.Fired)),
                x.Right ? "[green]right[/]" : "[red]WRONG[/]");
        AnsiConsole.Write(scenarioTable);

        var figures = new { at = DateTimeOffset.UtcNow, targetShare = TargetShare, histories, scenarios };
        var json = JsonSerializer.Serialize(figures,
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        File.WriteAllText(s.Out, json);
        AnsiConsole.MarkupLineInterpolated($"[grey]Written to {s.Out}.[/]");
        return histories.All(h => h.Share <= TargetShare) && scenarios.All(x => x.Right) ? 0 : 1;
    }

    /// <summary>Every export under <paramref name="folder"/> that reads into at least four weeks of training.</summary>
    public static IReadOnlyList<HistoryFigures> RealHistories(string folder)
    {
        var result = new List<HistoryFigures>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) continue;
            var profile = new AthleteProfile { AthleteId = "bench", Email = "bench@localhost" };
            ImportResult read;
            var context = ImportContext.For(profile, Path.GetFileName(file), DateTimeOffset.UtcNow);
            try { read = ExportReader.ReadFile(file, context); }
            catch (ImportException) { continue; }
            if (read.Workouts.Count == 0) continue;
            var first = profile.LocalDate(read.Workouts.Min(w => w.Start));
            var last = profile.LocalDate(read.Workouts.Max(w => w.Start));
            if (last.DayNumber - first.DayNumber < 28) continue;
            result.Add(Measure(Path.GetRelativePath(folder, file), profile, read.Workouts, []));
        }
        return result;
    }

    public static HistoryFigures Measure(string name, AthleteProfile profile, IReadOnlyList<WorkoutSummary> workouts,
        IReadOnlyList<PainCheckin> checkins)
    {
        var analysis = Analysis.Run(profile, workouts, null, new MetricsOptions(), new AlertOptions(), AlertRuleSet.All,
            checkins);
        var overload = analysis.Alerts.Where(a => !a.IsDoctorAlert).ToList();
        var weeks = analysis.Days.Select(d => Week(d.Day.Date)).Distinct().Count();
        var alertWeeks = overload.Select(a => Week(a.Date)).Distinct().Count();
        var share = weeks == 0 ? 0 : Math.Round((double)alertWeeks / weeks, 4);
        var perRule = overload.GroupBy(a => a.Rule).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new HistoryFigures(name, workouts.Count, weeks, alertWeeks, share, perRule);
    }

    public static IReadOnlyList<ScenarioFigures> Scenarios() => AlertScenarios.All().Select(x =>
    {
        var profile = new AthleteProfile { AthleteId = "scenario", Email = "scenario@localhost" };
        var fired = Analysis.Run(profile, x.Workouts, null, new MetricsOptions(), new AlertOptions(), AlertRuleSet.All,
                x.Checkins)
            .Alerts.Where(a => !a.IsDoctorAlert).Select(a => a.Rule).Distinct().Order(StringComparer.Ordinal).ToList();
        var right = x.MustFire is { } rule ? fired.Contains(rule) : fired.Count == 0;
        return new ScenarioFigures(x.Name, x.MustFire, fired, right);
    }).ToList();

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static (int Year, int Week) Week(DateOnly day) =>
        (ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)));
}
