using System.ComponentModel;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Messaging;
using BackSignal.DevHost;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal replay --queue NAME`: move the messages of NAME-poison back to NAME once the cause is fixed.
/// </summary>
public sealed class ReplayCommand(StorageConnector connector) : AsyncCommand<ReplayCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--queue <NAME>")]
        [Description("exports, workouts, checkins, recompute or emails")]
        public string Queue { get; init; } = "";

        [CommandOption("--max <N>")]
        [Description("At most this many messages. Default: all")]
        public int Max { get; init; } = int.MaxValue;

        public override ValidationResult Validate() =>
            QueueNames.All.Contains(Queue)
                ? ValidationResult.Success()
                : ValidationResult.Error($"--queue is one of {string.Join(", ", QueueNames.All)}.");
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        await using var services = await connector.ConnectAsync(cancellationToken);
        var moved = await services.GetRequiredService<PoisonReplay>().ReplayAsync(s.Queue, s.Max, cancellationToken);
        AnsiConsole.MarkupLineInterpolated(
            $"Moved {moved} message(s) from {QueueNames.Poison(s.Queue)} back to {s.Queue}."
        );
        return 0;
    }
}
