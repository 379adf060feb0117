using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Hosting;
using BackSignal.Core.Import;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal analyze`: reads export files of any supported format, runs the same Core code as the pipeline in memory
/// (no storage), and prints the days and alerts as a table or as JSON (docs/design.md#analyze-json). Progress and
/// warnings go to stderr, so that stdout stays one JSON document.
/// </summary>
public sealed class AnalyzeCommand(IConfiguration configuration) : Command<AnalyzeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description(
            "Export files of any of these formats (told apart by content): Strong CSV (every layout), Hevy CSV, "
                + "Garmin Connect Activities.csv, Garmin FIT, Strava activities.csv, Apple Health export.xml or "
                + "export.zip, BackSignal canonical JSON"
        )]
        public string[] Files { get; init; } = [];

        [CommandOption("--athlete <ID>")]
        [Description("The athlete id to report. Default: athlete")]
        public string Athlete { get; init; } = "athlete";

        [CommandOption("--unit <UNIT>")]
        [Description("kg or lb: the unit of exports without a unit column (Strong). Default: kg")]
        public string Unit { get; init; } = "kg";

        [CommandOption("--time-zone <IANA>")]
        [Description("The athlete's time zone: decides each workout's day. Default: UTC")]
        public string TimeZone { get; init; } = "UTC";

        [CommandOption("--as-of <DATE>")]
        [Description("The last day to show (yyyy-MM-dd). Default: the day of the last workout")]
        [TypeConverter(typeof(IsoDateConverter))]
        public DateOnly? AsOf { get; init; }

        [CommandOption("--checkins <FILE>")]
        [Description("Pain check-ins (JSON object, array or JSON lines) for the pain and see-a-doctor rules")]
        public string? Checkins { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table or json. Default: table")]
        [TypeConverter(typeof(KebabEnumConverter<OutputFormat>))]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        [CommandOption("--days <N>")]
        [Description("Days shown in the table (JSON has all). Default: 28")]
        public int Days { get; init; } = 28;

        [CommandOption("--body-mass-kg <KG>")]
        [Description("Counted as the weight of bodyweight sets")]
        public double? BodyMassKg { get; init; }

        [CommandOption("--resting-hr <BPM>")]
        [Description("Resting heart rate: with --max-hr, workouts with heart rate are loaded by TRIMP")]
        public double? RestingHr { get; init; }

        [CommandOption("--max-hr <BPM>")]
        [Description("Maximum heart rate: with --resting-hr, workouts with heart rate are loaded by TRIMP")]
        public double? MaxHr { get; init; }

        [CommandOption("--birth-year <YYYY>")]
        [Description("Year of birth of the in-memory athlete (raises a see-a-doctor tier from 50)")]
        public int? BirthYear { get; init; }

        [CommandOption("--health <LIST>")]
        [Description(
            "Health context, comma-separated: cancer-history, long-term-steroids, osteoporosis, immunosuppressed"
        )]
        public string? Health { get; init; }

        public override ValidationResult Validate()
        {
            if (Files.Length == 0)
                return ValidationResult.Error("Give at least one export file.");
            if (Unit is not ("kg" or "lb"))
                return ValidationResult.Error("--unit is kg or lb.");
            if (!TimeZones.TryResolve(TimeZone, out _))
                return ValidationResult.Error(
                    $"Unknown time zone '{TimeZone}': use an IANA name such as Europe/Berlin."
                );
            if (!AthleteIds.IsValid(Athlete))
                return ValidationResult.Error($"'{Athlete}' is not a valid athlete id.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var profile = new AthleteProfile
        {
            AthleteId = s.Athlete,
            Email = "analyze@localhost",
            TimeZone = s.TimeZone,
            WeightUnit = s.Unit,
            BodyMassKg = s.BodyMassKg,
            RestingHr = s.RestingHr,
            MaxHr = s.MaxHr,
            BirthYear = s.BirthYear,
        };
        try
        {
            profile = profile.WithHealth((s.Health ?? "").Split(','));
        }
        catch (ArgumentException e)
        {
            errors.MarkupLineInterpolated($"[red]--health: {e.Message}[/]");
            return 2;
        }
        var results = new List<ImportResult>();
        var failed = 0;
        foreach (var file in s.Files)
        {
            if (!File.Exists(file))
            {
                errors.MarkupLineInterpolated($"[red]{file}: no such file.[/]");
                failed++;
                continue;
            }
            try
            {
                results.Add(
                    ReadWithProgress(
                        errors,
                        file,
                        ImportContext.For(profile, Path.GetFileName(file), DateTimeOffset.UtcNow)
                    )
                );
            }
            catch (ImportException e)
            {
                errors.MarkupLineInterpolated($"[red]{e.Message}[/]");
                failed++;
            }
        }

        var workouts = results
            .SelectMany(r => r.Workouts)
            .GroupBy(w => w.WorkoutId)
            .Select(g => g.Last())
            .OrderBy(w => w.Start)
            .ToList();
        var rejected = results.SelectMany(r => r.Rejected).ToList();
        var rejectedCount = results.Sum(r => r.RejectedCount);
        var warnings = results.SelectMany(r => r.Warnings).ToList();
        var warningCount = results.Sum(r => r.WarningCount);
        var unknown = results.SelectMany(r => r.UnknownExercises).GroupBy(u => u.Name).Select(g => g.Key).ToList();
        var asOf = s.AsOf;
        IReadOnlyList<PainCheckin> checkins = [];
        if (s.Checkins is { } checkinFile)
        {
            if (!File.Exists(checkinFile))
            {
                errors.MarkupLineInterpolated($"[red]{checkinFile}: no such file.[/]");
                return 2;
            }
            var read = CheckinReader.Read(checkinFile, s.Athlete, null);
            checkins = read.Items.Where(c => c.AthleteId == s.Athlete).ToList();
            rejected.AddRange(read.Rejected);
            rejectedCount += read.Rejected.Count;
        }
        var (metricsOptions, alertOptions) = DeploymentSettings.Read(configuration);
        var analysis = Analysis.Run(profile, workouts, asOf, metricsOptions, alertOptions, AlertRuleSet.All, checkins);

        foreach (var row in rejected.Take(20))
            errors.MarkupLineInterpolated($"[yellow]{row}[/]");
        if (rejectedCount > 20)
            errors.MarkupLineInterpolated(
                $"[yellow]… {rejectedCount - 20} more rows rejected (all of them in the JSON output).[/]"
            );
        // Heart rate is there but unused without the athlete's resting and maximum: say so rather than load silently by
        // duration.
        var unusedHr = workouts.Count(w =>
            w.AvgHr is not null && w.SessionRpe is null && w.Sets.All(x => x.Rpe is null)
        );
        if (unusedHr > 0 && (profile.RestingHr is null || profile.MaxHr is null))
            errors.MarkupLine(
                $"[grey]{unusedHr} {(unusedHr == 1 ? "workout carries" : "workouts carry")} heart rate but "
                    + "loaded by duration: give --resting-hr and --max-hr to load them by TRIMP.[/]"
            );
        foreach (var warning in warnings.Take(10))
            errors.MarkupLineInterpolated($"[grey]warning: {warning}[/]");
        if (warningCount > 10)
            errors.MarkupLineInterpolated(
                $"[grey]… {warningCount - 10} more values dropped (all of them in the JSON output).[/]"
            );

        if (s.Format == OutputFormat.Json)
        {
            var document = new AnalyzeReport(
                s.Athlete,
                workouts.Count,
                checkins.Count,
                workouts.Sum(w => w.Sets.Count),
                results.SelectMany(r => r.Formats).Distinct().Select(f => f.ToString()).ToList(),
                rejectedCount,
                rejected.Select(AnalyzeReport.RowOf).ToList(),
                warningCount,
                warnings.Select(AnalyzeReport.WarningOf).ToList(),
                unknown,
                analysis.Days.Select(AnalyzeReport.Day.Of).ToList(),
                analysis.Alerts.Select(AnalyzeReport.AlertOf).ToList()
            );
            Console.Out.WriteLine(JsonSerializer.Serialize(document, AnalyzeJsonContext.Default.AnalyzeReport));
        }
        else
        {
            Say.Line(
                $"[bold]{s.Athlete}[/]: {workouts.Count} workouts, {workouts.Sum(w => w.Sets.Count)} sets from ",
                $"{results.Count} file(s); {rejectedCount} rows rejected, {warningCount} values dropped."
            );
            if (unknown.Count > 0)
            {
                var more = unknown.Count > 15 ? ", …" : "";
                AnsiConsole.MarkupLineInterpolated(
                    $"Exercises not in the catalog ({unknown.Count}): {string.Join(", ", unknown.Take(15))}{more}"
                );
            }
            AnsiConsole.Write(
                Tables.Analysis(analysis.Days.TakeLast(Math.Max(1, s.Days)).ToList(), alertOptions.For(profile))
            );
            AlertStory.Print(analysis.Alerts, most: 30);
        }
        return failed > 0 && results.Count == 0 ? 2
            : failed > 0 || rejectedCount > 0 ? 1
            : 0;
    }

    /// <summary>Reads one file, with a progress bar on stderr when it is big enough to wait for.</summary>
    private static ImportResult ReadWithProgress(IAnsiConsole errors, string file, ImportContext context)
    {
        var size = new FileInfo(file).Length;
        if (size < 8 << 20 || Console.IsErrorRedirected)
            return ExportReader.ReadFile(file, context);
        ImportResult? result = null;
        errors
            .Progress()
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new TransferSpeedColumn()
            )
            .Start(p =>
            {
                var task = p.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: size);
                result = ExportReader.ReadFile(
                    file,
                    context with
                    {
                        Progress = (read, total) => task.Value = Math.Min(read, size),
                    }
                );
                task.Value = size;
            });
        return result!;
    }
}

/// <summary>How `analyze` writes its result.</summary>
public enum OutputFormat
{
    Table,
    Json,
}
