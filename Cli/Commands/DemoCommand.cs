using System.ComponentModel;
using System.Diagnostics;
using BackSignal.Cli.Local;
using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// The whole pipeline on one machine: Azurite, the SendGrid sink, a sample athlete and coach, eight weeks of
/// workouts that end in a load spike, the queues processed until empty, and the results printed.
/// </summary>
public sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--outbox <DIR>")][Description("Where the emails are written. Default: outbox")]
        public string Outbox { get; init; } = "outbox";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var local = await LocalEnvironment.StartAsync(LocalEnvironment.BaseConfiguration(), settings.Outbox, azuriteLocation: null,
            m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]"));
        using var host = LocalRuntime.Build(local.Configuration);
        var services = host.Services;
        var storage = services.GetRequiredService<StorageClients>();
        await StorageInitializer.EnsureCreatedAsync(storage, cancellationToken);

        var athlete = DemoData.Athlete;
        await services.GetRequiredService<AthleteStore>().UpsertAsync(athlete, cancellationToken);
        var today = athlete.LocalDate(TimeProvider.System.GetUtcNow());
        var workouts = DemoData.Workouts(athlete, today);
        var queue = services.GetRequiredService<MessageQueue>();
        foreach (var workout in workouts) await queue.SendAsync(QueueNames.Workouts, workout, cancellationToken);
        var checkins = DemoData.Checkins(athlete, today);
        foreach (var checkin in checkins) await queue.SendAsync(QueueNames.Checkins, checkin, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Added athlete [bold]{athlete.AthleteId}[/] (coach {athlete.CoachEmail}) and queued {workouts.Count} workouts ({today.AddDays(-55):yyyy-MM-dd} to {today:yyyy-MM-dd}) and {checkins.Count} pain check-ins.");

        // A real export as history, through the exports queue like an upload from the app.
        var sample = Path.Combine(RepositoryRoot.Find(), "..", "shared", "samples", "strong", "strong_breinsp-strong-charts_comma-24h.csv");
        ExportUploaded? upload = null;
        if (File.Exists(sample))
        {
            upload = await services.GetRequiredService<ExportUploads>().UploadAsync(athlete.AthleteId, sample, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Uploaded the sample Strong export (2021) as upload {upload.UploadId}.");
        }

        var before = local.Sink?.Messages.Count ?? 0;
        await host.StartAsync(cancellationToken);
        await AnsiConsole.Status().StartAsync("Processing the queues…", _ =>
            services.GetRequiredService<PipelineActivity>().WaitForIdleAsync(storage.Queues, TimeSpan.FromMinutes(5), cancellationToken));
        await host.StopAsync(cancellationToken);

        if (upload is not null && await services.GetRequiredService<IngestionStore>().FindAsync(athlete.AthleteId, upload.UploadId, cancellationToken) is { } report)
            IngestionView.Print(report);
        var training = services.GetRequiredService<TrainingStore>();
        var metrics = await training.GetMetricsAsync(athlete.AthleteId, today.AddDays(-13), today, cancellationToken);
        AnsiConsole.Write(new Rule($"[bold]{athlete.AthleteId}[/]: the last 14 days").LeftJustified());
        AnsiConsole.Write(Tables.Days(metrics));
        var alerts = await training.GetAlertsAsync(athlete.AthleteId, today.AddDays(-55), cancellationToken);
        var ledger = await services.GetRequiredService<EmailLedger>().ListAsync(athlete.AthleteId, cancellationToken);
        AnsiConsole.Write(new Rule("[bold]Alerts[/]").LeftJustified());
        AnsiConsole.Write(Tables.Alerts(alerts, ledger));

        // This week's summary so far, as the page `backsignal report` writes.
        var reportPage = await ReportCommand.WriteAsync(services.GetRequiredService<Core.Weekly.WeeklyReports>(), athlete,
            Core.Weekly.IsoWeek.Of(today).ToString(), Path.Combine(settings.Outbox, $"report-{athlete.AthleteId}.html"), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Weekly summary of this week so far: {reportPage}");

        if (local.Sink is { } sink)
        {
            AnsiConsole.Write(new Rule($"[bold]Emails in {sink.Outbox}[/] ({sink.Messages.Count - before} new in this run)").LeftJustified());
            foreach (var file in Directory.EnumerateFiles(sink.Outbox, "*.html").Order())
                AnsiConsole.MarkupLineInterpolated($"  {Path.GetFileName(file)}");
        }
        var rejected = await services.GetRequiredService<RejectionStore>().ListAsync(null, cancellationToken);
        if (rejected.Count > 0) AnsiConsole.MarkupLineInterpolated($"[yellow]{rejected.Count} messages were rejected (table Rejections).[/]");
        AnsiConsole.MarkupLineInterpolated($"[green]Done in {clock.Elapsed.TotalSeconds:0.0} s.[/]");
        return 0;
    }
}
