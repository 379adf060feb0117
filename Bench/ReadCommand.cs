using System.Diagnostics;
using System.Text.Json;
using BackSignal.Core.Import;

namespace BackSignal.Bench;

/// <summary>
/// `bench read FILE` (hidden): reads one export and prints time and peak working set as JSON. The import harness
/// runs it in a fresh process, before the command line parser is loaded (Program.cs), so that the peak is the
/// runtime's and the reader's, not the harness's.
/// </summary>
public static class ReadCommand
{
    public static int Run(string file)
    {
        using var self = Process.GetCurrentProcess();
        var startup = self.WorkingSet64;
        var clock = Stopwatch.StartNew();
        ImportResult? result = null;
        string? refused = null;
        try
        {
            result = ExportReader.ReadFile(file, ImportCommand.Context(file));
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
