using System.Diagnostics;
using System.Text.Json;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Pipeline;

/// <summary>
/// The CLI packed as a .NET tool, installed from the package into a folder outside the clone and run from another,
/// as a user who ran `dotnet tool install` would: help, `analyze` (no storage) and a storage command.
/// </summary>
[Collection(StorageCollection.Name)]
public class ToolTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_packed_tool_runs_from_a_folder_outside_the_clone()
    {
        using var temp = new TempFolder();
        var tools = await InstallAsync(temp.Root);
        var work = Directory.CreateDirectory(Path.Combine(temp.Root, "work")).FullName;
        File.Copy(Fixtures.StrongSmall, Path.Combine(work, "strong.csv"));
        var storage = new Dictionary<string, string> { [StorageClients.SettingName] = azurite.ConnectionString };

        var help = await RunAsync(tools, work, null, "--help");
        Assert.Equal(0, help.Exit);
        Assert.Contains("analyze", help.Out);
        Assert.DoesNotContain("bench", help.Out);

        var analyze = await RunAsync(tools, work, null, "analyze", "--format", "json", "strong.csv");
        Assert.True(analyze.Exit == 0, analyze.Err);
        using (var json = JsonDocument.Parse(analyze.Out))
            Assert.True(json.RootElement.GetProperty("workouts").GetInt32() > 0);

        var add = await RunAsync(tools, work, storage, "athlete", "add", "tool-ada", "--email", "ada@example.com");
        Assert.True(add.Exit == 0, add.Out + add.Err);
        var list = await RunAsync(tools, work, storage, "athlete", "list");
        Assert.Equal(0, list.Exit);
        Assert.Contains("tool-ada", list.Out);

        // Local storage with no clone and no Azurite on PATH: one line that says how to get it, no stack trace.
        if (!Azurite.DefaultPortsInUse())
        {
            var missing = await RunAsync(
                tools,
                work,
                new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
                "athlete",
                "list"
            );
            Assert.Equal(2, missing.Exit);
            Assert.Contains("npm install --global azurite", missing.Out.ReplaceLineEndings(" ").Replace("  ", " "));
            Assert.DoesNotContain(" at ", missing.Out + missing.Err);
        }
    }

    /// <summary>
    /// `dotnet pack` of the CLI as built beside the tests, then `dotnet tool install --tool-path`, with a package cache
    /// of its own so that an earlier package of the same version is never what runs.
    /// </summary>
    private static async Task<string> InstallAsync(string root)
    {
        var cli = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Backsignal.CliPath)!, "..", "..", ".."));
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Backsignal.CliPath)))!;
        var packages = Path.Combine(root, "packages");
        var tools = Path.Combine(root, "tools");
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-cache") };
        var pack = await DotnetAsync(
            root,
            env,
            ["pack", Path.Combine(cli, "Cli.csproj"), "--no-build", "--no-restore", "-c", configuration, "-o", packages]
        );
        Assert.True(pack.Exit == 0, pack.Out + pack.Err);
        var install = await DotnetAsync(
            root,
            env,
            [
                "tool",
                "install",
                "BackSignal.Cli",
                "--tool-path",
                tools,
                "--add-source",
                packages,
                "--ignore-failed-sources",
            ]
        );
        Assert.True(install.Exit == 0, install.Out + install.Err);
        return tools;
    }

    private static Task<(int Exit, string Out, string Err)> RunAsync(
        string tools,
        string work,
        IReadOnlyDictionary<string, string>? environment,
        params string[] args
    )
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            // The tool's launcher finds the runtime this test runs on; its data stays in the temporary folder.
            ["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetHost())!,
            [LocalEnvironment.DataSetting] = Path.Combine(work, "..", "data"),
            ["COLUMNS"] = "200",
        };
        return ProcessAsync(Path.Combine(tools, "backsignal"), work, env, args);
    }

    private static Task<(int Exit, string Out, string Err)> DotnetAsync(
        string work,
        IReadOnlyDictionary<string, string> environment,
        string[] args
    ) => ProcessAsync(DotnetHost(), work, environment, args);

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static async Task<(int Exit, string Out, string Err)> ProcessAsync(
        string program,
        string work,
        IReadOnlyDictionary<string, string> environment,
        string[] args
    )
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = work,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
