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
        if (await services.RequireAthleteAsync(s.Athlete, cancellationToken) is not { } profile)
            return 2;
        var today = profile.LocalDate(DateTimeOffset.UtcNow);
        var alerts = await services.Training.GetAlertsAsync(
            profile.AthleteId,
            today.AddDays(-s.Days),
            cancellationToken
        );
        var ledger = await services.Ledger.ListAsync(profile.AthleteId, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[bold]{profile.AthleteId}[/]: {alerts.Count} alerts");
        AnsiConsole.Write(Tables.Alerts(alerts, ledger));
        return 0;
    }
}
