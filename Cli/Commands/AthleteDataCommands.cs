using System.ComponentModel;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>`backsignal athlete export ID --out FILE.zip`: a copy of everything stored about the athlete.</summary>
public sealed class AthleteExportCommand(StorageConnector connector) : AsyncCommand<AthleteExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("The athlete whose data is copied")]
        public string Id { get; init; } = "";

        [CommandOption("--out <FILE>")]
        [Description("The zip to write: tables as JSON, raw uploads as they came")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            !AthleteIds.IsValid(Id) ? ValidationResult.Error($"'{Id}' is not a valid athlete id.")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out FILE.zip is required.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        await using var services = await connector.ConnectAsync(cancellationToken);
        var temp = s.Out + ".partial";
        AthleteDataCounts counts;
        await using (var file = File.Create(temp))
            counts = await services.GetRequiredService<AthleteData>().ExportAsync(s.Id, file, cancellationToken);
        File.Move(temp, s.Out, overwrite: true);
        if (counts.Total == 0)
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]Nothing is stored about '{s.Id}'; {s.Out} holds empty tables.[/]"
            );
        else
            AnsiConsole.MarkupLineInterpolated($"Wrote {s.Out}: {counts}.");
        return 0;
    }
}

/// <summary>
/// `backsignal athlete delete ID [--yes]`: erases everything stored about the athlete, and says what.
/// </summary>
public sealed class AthleteDeleteCommand(StorageConnector connector) : AsyncCommand<AthleteDeleteCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("The athlete whose data is erased, everywhere")]
        public string Id { get; init; } = "";

        [CommandOption("--yes")]
        [Description("Erase without asking (needed when there is no terminal to ask on)")]
        public bool Yes { get; init; }

        public override ValidationResult Validate() =>
            AthleteIds.IsValid(Id)
                ? ValidationResult.Success()
                : ValidationResult.Error($"'{Id}' is not a valid athlete id.");
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        if (!s.Yes)
        {
            if (Console.IsInputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            {
                AnsiConsole.MarkupLineInterpolated(
                    $"[red]Refused: erasing '{s.Id}' cannot be undone. Add --yes to erase.[/]"
                );
                return 2;
            }
            var typed = await AnsiConsole.AskAsync<string>(
                $"Erase everything stored about [bold]{Markup.Escape(s.Id)}[/]? Type the id to confirm:",
                cancellationToken
            );
            if (typed != s.Id)
            {
                AnsiConsole.MarkupLine("Not erased.");
                return 2;
            }
        }
        await using var services = await connector.ConnectAsync(cancellationToken);
        var counts = await services.GetRequiredService<AthleteData>().DeleteAsync(s.Id, cancellationToken);
        if (counts.Total == 0)
            AnsiConsole.MarkupLineInterpolated($"Nothing is stored about '{s.Id}' (already erased, or never added).");
        else
            AnsiConsole.MarkupLineInterpolated($"Erased '{s.Id}': {counts}.");
        return 0;
    }
}
