using System.ComponentModel;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.DevHost;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

public sealed class SendWorkoutCommand(StorageConnector connector) : AsyncCommand<SendWorkoutCommand.Settings>
{
    public const long MaxFileBytes = 50 * 1024 * 1024;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Canonical workout JSON: one object, an array, or JSON lines")]
        public string File { get; init; } = "";

        [CommandOption("--athlete <ID>")]
        [Description("Athlete id for workouts that carry none")]
        public string? Athlete { get; init; }
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        var info = new FileInfo(s.File);
        if (!info.Exists)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{s.File}: no such file.[/]");
            return 2;
        }
        if (info.Length > MaxFileBytes)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[red]{s.File}: {info.Length:N0} bytes is over the {MaxFileBytes:N0}-byte limit.[/]"
            );
            return 2;
        }

        var read = CanonicalJsonReader.ReadWorkouts(
            await File.ReadAllTextAsync(s.File, cancellationToken),
            info.Name,
            DateTimeOffset.UtcNow,
            s.Athlete
        );
        foreach (var row in read.Rejected)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{row}[/]");
        await using var services = await connector.ConnectAsync(cancellationToken);
        var queue = services.Queue;
        foreach (var workout in read.Items)
            await queue.SendAsync(QueueNames.Workouts, workout, cancellationToken);
        AnsiConsole.MarkupLineInterpolated(
            $"Queued {read.Items.Count} workouts; {read.Rejected.Count} problems reported."
        );
        return read.Rejected.Count > 0 ? 1 : 0;
    }
}
