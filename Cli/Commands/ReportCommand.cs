using System.ComponentModel;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.Core.Weekly;
using BackSignal.DevHost;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal report --athlete ID [--week yyyy-Www] [--out FILE.html]`: the weekly summary as a local page, chart
/// embedded.
/// </summary>
public sealed class ReportCommand(StorageConnector connector) : AsyncCommand<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--athlete <ID>")]
        [Description("The athlete whose week is written")]
        public string Athlete { get; init; } = "";

        [CommandOption("--week <WEEK>")]
        [Description("yyyy-Www. Default: the last complete week in the athlete's time zone")]
        public string? Week { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Default: outbox/report-<athlete>-<week>.html")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            !AthleteIds.IsValid(Athlete) ? ValidationResult.Error("--athlete is required.")
            : Week is not null && !IsoWeek.TryParse(Week, out _)
                ? ValidationResult.Error("--week is an ISO week such as 2026-W47.")
            : ValidationResult.Success();
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
        var path = await WriteAsync(
            services.GetRequiredService<WeeklyReports>(),
            profile,
            s.Week,
            s.Out,
            cancellationToken
        );
        AnsiConsole.MarkupLineInterpolated($"Wrote {path}: open it in a browser.");
        return 0;
    }

    public static async Task<string> WriteAsync(
        WeeklyReports reports,
        Core.Model.AthleteProfile profile,
        string? week,
        string? output,
        CancellationToken ct
    )
    {
        var iso =
            week is not null && IsoWeek.TryParse(week, out var parsed)
                ? parsed
                : IsoWeek.Of(profile.LocalDate(DateTimeOffset.UtcNow)).Previous;
        var summary = await reports.SummaryAsync(profile, iso, ct);
        var chart = "data:image/png;base64," + Convert.ToBase64String(WeeklyChart.Png(summary.Chart));
        var path = Path.GetFullPath(output ?? Path.Combine("outbox", $"report-{profile.AthleteId}-{iso}.html"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, WeeklyEmails.Html(summary, chart), ct);
        return path;
    }
}
