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
        [Description("Check-ins as JSON: one object, an array, or JSON lines (docs/checkin.md)")]
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
        [Description("Numbness or tingling in the legs: none, one-leg or both-legs (v1's saddle still read)")]
        [TypeConverter(typeof(KebabEnumConverter<Numbness>))]
        public Numbness Numbness { get; init; }

        [CommandOption("--saddle-numbness")]
        [Description("Numbness or tingling between the legs: genitals, buttocks or inner thighs")]
        public bool SaddleNumbness { get; init; }

        [CommandOption("--weakness <HOW>")]
        [Description("Weakness in a leg or foot: none, mild, severe or worsening")]
        [TypeConverter(typeof(KebabEnumConverter<Weakness>))]
        public Weakness Weakness { get; init; }

        [CommandOption("--weakness-side <WHICH>")]
        [Description("Which legs are weak: none, one or both")]
        [TypeConverter(typeof(KebabEnumConverter<WeaknessSide>))]
        public WeaknessSide WeaknessSide { get; init; }

        [CommandOption("--chest-pain")]
        [Description("Pain in the chest")]
        public bool ChestPain { get; init; }

        [CommandOption("--cough-sneeze")]
        [Description("Pain made worse by coughing, sneezing or straining")]
        public bool CoughSneeze { get; init; }

        [CommandOption("--back-lump")]
        [Description("A lump or swelling in the back, or a back that has changed shape")]
        public bool BackLump { get; init; }

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
        [Description("Pain between the shoulder blades")]
        public bool UpperBackPain { get; init; }

        [CommandOption("--trauma <HOW>")]
        [Description(
            "An injury before the pain: none, minor (a fall from standing, a knock), lift (a sudden pain during a "
                + "lift) or major (a road accident, a fall from a height)"
        )]
        [TypeConverter(typeof(KebabEnumConverter<Trauma>))]
        public Trauma Trauma { get; init; }

        [CommandOption("--known <SIGNS>")]
        [Description(
            "Signs a clinician has seen that have not changed, comma-separated field names (e.g. numbness,weakness)"
        )]
        public string? Known { get; init; }

        [CommandOption("--assessed")]
        [Description("v1: a clinician has seen every sign reported and none has changed (as --known with all of them)")]
        public bool Assessed { get; init; }

        [CommandOption("--note <TEXT>")]
        [Description("Free text for the athlete's own record (never logged, never shown to the coach)")]
        public string? Note { get; init; }

        public override ValidationResult Validate()
        {
            if (!AthleteIds.IsValid(Athlete))
                return ValidationResult.Error("--athlete is required: a valid athlete id.");
            // A pain score out of range is reported after the advice, not here: a red flag beside it still counts.
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
        if (await services.RequireAthleteAsync(s.Athlete, cancellationToken) is not { } profile)
            return 2;
        var today = profile.LocalDate(DateTimeOffset.UtcNow);

        List<PainCheckin> checkins;
        var problems = 0;
        IReadOnlyList<ValidationProblem> deferred = [];
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
                Pain = s.Pain,
                LegPain = s.LegPain,
                Numbness = s.Numbness,
                SaddleNumbness = s.SaddleNumbness,
                Weakness = s.Weakness,
                WeaknessSide = s.WeaknessSide,
                ChestPain = s.ChestPain,
                CoughSneeze = s.CoughSneeze,
                BackLump = s.BackLump,
                Known =
                    s.Known?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
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
            if (s.Pain is null && !CheckinSigns.Reported(checkin).Any())
            {
                AnsiConsole.MarkupLine("[red]Give --pain (and the other flags) or --file.[/]");
                return 2;
            }
            var (cleaned, invalid) = CheckinValidation.Clean(checkin, today);
            if (invalid.Any(CheckinValidation.IsFatal))
            {
                foreach (var p in invalid)
                    AnsiConsole.MarkupLineInterpolated($"[red]{p}[/]");
                return 2;
            }
            // The answers that read are kept and acted on; the others are reported after the advice.
            deferred = invalid;
            problems = invalid.Count;
            checkins = [cleaned];
        }

        // The advice of the tier a check-in reaches, from its answers and the stored history together, comes at
        // once, before anything is queued; the email follows.
        var triage = services.GetRequiredService<CheckinTriage>();
        var history =
            checkins.Count == 0
                ? []
                : (
                    await triage.StoredAsync(
                        profile,
                        checkins.Min(c => c.Date),
                        checkins.Max(c => c.Date),
                        cancellationToken
                    )
                ).ToList();
        foreach (var checkin in checkins.OrderBy(c => c.Date))
        {
            var assessment = triage.Assess(profile, checkin, history);
            // From a file, only the check-ins that call for something; a single one always gets its answer.
            if (checkins.Count == 1 || assessment.Alert is not null)
                ShowAdvice(assessment);
            history.Add(checkin);
        }
        foreach (var p in deferred)
            AnsiConsole.MarkupLineInterpolated($"[yellow]Not saved: {p}[/]");

        var queue = services.Queue;
        foreach (var checkin in checkins)
            await queue.SendAsync(QueueNames.Checkins, checkin, cancellationToken);
        Say.Line(
            $"Queued {checkins.Count} check-in(s); `{Invocation.Of("run")}` processes them and sends any see-a-doctor ",
            $"email at once."
        );
        return problems > 0 ? 1 : 0;
    }

    /// <summary>The answer of one check-in, in the athlete's language, as the check-in page gives it.</summary>
    private static void ShowAdvice(Core.Rules.CheckinAssessment assessment)
    {
        var safety = assessment.Safety;
        var words = safety.Words;
        if (assessment.Alert is { } alert && assessment.Leads)
        {
            var colour = AlertStory.Colour(alert.Tier);
            var action = Core.Rules.SeeADoctorRule.ActionOf(alert.Tier, safety);
            var emergency = alert.Tier == Core.Rules.AlertTier.Emergency ? words["Checkin.Answer.EmergencyPrefix"] : "";
            AnsiConsole.MarkupLineInterpolated($"[bold {colour}]{emergency}{action}[/]");
            foreach (var finding in assessment.New.OrderByDescending(f => f.Tier))
                AnsiConsole.MarkupLineInterpolated($"[{colour}]  - {finding.Description}[/]");
            AnsiConsole.MarkupLineInterpolated($"{alert.Advice}");
        }
        if (assessment.KnownTier is { } known)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]{words["Checkin.Answer.KnownIntro"]}[/]");
            foreach (var finding in assessment.Known)
                AnsiConsole.MarkupLineInterpolated($"[grey]  - {finding.Description}[/]");
            var ifChange = words[
                "Checkin.Answer.KnownIfChange",
                words.MidSentence(Core.Rules.SeeADoctorRule.ActionOf(known, safety))
            ];
            AnsiConsole.MarkupLineInterpolated($"[grey]{ifChange}[/]");
        }
        if (assessment.Alert is null || !assessment.Leads)
        {
            var what = Core.FrontDoor.CheckinPageView.What(assessment);
            AnsiConsole.MarkupLineInterpolated($"{words["Checkin.Answer.Checked", what]}");
            var call =
                words["Checkin.Answer.CallAtOnce"]
                + " "
                + words["Checkin.Answer.CallAtOnceFor", safety.Emergency, words["Doctor.EmergencySigns"]];
            AnsiConsole.MarkupLineInterpolated($"{call}");
            AnsiConsole.MarkupLineInterpolated($"{words["Checkin.Answer.Calm"]}");
        }
        AnsiConsole.MarkupLineInterpolated($"[grey]{safety.Footer}[/]");
    }
}
