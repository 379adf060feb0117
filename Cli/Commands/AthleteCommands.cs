using System.ComponentModel;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

public sealed class AthleteAddCommand(StorageConnector connector) : AsyncCommand<AthleteAddCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("Athlete id: letters, digits, '-', '_' or '.'")]
        public string Id { get; init; } = "";

        [CommandOption("--email <EMAIL>")]
        [Description("The athlete's email: alerts and weekly summaries go there")]
        public string Email { get; init; } = "";

        [CommandOption("--name <NAME>")]
        [Description("The name emails and the coach use")]
        public string? Name { get; init; }

        [CommandOption("--coach-email <EMAIL>")]
        [Description("The coach who gets overload alerts and the Monday digest")]
        public string? CoachEmail { get; init; }

        [CommandOption("--share-with-coach")]
        [Description(
            "The athlete consents to the coach seeing see-a-doctor alerts: the tier and day, never a symptom or score."
        )]
        public bool ShareWithCoach { get; init; }

        [CommandOption("--share-pain-trend")]
        [Description(
            "The athlete consents, separately, to the coach seeing the pain trend: the week's average pain and alerts "
                + "derived from pain, never a day's score, a symptom or a note."
        )]
        public bool SharePainTrend { get; init; }

        [CommandOption("--time-zone <IANA>")]
        [Description("The athlete's time zone (IANA, e.g. Europe/Berlin): decides each workout's day. Default: UTC")]
        public string TimeZone { get; init; } = "UTC";

        [CommandOption("--language <CODE>")]
        [Description("The language of the athlete's emails and pages: en, de, fr or es. Default: en")]
        public string Language { get; init; } = "en";

        [CommandOption("--country <ISO>")]
        [Description(
            "The athlete's country (ISO 3166, e.g. DE): the advice names its emergency and urgent-care numbers. "
                + "Without it, the numbers of the main regions"
        )]
        public string? Country { get; init; }

        [CommandOption("--weight-unit <UNIT>")]
        [Description("kg or lb: the unit of exports without a unit column")]
        public string WeightUnit { get; init; } = "kg";

        [CommandOption("--body-mass-kg <KG>")]
        [Description("Body mass: counted as the weight of bodyweight sets")]
        public double? BodyMassKg { get; init; }

        [CommandOption("--resting-hr <BPM>")]
        [Description("Resting heart rate: with --max-hr, workouts with heart rate are loaded by TRIMP")]
        public double? RestingHr { get; init; }

        [CommandOption("--max-hr <BPM>")]
        [Description("Maximum heart rate: with --resting-hr, workouts with heart rate are loaded by TRIMP")]
        public double? MaxHr { get; init; }

        [CommandOption("--opt-out <KIND>")]
        [Description(
            "An email kind the athlete does not want: weekly-summary or overload-alerts (repeatable; see-a-doctor "
                + "emails always go)"
        )]
        public string[] OptOuts { get; init; } = [];

        [CommandOption("--threshold <NAME=VALUE>")]
        [Description(
            "The athlete's own alert threshold, e.g. AcwrSpike=1.4 (repeatable); see-a-doctor thresholds only more "
                + "sensitive"
        )]
        public IDictionary<string, double>? Thresholds { get; init; }

        [CommandOption("--birth-year <YYYY>")]
        [Description("Year of birth: from 50 a minor fall with back pain is urgent")]
        public int? BirthYear { get; init; }

        [CommandOption("--health <LIST>")]
        [Description(
            "Health context that raises a see-a-doctor tier, comma-separated: cancer-history, long-term-steroids, "
                + "osteoporosis, immunosuppressed"
        )]
        public string? Health { get; init; }

        public override ValidationResult Validate()
        {
            if (BirthYear is { } year && (year < 1900 || year > DateTime.UtcNow.Year))
                return ValidationResult.Error($"--birth-year {year} is not a year of birth (1900 to this year).");
            try
            {
                new AthleteProfile { AthleteId = "x", Email = "x@x" }.WithHealth((Health ?? "").Split(','));
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error($"--health: {e.Message}");
            }
            if (!AthleteIds.IsValid(Id))
                return ValidationResult.Error(
                    $"'{Id}' is not a valid athlete id (1-64 letters, digits, '-', '_' or '.')."
                );
            if (!Email.Contains('@'))
                return ValidationResult.Error("--email is required.");
            if (CoachEmail is { } c && !c.Contains('@'))
                return ValidationResult.Error("--coach-email is not an email address.");
            if (!TimeZones.TryResolve(TimeZone, out _))
                return ValidationResult.Error(
                    $"Unknown time zone '{TimeZone}': use an IANA name such as Europe/Berlin."
                );
            if (WeightUnit is not ("kg" or "lb"))
                return ValidationResult.Error("--weight-unit is kg or lb.");
            if (!Core.Localization.Languages.IsSupported(Language))
                return ValidationResult.Error(
                    $"--language '{Language}' is not one of {string.Join(", ", Core.Localization.Languages.All)}."
                );
            if (Country is not null && Core.Localization.EmergencyLines.NormalizeCountry(Country) is null)
                return ValidationResult.Error($"--country '{Country}' is not an ISO 3166 country code (such as DE).");
            foreach (var o in OptOuts)
                if (o is not (AthleteProfile.WeeklySummaryOptOut or AthleteProfile.OverloadAlertsOptOut))
                    return ValidationResult.Error(
                        $"--opt-out '{o}' is not {AthleteProfile.WeeklySummaryOptOut} or "
                            + $"{AthleteProfile.OverloadAlertsOptOut} (see-a-doctor emails cannot be turned off)."
                    );
            foreach (var (name, value) in Thresholds ?? new Dictionary<string, double>())
            {
                var known = Core.Rules.AlertOptions.Overridable.Order().ToList();
                if (!known.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase))
                    return ValidationResult.Error(
                        $"--threshold {name}: not one of {string.Join(", ", known)}"
                            + (Suggestions.Closest(name, known) is { } near ? $" (did you mean {near}?)." : ".")
                    );
                if (
                    Core.Rules.AlertOptions.CheckOverride(name.Trim(), value, new Core.Rules.AlertOptions()) is
                    { } refused
                )
                    return ValidationResult.Error($"--threshold {name}={value}: {refused}.");
            }
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
        await services.Athletes.UpsertAsync(
            new AthleteProfile
            {
                AthleteId = s.Id,
                Email = s.Email,
                DisplayName = s.Name,
                CoachEmail = s.CoachEmail,
                ShareWithCoach = s.ShareWithCoach,
                SharePainTrend = s.SharePainTrend,
                TimeZone = s.TimeZone,
                Language = Core.Localization.Languages.Normalize(s.Language),
                Country = Core.Localization.EmergencyLines.NormalizeCountry(s.Country),
                WeightUnit = s.WeightUnit,
                BodyMassKg = s.BodyMassKg,
                RestingHr = s.RestingHr,
                MaxHr = s.MaxHr,
                EmailOptOuts = s.OptOuts.Length == 0 ? null : s.OptOuts.Distinct().ToList(),
                BirthYear = s.BirthYear,
                Thresholds = s.Thresholds is not { Count: > 0 } thresholds
                    ? null
                    : new Dictionary<string, double>(thresholds, StringComparer.OrdinalIgnoreCase),
            }.WithHealth((s.Health ?? "").Split(',')),
            cancellationToken
        );
        AnsiConsole.MarkupLineInterpolated($"Saved athlete [bold]{s.Id}[/].");
        return 0;
    }
}

