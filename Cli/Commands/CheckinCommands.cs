using System.ComponentModel;
using System.Globalization;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal checkin`: queue a pain check-in from flags, or check-ins from a JSON / JSON-lines file.
/// </summary>
public sealed class CheckinCommand(StorageConnector connector) : AsyncCommand<CheckinCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--athlete <ID>")]
        [Description("The athlete")]
        public string Athlete { get; init; } = "";

        [CommandOption("--file <FILE>")]
        [Description("Check-ins as JSON: one object, an array, or JSON lines (DESIGN §4b)")]
        public string? File { get; init; }

        [CommandOption("--date <DATE>")]
        [Description("yyyy-MM-dd. Default: today in the athlete's time zone")]
        [TypeConverter(typeof(IsoDateConverter))]
        public DateOnly? Date { get; init; }

        [CommandOption("--pain <0-10>")]
        [Description("Low-back pain, 0 to 10")]
        public int? Pain { get; init; }

        [CommandOption("--leg-pain <WHERE>")]
        [Description("none, left, right or both")]
        [TypeConverter(typeof(KebabEnumConverter<LegPain>))]
        public LegPain LegPain { get; init; }

        [CommandOption("--numbness <WHERE>")]
        [Description("none, one-leg, both-legs or saddle")]
        [TypeConverter(typeof(KebabEnumConverter<Numbness>))]
        public Numbness Numbness { get; init; }

        [CommandOption("--weakness <HOW>")]
        [Description("none, mild, severe or worsening")]
        [TypeConverter(typeof(KebabEnumConverter<Weakness>))]
        public Weakness Weakness { get; init; }

        [CommandOption("--bladder-bowel")]
        [Description("New difficulty starting or controlling urine or stool, or not feeling it pass")]
        public bool BladderBowel { get; init; }

        [CommandOption("--sexual-dysfunction")]
        [Description("New loss of sexual function or genital sensation")]
        public bool SexualDysfunction { get; init; }

        [CommandOption("--night-pain")]
        [Description("Pain that wakes you at night")]
        public bool NightPain { get; init; }

        [CommandOption("--not-eased-by-rest")]
        [Description("Pain that lying down or rest does not ease")]
        public bool NotEasedByRest { get; init; }

        [CommandOption("--gait-change")]
        [Description("New difficulty walking")]
        public bool GaitChange { get; init; }

        [CommandOption("--fever")]
        [Description("A fever")]
        public bool Fever { get; init; }

        [CommandOption("--unwell")]
        [Description("Feeling generally unwell, chills or sweats")]
        public bool Unwell { get; init; }

        [CommandOption("--weight-loss")]
        [Description("Weight lost without trying")]
        public bool WeightLoss { get; init; }

        [CommandOption("--upper-back-pain")]
        [Description("Pain between the shoulder blades or in the chest wall")]
        public bool UpperBackPain { get; init; }

        [CommandOption("--trauma <HOW>")]
        [Description(
            "An injury before the pain: none, minor (a fall from standing, a knock) or major (a road accident, a fall "
                + "from a height)"
        )]
        [TypeConverter(typeof(KebabEnumConverter<Trauma>))]
        public Trauma Trauma { get; init; }

        [CommandOption("--assessed")]
        [Description("A clinician has assessed these symptoms since the last see-a-doctor alert")]
        public bool Assessed { get; init; }

        [CommandOption("--note <TEXT>")]
        [Description("Free text for the athlete's own record (never logged, never shown to the coach)")]
        public string? Note { get; init; }

        public override ValidationResult Validate()
        {
            if (!AthleteIds.IsValid(Athlete))
                return ValidationResult.Error("--athlete is required: a valid athlete id.");
            if (File is null && Pain is null)
                return ValidationResult.Error("Give --pain (and the other flags) or --file.");
            if (Pain is < 0 or > 10)
                return ValidationResult.Error($"--pain {Pain} is outside 0 to 10.");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        await using var services = await connector.ConnectAsync(cancellationToken);
        var profile = await services.GetRequiredService<AthleteStore>().FindAsync(s.Athlete, cancellationToken);
        if (profile is null)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[red]No athlete '{s.Athlete}': add them first with `{Invocation.Of("athlete add")}`.[/]"
            );
            return 2;
        }
        var today = profile.LocalDate(DateTimeOffset.UtcNow);

        List<PainCheckin> checkins;
        var problems = 0;
        if (s.File is { } file)
        {
            if (!System.IO.File.Exists(file))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{file}: no such file.[/]");
                return 2;
            }
            var read = CheckinReader.Read(file, s.Athlete, today);
            foreach (var row in read.Rejected)
                AnsiConsole.MarkupLineInterpolated($"[yellow]{row}[/]");
            problems = read.Rejected.Count;
            checkins = read.Items.Where(c => c.AthleteId == s.Athlete).ToList();
            problems += read.Items.Count - checkins.Count;
        }
        else
        {
            var checkin = new PainCheckin
            {
                AthleteId = s.Athlete,
                Date = s.Date ?? today,
                Pain = s.Pain ?? 0,
                LegPain = s.LegPain,
                Numbness = s.Numbness,
                Weakness = s.Weakness,
                BladderBowel = s.BladderBowel,
                NightPain = s.NightPain,
                NotEasedByRest = s.NotEasedByRest,
                GaitChange = s.GaitChange,
                Fever = s.Fever,
                Trauma = s.Trauma,
                Note = s.Note,
                SexualDysfunction = s.SexualDysfunction,
                Unwell = s.Unwell,
                WeightLoss = s.WeightLoss,
                UpperBackPain = s.UpperBackPain,
                Assessed = s.Assessed,
            };
            var invalid = CheckinValidation.Problems(checkin, today);
            foreach (var p in invalid)
                AnsiConsole.MarkupLineInterpolated($"[red]{p}[/]");
            if (invalid.Count > 0)
                return 2;
            checkins = [checkin];
        }

        // The advice of the tier a check-in reaches comes at once, before anything is queued; the email follows.
        var alerting = services
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Rules.AlertOptions>>()
            .Value.For(profile);
        foreach (var checkin in checkins)
            ShowAdvice(
                Core.Rules.SeeADoctorRule.Assess(
                    checkin,
                    new Core.Rules.RuleContext([], new Core.Metrics.MetricsOptions(), alerting)
                    {
                        Profile = profile,
                        Checkins = [checkin],
                    }
                )
            );

        var queue = services.GetRequiredService<MessageQueue>();
        foreach (var checkin in checkins)
            await queue.SendAsync(QueueNames.Checkins, checkin, cancellationToken);
        Say.Line(
            $"Queued {checkins.Count} check-in(s); `{Invocation.Of("run")}` processes them and sends any see-a-doctor ",
            $"email at once."
        );
        return problems > 0 ? 1 : 0;
    }

    private static void ShowAdvice(Core.Rules.Alert? alert)
    {
        if (alert is null)
            return;
        var colour = AlertStory.Colour(alert.Tier);
        var title =
            alert.Tier == Core.Rules.AlertTier.Emergency
                ? "EMERGENCY: call the emergency number now, or go to an emergency department."
                : alert.Title + ".";
        AnsiConsole.MarkupLineInterpolated($"[bold {colour}]{title}[/]");
        AnsiConsole.MarkupLineInterpolated($"[{colour}]{alert.Evidence}[/]");
        AnsiConsole.MarkupLineInterpolated($"{alert.Advice}");
        AnsiConsole.MarkupLine(
            "[grey]BackSignal is not a medical service and does not diagnose; nobody watches these messages. "
                + "If symptoms get worse, call the emergency number.[/]"
        );
    }
}

/// <summary>`backsignal alerts --athlete ID`: the stored alerts with their evidence and send status.</summary>
public sealed class AlertsCommand(StorageConnector connector) : AsyncCommand<AlertsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--athlete <ID>")]
        [Description("The athlete")]
        public string Athlete { get; init; } = "";

        [CommandOption("--days <N>")]
        [Description("How far back. Default: 3650")]
        public int Days { get; init; } = 3650;

        public override ValidationResult Validate() =>
            AthleteIds.IsValid(Athlete) ? ValidationResult.Success() : ValidationResult.Error("--athlete is required.");
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        await using var services = await connector.ConnectAsync(cancellationToken);
        var profile = await services.GetRequiredService<AthleteStore>().FindAsync(s.Athlete, cancellationToken);
        if (profile is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No athlete '{s.Athlete}'.[/]");
            return 2;
        }
        var today = profile.LocalDate(DateTimeOffset.UtcNow);
        var alerts = await services
            .GetRequiredService<TrainingStore>()
            .GetAlertsAsync(profile.AthleteId, today.AddDays(-s.Days), cancellationToken);
        var ledger = await services.GetRequiredService<EmailLedger>().ListAsync(profile.AthleteId, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[bold]{profile.AthleteId}[/]: {alerts.Count} alerts");
        AnsiConsole.Write(Tables.Alerts(alerts, ledger));
        return 0;
    }
}
