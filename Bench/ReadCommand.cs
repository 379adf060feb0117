using System.Diagnostics;
using System.Text.Json;
using BackSignal.Core.Import;
using Spectre.Console.Cli;

namespace BackSignal.Bench;

/// <summary>
/// `bench read FILE` (hidden): reads one export and prints time and peak working set as JSON.
/// </summary>
public sealed class ReadCommand : Command<ReadCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        public string File { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        using var self = Process.GetCurrentProcess();
        var startup = self.WorkingSet64;
        var clock = Stopwatch.StartNew();
        ImportResult? result = null;
        string? refused = null;
        try
        {
            result = ExportReader.ReadFile(s.File, ImportCommand.Context(s.File));
        }
        catch (ImportException e)
        {
            refused = e.Reason;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        Console.Out.WriteLine(
            JsonSerializer.Serialize(
                new
                {
                    workouts = result?.Workouts.Count ?? 0,
                    sets = result?.Sets ?? 0,
                    rejected = result?.RejectedCount ?? 0,
                    warnings = result?.WarningCount ?? 0,
                    outcome = refused is not null ? $"refused: {refused}"
                    : result!.Rejected.FirstOrDefault()?.Reason is { } reason ? $"rejected: {reason}"
                    : "read",
                    seconds = Math.Round(seconds, 3),
                    startupWorkingSetMb = Math.Round(startup / 1048576.0, 1),
                    peakWorkingSetMb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
                },
                new JsonSerializerOptions(JsonSerializerDefaults.Web)
            )
        );
        return 0;
    }
}