public sealed class AthleteListCommand(StorageConnector connector) : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var services = await connector.ConnectAsync(cancellationToken);
        var table = new Table()
            .RoundedBorder()
            .AddColumns("id", "email", "coach", "coach sees", "time zone", "language", "country", "unit");
        foreach (var a in await services.Athletes.ListAsync(cancellationToken))
            table.AddRow(
                Markup.Escape(a.AthleteId),
                Markup.Escape(a.Email),
                Markup.Escape(a.CoachEmail ?? "–"),
                Shared(a),
                Markup.Escape(a.TimeZone),
                a.Language,
                a.Country ?? "–",
                a.WeightUnit
            );
        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>What the athlete shares with their coach beyond training load, in the consent's words.</summary>
    internal static string Shared(AthleteProfile a) =>
        (a.ShareWithCoach, a.SharePainTrend) switch
        {
            (true, true) => "doctor tiers, pain trend",
            (true, false) => "doctor tiers",
            (false, true) => "pain trend",
            _ => "training only",
        };
}

public sealed class AthleteShowCommand(StorageConnector connector) : AsyncCommand<AthleteShowCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ID>")]
        public string Id { get; init; } = "";

        [CommandOption("--days <N>")]
        [Description("How many recent days to show. Default: 28")]
        public int Days { get; init; } = 28;
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        await using var services = await connector.ConnectAsync(cancellationToken);
        if (await services.RequireAthleteAsync(s.Id, cancellationToken) is not { } profile)
            return 2;
        Say.Line(
            $"[bold]{profile.AthleteId}[/] {profile.Email} · coach {profile.CoachEmail ?? "none"} · ",
            $"coach sees: {AthleteListCommand.Shared(profile)} · {profile.TimeZone} · {profile.WeightUnit}"
        );
        if (profile.EmailOptOuts is { Count: > 0 } optOuts)
            AnsiConsole.MarkupLineInterpolated($"Opted out of: {string.Join(", ", optOuts)}");
        if (profile.Thresholds is { Count: > 0 } thresholds)
            AnsiConsole.MarkupLineInterpolated(
                $"Own thresholds: {string.Join(", ", thresholds.Select(t => $"{t.Key}={t.Value}"))}"
            );
        var today = profile.LocalDate(TimeProvider.System.GetUtcNow());
        var training = services.Training;
        var metrics = await training.GetMetricsAsync(
            profile.AthleteId,
            today.AddDays(1 - s.Days),
            today,
            cancellationToken
        );
        var alerting = services
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertOptions>>()
            .Value.For(profile);
        AnsiConsole.Write(Tables.Days(metrics, alerting));
        var alerts = await training.GetAlertsAsync(profile.AthleteId, today.AddDays(1 - s.Days), cancellationToken);
        var ledger = await services.Ledger.ListAsync(profile.AthleteId, cancellationToken);
        if (alerts.Count > 0)
            AnsiConsole.Write(Tables.Alerts(alerts, ledger));
        return 0;
    }
}
