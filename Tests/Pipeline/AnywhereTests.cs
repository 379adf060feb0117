using System.Text.Json;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Pipeline;

/// <summary>The CLI outside the clone, as an installed copy runs: a command that needs no storage just works.</summary>
public class AnywhereTests
{
    [Fact]
    public async Task Analyze_runs_from_a_copy_of_the_cli_in_a_folder_outside_the_clone()
    {
        using var temp = new TempFolder();
        var tool = Path.Combine(temp.Root, "tool");
        var work = Directory.CreateDirectory(Path.Combine(temp.Root, "work")).FullName;
        foreach (
            var file in Directory.EnumerateFiles(
                Path.GetDirectoryName(Backsignal.CliPath)!,
                "*",
                SearchOption.AllDirectories
            )
        )
        {
            var target = Path.Combine(tool, Path.GetRelativePath(Path.GetDirectoryName(Backsignal.CliPath)!, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var export = Path.Combine(work, "strong.csv");
        File.Copy(Fixtures.StrongSmall, export);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = work,
        };
        foreach (var a in new[] { Path.Combine(tool, "backsignal.dll"), "analyze", "--format", "json", "strong.csv" })
            start.ArgumentList.Add(a);
        // Its data in the temporary folder (else a per-user folder): never the clone's.
        start.Environment["BACKSIGNAL_DATA"] = Path.Combine(temp.Root, "data");

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var (output, errors) = (await stdout, await stderr);

        Assert.True(process.ExitCode == 0, errors);
        Assert.DoesNotContain("repository root", errors);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("workouts").GetInt32() > 0);
    }
}
