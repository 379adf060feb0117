using BackSignal.Cli.Commands;
using BackSignal.Cli.Infrastructure;
using BackSignal.DevHost;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

// Output piped to a file or another program has no terminal width: COLUMNS (when set) decides it, else 80.
if (
    Console.IsOutputRedirected
    && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns)
    && columns >= 40
)
    AnsiConsole.Profile.Width = columns;

// `--data DIR`, anywhere on the command line: the local store for this run (as BACKSIGNAL_DATA would say).
args = DataOption.Apply(args);

// Commands get the CLI's settings and their storage connection by constructor (DevHost's base configuration:
// local defaults, then environment variables).
var registrations = new ServiceCollection()
    .AddSingleton(LocalEnvironment.BaseConfiguration())
    .AddSingleton<StorageConnector>();
var app = new CommandApp(new TypeRegistrar(registrations));
app.Configure(config =>
{
    config.SetApplicationName("backsignal");
    // A typo is an error with a suggestion, never an option silently ignored.
    config.UseStrictParsing();
    config.SetExceptionHandler(
        (exception, _) =>
        {
            switch (exception)
            {
                case StorageUnreachableException or AzuriteMissingException:
                    AnsiConsole.MarkupLineInterpolated($"[red]{exception.Message}[/]");
                    return 2;
                case CommandAppException { Pretty: { } pretty } app:
                    AnsiConsole.Write(pretty);
                    if (
                        UnknownOption().Match(app.Message) is { Success: true } unknown
                        && Suggestions.ForOption(unknown.Groups[1].Value) is { } near
                    )
                        AnsiConsole.MarkupLineInterpolated(
                            $"Did you mean [bold]{near}[/]? (backsignal COMMAND --help lists every option)"
                        );
                    return 2;
                // A typed option's own converter says what is wrong with the value (and what was meant).
                case CommandAppException { InnerException: FormatException format }:
                    AnsiConsole.MarkupLineInterpolated($"[red]Error: {format.Message}[/]");
                    return 2;
                case CommandAppException app:
                    AnsiConsole.MarkupLineInterpolated($"[red]Error: {app.Message}[/]");
                    return 2;
                default:
                    AnsiConsole.WriteException(exception, ExceptionFormats.ShortenEverything);
                    return 1;
            }
        }
    );
    config
        .AddCommand<DemoCommand>("demo")
        .WithDescription(
            "Start Azurite and the email sink, run a sample athlete through the pipeline, show the results."
        );
    config
        .AddCommand<RunCommand>("run")
        .WithDescription("Run the pipeline locally (the WebJobs SDK on the Functions' queues).");
    config.AddBranch(
        "athlete",
        athlete =>
        {
            athlete.SetDescription("Manage athletes.");
            athlete.AddCommand<AthleteAddCommand>("add").WithDescription("Add or update an athlete.");
            athlete.AddCommand<AthleteListCommand>("list").WithDescription("List athletes.");
            athlete
                .AddCommand<AthleteShowCommand>("show")
                .WithDescription("Show an athlete's profile and recent days.");
            athlete
                .AddCommand<AthleteExportCommand>("export")
                .WithDescription("Write everything stored about an athlete to a zip.");
            athlete
                .AddCommand<AthleteDeleteCommand>("delete")
                .WithDescription("Erase everything stored about an athlete, and say what.");
        }
    );
    config.AddBranch(
        "plan",
        plan =>
        {
            plan.SetDescription("Planned periods: a hard block, a deload, a return after injury.");
            plan.AddCommand<PlanAddCommand>("add")
                .WithDescription("Mark a period as planned (overreach, deload, return).");
            plan.AddCommand<PlanListCommand>("list").WithDescription("List an athlete's planned periods.");
        }
    );
    config.AddBranch(
        "connect",
        connect =>
        {
            connect.SetDescription("Connect an athlete's Hevy or Strava account: workouts arrive on their own.");
            connect
                .AddCommand<ConnectHevyCommand>("hevy")
                .WithDescription("Connect Hevy with the athlete's API key (Hevy Pro).");
            connect
                .AddCommand<ConnectStravaCommand>("strava")
                .WithDescription("Print the link that connects the athlete's Strava account.");
            connect.AddCommand<ConnectListCommand>("list").WithDescription("Show an athlete's connected apps.");
        }
    );
    config
        .AddCommand<DisconnectCommand>("disconnect")
        .WithDescription("Disconnect an athlete's Hevy or Strava account (its workouts stay).");
    config.AddBranch(
        "link",
        link =>
        {
            link.SetDescription("Links and addresses that let athletes and SendGrid in without an operator.");
            link.AddCommand<LinkUploadCommand>("upload").WithDescription("Print an athlete's signed upload URL.");
            link.AddCommand<LinkInboundCommand>("inbound")
                .WithDescription("Print an athlete's personal import address (exports mailed there are imported).");
            link.AddCommand<LinkInboundWebhookCommand>("inbound-webhook")
                .WithDescription("Print the SendGrid Inbound Parse URL, its key included.");
            link.AddCommand<LinkCheckinCommand>("checkin").WithDescription("Print an athlete's check-in page link.");
            link.AddCommand<LinkCoachCommand>("coach").WithDescription("Print a coach's page link.");
            link.AddCommand<LinkMeCommand>("me").WithDescription("Print an athlete's own page link.");
            link.AddCommand<LinkInviteCommand>("invite")
                .WithDescription("Invite an athlete for a coach: the invitation is mailed and its link printed.");
            link.AddCommand<LinkRevokeCommand>("revoke")
                .WithDescription("Retire an athlete's or a coach's links and address, or one kind of them.");
        }
    );
    config
        .AddCommand<ImportCommand>("import")
        .WithDescription("Upload export files for an athlete and queue them (--process to run them through now).");
    config.AddBranch(
        "ingestion",
        ingestion =>
        {
            ingestion.SetDescription("What uploads produced.");
            ingestion
                .AddCommand<IngestionShowCommand>("show")
                .WithDescription("Print an upload's report: counts, rejected rows, unknown exercises.");
            ingestion.AddCommand<IngestionListCommand>("list").WithDescription("List an athlete's uploads.");
        }
    );
    config
        .AddCommand<CheckinCommand>("checkin")
        .WithDescription("Queue a pain check-in (flags) or check-ins from a JSON / JSON-lines file.");
    config
        .AddCommand<AlertsCommand>("alerts")
        .WithDescription("List an athlete's stored alerts with their evidence and send status.");
    config
        .AddCommand<ReportCommand>("report")
        .WithDescription("Write an athlete's weekly summary as a local HTML page (chart embedded).");
    config
        .AddCommand<AnalyzeCommand>("analyze")
        .WithDescription("Analyse export files in memory (no storage): days, metrics and alerts as a table or JSON.");
    config
        .AddCommand<ReplayCommand>("replay")
        .WithDescription("Move poison messages back to their queue once the cause is fixed.");
    config
        .AddCommand<SendWorkoutCommand>("send-workout")
        .WithDescription("Queue canonical workout summaries (an object, an array or JSON lines).");
});
return await app.RunAsync(args);

internal static partial class Program
{
    [System.Text.RegularExpressions.GeneratedRegex("Unknown option '([^']+)'")]
    private static partial System.Text.RegularExpressions.Regex UnknownOption();
}
