using System.ComponentModel;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Hosting;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// `backsignal import FILE... --athlete ID`: uploads each export to blob container `exports` and queues it on
/// `exports`, as an app would. With --process it also runs the pipeline until the queues are empty and prints
/// each upload's report; otherwise `backsignal run` (running elsewhere) picks the uploads up.
/// </summary>
public sealed class ImportCommand(IConfiguration configuration) : AsyncCommand<ImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Export files of any supported format")]
        public string[] Files { get; init; } = [];

        [CommandOption("--athlete <ID>")]
        [Description("The athlete the files belong to (add them first with `athlete add`)")]
        public string Athlete { get; init; } = "";

        [CommandOption("--process")]
        [Description("Also run the pipeline (starting Azurite if needed) until done, then print the reports")]
        public bool Process { get; init; }

        public override ValidationResult Validate() =>
            Files.Length == 0 ? ValidationResult.Error("Give at least one export file.")
            : !AthleteIds.IsValid(Athlete) ? ValidationResult.Error("--athlete is required: a valid athlete id.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        foreach (var file in s.Files)
            if (!File.Exists(file))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{file}: no such file.[/]");
                return 2;
            }

        await using var local = s.Process
            ? await LocalEnvironment.StartAsync(
                configuration,
                "outbox",
                null,
                m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")
            )
            : null;
        using var host = LocalRuntime.Build(local?.Configuration ?? configuration);
        var services = host.Services;
        var storage = services.GetRequiredService<StorageClients>();
        await StorageInitializer.EnsureCreatedAsync(storage, cancellationToken);
        if (await services.RequireAthleteAsync(s.Athlete, cancellationToken) is null)
            return 2;

        var uploads = new List<ExportUploaded>();
        foreach (var file in s.Files)
        {
            try
            {
                var upload = await services
                    .GetRequiredService<ExportUploads>()
                    .UploadAsync(s.Athlete, file, cancellationToken);
                uploads.Add(upload);
                AnsiConsole.MarkupLineInterpolated(
                    $"Uploaded {upload.FileName} as upload [bold]{upload.UploadId}[/] and queued it."
                );
            }
            catch (ImportException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            }
        }
        if (!s.Process)
        {
            Say.Line(
                $"`{Invocation.Of("run")}` processes the queue; then `{Invocation.Of("ingestion show ID")}` ",
                $"prints what each upload produced."
            );
            return uploads.Count == s.Files.Length ? 0 : 1;
        }

        await host.StartAsync(cancellationToken);
        await AnsiConsole
            .Status()
            .StartAsync(
                "Processing the queues…",
                _ =>
                    services
                        .GetRequiredService<PipelineActivity>()
                        .WaitForIdleAsync(storage.Queues, TimeSpan.FromMinutes(30), cancellationToken)
            );
        await host.StopAsync(cancellationToken);
        var exit = uploads.Count == s.Files.Length ? 0 : 1;
        foreach (var upload in uploads)
        {
            var report = await services
                .GetRequiredService<IngestionStore>()
                .FindAsync(s.Athlete, upload.UploadId, cancellationToken);
            if (report is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{upload.FileName}: no report (see table Rejections).[/]");
                exit = 1;
                continue;
            }
            IngestionView.Print(report);
            if (report.Status != IngestionReport.Done || report.RejectedCount > 0)
                exit = 1;
        }
        return exit;
    }
}

public sealed class IngestionShowCommand(StorageConnector connector) : AsyncCommand<IngestionShowCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<UPLOAD_ID>")]
        public string UploadId { get; init; } = "";

        [CommandOption("--athlete <ID>")]
        [Description("The athlete (faster; without it the upload is looked up by id alone)")]
        public string? Athlete { get; init; }
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        await using var services = await connector.ConnectAsync(cancellationToken);
        var store = services.Ingestions;
        var report = s.Athlete is { } a
            ? await store.FindAsync(a, s.UploadId, cancellationToken)
            : await store.FindAsync(s.UploadId, cancellationToken);
        if (report is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No upload '{s.UploadId}' has been processed.[/]");
            return 2;
        }
        IngestionView.Print(report, allRejected: true);
        return 0;
    }
}

public sealed class IngestionListCommand(StorageConnector connector) : AsyncCommand<IngestionListCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--athlete <ID>")]
        [Description("The athlete whose uploads are listed")]
        public string Athlete { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(
        CommandContext context,
        Settings s,
        CancellationToken cancellationToken
    )
    {
        await using var services = await connector.ConnectAsync(cancellationToken);
        var table = new Table()
            .RoundedBorder()
            .AddColumns("upload", "file", "status", "workouts", "sets", "rejected", "processed");
        foreach (var r in await services.Ingestions.ListAsync(s.Athlete, cancellationToken))
            table.AddRow(
                r.UploadId,
                Markup.Escape(r.FileName),
                r.Status,
                r.Workouts.ToString(),
                r.Sets.ToString(),
                r.RejectedCount.ToString(),
                r.ProcessedAt.ToString("yyyy-MM-dd HH:mm")
            );
        AnsiConsole.Write(table);
        return 0;
    }
}

internal static class IngestionView
{
    public static void Print(IngestionReport r, bool allRejected = false)
    {
        var colour = r.Status == IngestionReport.Done ? (r.RejectedCount > 0 ? "yellow" : "green") : "red";
        var span = r.FirstDay is { } f ? $", {f:yyyy-MM-dd} to {r.LastDay:yyyy-MM-dd}" : "";
        AnsiConsole.MarkupLine(
            $"[{colour}]{Markup.Escape(r.FileName)}[/] (upload {r.UploadId}, {string.Join(", ", r.Formats)}): "
                + $"{r.Status}; {r.Workouts} workouts, {r.Sets} sets, {r.RejectedCount} rows rejected, "
                + $"{r.WarningCount} values dropped{span}"
        );
        if (r.Error is { } error)
            AnsiConsole.MarkupLineInterpolated($"  [red]{error}[/]");
        foreach (var row in allRejected ? r.Rejected : r.Rejected.Take(10))
            AnsiConsole.MarkupLineInterpolated($"  [yellow]{row}[/]");
        if (r.RejectedCount > r.Rejected.Count || (!allRejected && r.Rejected.Count > 10))
            AnsiConsole.MarkupLineInterpolated(
                $"  … {r.RejectedCount - (allRejected ? r.Rejected.Count : Math.Min(10, r.Rejected.Count))} more"
            );
        var shownWarnings = allRejected ? r.Warnings : r.Warnings.Take(10).ToList();
        foreach (var warning in shownWarnings)
            AnsiConsole.MarkupLineInterpolated($"  [grey]warning: {warning}[/]");
        if (r.WarningCount > shownWarnings.Count)
            AnsiConsole.MarkupLineInterpolated($"  … {r.WarningCount - shownWarnings.Count} more values dropped");
        if (r.UnknownExercises.Count > 0)
        {
            var names = string.Join(", ", r.UnknownExercises.Select(u => $"{u.Name} ({u.Sets} sets)"));
            AnsiConsole.MarkupLineInterpolated($"  Exercises not in the catalog: {names}");
        }
        foreach (var (why, count) in r.Skipped)
            AnsiConsole.MarkupLineInterpolated($"  Skipped: {count} {why}");
    }
}
