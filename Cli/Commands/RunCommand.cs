using System.ComponentModel;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

public sealed class RunCommand(IConfiguration configuration) : AsyncCommand<RunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--outbox <DIR>")]
        [Description("Where the local SendGrid sink writes emails (when no SendGrid key is set). Default: outbox")]
        public string Outbox { get; init; } = "outbox";

        [CommandOption("--azurite-data <DIR>")]
        [Description(
            "Where a started Azurite keeps its data. Default: .azurite in the repository (the store every command uses)"
        )]
        public string? AzuriteData { get; init; }

        [CommandOption("--http-port <PORT>")]
        [Description(
            "The port of the HTTP front door on 127.0.0.1 (/api/health, /api/upload, /api/inbound/email). "
                + "Default: 7071"
        )]
        public int HttpPort { get; init; } = 7071;

        [CommandOption("--verbose")]
        [Description("Log the SDK's own lines too")]
        public bool Verbose { get; init; }
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings settings,
        CancellationToken cancellationToken
    )
    {
        await using var local = await LocalEnvironment.StartAsync(
            configuration,
            settings.Outbox,
            settings.AzuriteData ?? LocalEnvironment.DefaultAzuriteData,
            m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")
        );
        var host = LocalRuntime.Build(
            local.Configuration,
            // A file dropped into container exports is imported, as Event Grid makes it in Azure.
            services => services.AddHostedService<ExportsWatcher>(),
            logLevel: settings.Verbose ? LogLevel.Information : LogLevel.Warning,
            logMessages: true
        );
        await StorageInitializer.EnsureCreatedAsync(
            host.Services.GetRequiredService<StorageClients>(),
            cancellationToken
        );
        await host.StartAsync(cancellationToken);
        await using var frontDoor = await FrontDoorServer.StartAsync(
            local.Configuration,
            settings.HttpPort,
            cancellationToken
        );
        AnsiConsole.MarkupLineInterpolated(
            $"[green]HTTP front door on {frontDoor.BaseUri}api/ (health, upload, inbound/email)[/]"
        );
        AnsiConsole.MarkupLineInterpolated($"[green]Listening on the queues {string.Join(", ", QueueNames.All)}[/]");
        Say.Line(
            $"[green]and the weekly-summary timer ({local.Configuration[Core.Weekly.WeeklySchedule.Setting]}). Ctrl+C ",
            $"stops.[/]"
        );

        // Ctrl+C, SIGTERM or the command's cancellation: stop the listeners and the timer, at most a few seconds.
        using var signal = StopSignal.Listen(cancellationToken);
        try
        {
            await signal.Stopped;
            AnsiConsole.MarkupLine("[grey]Stopping…[/]");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(4));
            try
            {
                await host.StopAsync(deadline.Token);
            }
            catch (OperationCanceledException) { }
        }
        finally
        {
            // Disposing a stopped WebJobs host releases the timer's singleton lock a second time and throws
            // "The timer has already been stopped" (an SDK quirk): everything has stopped by then.
            try
            {
                host.Dispose();
            }
            catch (InvalidOperationException) { }
        }
        AnsiConsole.MarkupLine("[grey]Stopped.[/]");
        return 0;
    }
}
