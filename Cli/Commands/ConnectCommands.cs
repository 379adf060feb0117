using System.ComponentModel;
using BackSignal.Core.Connections;
using BackSignal.Core.FrontDoor;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>The athlete a connect command is for.</summary>
public class ConnectSettings : CommandSettings
{
    [CommandOption("--athlete <ID>")]
    [Description("The athlete")]
    public string Athlete { get; init; } = "";
}

/// <summary>
/// `backsignal connect hevy --athlete ID [--api-key K]`: checks the key with Hevy, keeps it as a secret, registers the
/// webhook and queues the backfill. Without --api-key the key is asked for (hidden) or read from standard input, so
/// that it stays out of the shell's history.
/// </summary>
public sealed class ConnectHevyCommand(StorageConnector connector) : AsyncCommand<ConnectHevyCommand.Settings>
{
    public sealed class Settings : ConnectSettings
    {
        [CommandOption("--api-key <KEY>")]
        [Description(
            "The athlete's Hevy API key (hevy.com, Settings, Developer); without it, read from standard input"
        )]
        public string? ApiKey { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var key = s.ApiKey;
        if (key is null)
            key = Console.IsInputRedirected
                ? (await Console.In.ReadLineAsync(ct))?.Trim()
                : await AnsiConsole.PromptAsync(new TextPrompt<string>("Hevy API key:").Secret(), ct);
        await using var services = await connector.ConnectAsync(ct);
        if (await services.RequireAthleteAsync(s.Athlete, ct) is not { } profile)
            return 2;
        if (
            await services.GetRequiredService<ConnectedAccounts>().ConnectHevyAsync(profile.AthleteId, key, ct) is
            { } problem
        )
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[red]Hevy was not connected:[/] {Core.Localization.Words.English[problem]}"
            );
            return 2;
        }
        AnsiConsole.MarkupLineInterpolated(
            $"Hevy is connected for '{profile.AthleteId}'. Its history import is queued (`backsignal run` runs it);"
        );
        AnsiConsole.MarkupLine("each new workout arrives on its own.");
        return 0;
    }
}

/// <summary>`backsignal connect strava --athlete ID`: the link to Strava's authorization page.</summary>
public sealed class ConnectStravaCommand(StorageConnector connector) : AsyncCommand<ConnectSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ConnectSettings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        if (await services.RequireAthleteAsync(s.Athlete, ct) is not { } profile)
            return 2;
        var accounts = services.GetRequiredService<ConnectedAccounts>();
        if (await accounts.StartStravaAsync(profile.AthleteId, ct) is not { } url)
        {
            AnsiConsole.MarkupLine(
                "[red]Strava is not set up:[/] set Strava__ClientId and Strava__ClientSecret (strava.com/settings/api)."
            );
            return 2;
        }
        var minutes = ConnectedAccounts.StateLifetime.TotalMinutes;
        AnsiConsole.MarkupLineInterpolated($"The athlete opens this link (once, within {minutes:0} minutes):");
        Console.WriteLine(url);
        return 0;
    }
}

/// <summary>`backsignal connect list --athlete ID`: each connection as the athlete's page shows it.</summary>
public sealed class ConnectListCommand(StorageConnector connector) : AsyncCommand<ConnectSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ConnectSettings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        if (await services.RequireAthleteAsync(s.Athlete, ct) is not { } profile)
            return 2;
        var rows = await services.GetRequiredService<ConnectionStore>().ListAsync(profile.AthleteId, ct);
        if (rows.Count == 0)
            AnsiConsole.MarkupLine("No connected apps.");
        foreach (var row in rows)
            AnsiConsole.MarkupLineInterpolated($"{ConnectionPages.Describe(row, Core.Localization.Words.English)}");
        return 0;
    }
}

/// <summary>
/// `backsignal disconnect hevy|strava --athlete ID`: the webhook or access removed at the provider, the secret and
/// the rows here; the imported workouts stay.
/// </summary>
public sealed class DisconnectCommand(StorageConnector connector) : AsyncCommand<DisconnectCommand.Settings>
{
    public sealed class Settings : ConnectSettings
    {
        [CommandArgument(0, "<APP>")]
        [Description("hevy or strava")]
        public string App { get; init; } = "";

        public override ValidationResult Validate() =>
            Providers.Parse(App) is null
                ? ValidationResult.Error($"'{App}' is not an app BackSignal connects: hevy or strava.")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var provider = Providers.Parse(s.App)!.Value;
        await using var services = await connector.ConnectAsync(ct);
        if (await services.RequireAthleteAsync(s.Athlete, ct) is not { } profile)
            return 2;
        var removed = await services
            .GetRequiredService<ConnectedAccounts>()
            .DisconnectAsync(profile.AthleteId, provider, ct);
        var said = removed
            ? $"{provider.Display()} is disconnected; its workouts stay."
            : $"{provider.Display()} was not connected.";
        AnsiConsole.MarkupLineInterpolated($"{said}");
        return 0;
    }
}
