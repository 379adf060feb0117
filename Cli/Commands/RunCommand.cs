using System.ComponentModel;
using BackSignal.Cli.Local;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

public sealed class RunCommand : AsyncCommand<RunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--outbox <DIR>")]
        [Description("Where the local SendGrid sink writes emails (when no SendGrid key is set). Default: outbox")]
        public string Outbox { get; init; } = "outbox";

        [CommandOption("--azurite-data <DIR>")]
        [Description("Where a started Azurite keeps its data. Default: .azurite")]
        public string AzuriteData { get; init; } = ".azurite";

        [CommandOption("--verbose")]
        public bool Verbose { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var local = await LocalEnvironment.StartAsync(LocalEnvironment.BaseConfiguration(), settings.Outbox, settings.AzuriteData,
            m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]"));
        using var host = LocalRuntime.Build(local.Configuration, logLevel: settings.Verbose ? LogLevel.Information : LogLevel.Warning);
        await StorageInitializer.EnsureCreatedAsync(host.Services.GetRequiredService<StorageClients>(), cancellationToken);
        AnsiConsole.MarkupLine("[green]Listening on the queues workouts, recompute and emails. Ctrl+C stops.[/]");
        await host.RunAsync(cancellationToken);
        return 0;
    }
}
