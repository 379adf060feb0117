using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using BackSignal.Core.Import;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.DevHost;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Bench;

/// <summary>
/// `bench alerts`: how often the overload rules speak on real histories (every export in
/// ../shared/samples with at least four weeks of training), and whether the generated must-fire and quiet
/// scenarios come out right. The same Core code as `analyze` and the pipeline. Exit code 1 when a target is missed.
/// </summary>
public sealed class AlertsCommand : Command<AlertsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--samples <DIR>")]
        [Description("Folder of real exports. Default: ../shared/samples beside the repository")]
        public string? Samples { get; init; }

        [CommandOption("--lifters <N>")]
        [Description("How many generated lifters. Default: 60")]
        public int Lifters { get; init; } = GeneratedLifters.DefaultCount;

        [CommandOption("--seed <N>")]
        [Description("The generator's seed. Default: 20261204")]
        public int Seed { get; init; } = GeneratedLifters.DefaultSeed;

        [CommandOption("--out <FILE>")]
        [Description("Where the JSON figures go. Default: bench-alerts.json")]
        public string Out { get; init; } = "bench-alerts.json";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var folder = s.Samples ?? Path.Combine(RepositoryRoot.Find(), "..", "shared", "samples");
        var histories = Directory.Exists(folder) ? AlertRates.RealHistories(folder) : [];
        var scenarios = AlertRates.Scenarios();
        var table = new Table()
            .RoundedBorder()
            .AddColumns("history", "workouts", "weeks", "alert weeks", "share", "per rule");
        foreach (var h in histories)
            table.AddRow(
                Markup.Escape(h.File),
                Number(h.Workouts),
                Number(h.WeeksAnalysed),
                Number(h.WeeksWithOverloadAlert),
                h.Share <= AlertRates.TargetShare ? $"[green]{h.Share:P1}[/]" : $"[red]{h.Share:P1}[/]",
                Markup.Escape(string.Join(", ", h.AlertsPerRule.Select(r => $"{r.Key} {r.Value}")))
            );
        if (histories.Count == 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]No real histories: {folder} does not exist.[/]");
        else
            AnsiConsole.Write(table);
        var generated = AlertRates.Generated(s.Lifters, s.Seed);
        var spread = AlertRates.Spread(generated);
        var perRule = generated
            .SelectMany(g => g.AlertsPerRule)
            .GroupBy(p => p.Key)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        var generatedOk = spread.Median <= AlertRates.TargetMedian && spread.P90 <= AlertRates.TargetP90;
        var line =
            $"Generated lifters (seed {s.Seed}): {spread.Lifters}; weeks with an overload alert: median "
            + $"{spread.Median:P1} (target ≤ {AlertRates.TargetMedian:P0}), 90th percentile {spread.P90:P1} "
            + $"(target ≤ {AlertRates.TargetP90:P0}), worst {spread.Worst:P1} ({spread.WorstLifter}): "
            + (generatedOk ? "met" : "NOT met");
        AnsiConsole.WriteLine(line);
        var rules = string.Join(", ", perRule.Select(p => $"{p.Key} {p.Value}"));
        AnsiConsole.MarkupLineInterpolated($"[grey]Alerts per rule over all generated lifters: {rules}[/]");
        var worstTable = new Table()
            .RoundedBorder()
            .AddColumns("generated lifter", "weeks", "alert weeks", "share", "per rule");
        foreach (var g in generated.OrderByDescending(g => g.Share).Take(8))
            worstTable.AddRow(
                Markup.Escape(g.File),
                Number(g.WeeksAnalysed),
                Number(g.WeeksWithOverloadAlert),
                $"{g.Share:P1}",
                Markup.Escape(string.Join(", ", g.AlertsPerRule.Select(r => $"{r.Key} {r.Value}")))
            );
        AnsiConsole.Write(worstTable);
        var scenarioTable = new Table().RoundedBorder().AddColumns("scenario", "must fire", "fired", "");
        foreach (var x in scenarios)
            scenarioTable.AddRow(
                Markup.Escape(x.Scenario),
                x.MustFire ?? "(none)",
                Markup.Escape(string.Join(", ", x.Fired)),
                x.Right ? "[green]right[/]" : "[red]WRONG[/]"
            );
        AnsiConsole.Write(scenarioTable);

        var figures = new
        {
            at = DateTimeOffset.UtcNow,
            targetShare = AlertRates.TargetShare,
            histories,
            generatedLifters = new
            {
                seed = s.Seed,
                targetMedian = AlertRates.TargetMedian,
                targetP90 = AlertRates.TargetP90,
                spread,
                perRule,
                lifters = generated,
            },
            scenarios,
        };
        var json = JsonSerializer.Serialize(
            figures,
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }
        );
        File.WriteAllText(s.Out, json);
        AnsiConsole.MarkupLineInterpolated($"[grey]Written to {s.Out}.[/]");
        return histories.All(h => h.Share <= AlertRates.TargetShare) && scenarios.All(x => x.Right) && generatedOk
            ? 0
            : 1;
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
