using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace BackSignal.DevHost;

/// <summary>
/// The Azurite storage emulator from the repository's npm devDependencies, started on 127.0.0.1 (after `npm ci`
/// when it is not installed yet) and stopped on dispose.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    // Azurite's fixed, publicly documented development key: not a secret.
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort, string? location = null)
    {
        _process = process;
        Location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The data folder, or null when Azurite keeps everything in memory.</summary>
    public string? Location { get; }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};"
        + $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};"
        + $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>
    /// True when something answers on the default development ports (an Azurite someone else started).
    /// </summary>
    public static bool DefaultPortsInUse() => IsListening(10000) && IsListening(10001) && IsListening(10002);

    /// <summary>
    /// Starts Azurite; ports of 0 pick free ones. With <paramref name="location"/> data survives a restart.
    /// </summary>
    public static async Task<Azurite> StartAsync(
        int blobPort = 0,
        int queuePort = 0,
        int tablePort = 0,
        string? location = null,
        CancellationToken ct = default
    )
    {
        var (executable, root) = await ExecutableAsync(ct);

        blobPort = blobPort == 0 ? FreePort() : blobPort;
        queuePort = queuePort == 0 ? FreePort() : queuePort;
        tablePort = tablePort == 0 ? FreePort() : tablePort;
        // In a session of its own (setsid), so that a Ctrl+C in the terminal reaches BackSignal, which then stops
        // Azurite in order, and not Azurite first (the listeners' last writes would find it gone).
        var setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;
        var info = new ProcessStartInfo(setsid ?? executable)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var arg in new[]
            {
                "--silent",
                "--disableTelemetry",
                "--skipApiVersionCheck",
                "--loose",
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                blobPort.ToString(),
                "--queueHost",
                "127.0.0.1",
                "--queuePort",
                queuePort.ToString(),
                "--tableHost",
                "127.0.0.1",
                "--tablePort",
                tablePort.ToString(),
            }
        )
            info.ArgumentList.Add(arg);
        if (Environment.GetEnvironmentVariable("AZURITE_DEBUG") is { Length: > 0 } debugLog)
        {
            info.ArgumentList.Add("--debug");
            info.ArgumentList.Add(debugLog);
        }
        if (setsid is not null)
            info.ArgumentList.Insert(0, executable);
        if (location is null)
            info.ArgumentList.Add("--inMemoryPersistence");
        else
        {
            Directory.CreateDirectory(location);
            info.ArgumentList.Add("--location");
            info.ArgumentList.Add(location);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, blobPort, queuePort, tablePort, location);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(IsListening(blobPort) && IsListening(queuePort) && IsListening(tablePort)))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened.");
            if (DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync();
                throw new TimeoutException("Azurite did not listen within 30 s.");
            }
            await Task.Delay(100, ct);
        }
        return azurite;
    }

    /// <summary>
    /// The clone's own Azurite (installed with `npm ci` on first use), else one on PATH (an installed tool run
    /// outside a clone), else <see cref="AzuriteMissingException"/> saying how to install it.
    /// </summary>
    private static async Task<(string Executable, string WorkingFolder)> ExecutableAsync(CancellationToken ct)
    {
        if (RepositoryRoot.TryFind() is { } root)
        {
            var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
            if (!File.Exists(executable))
                await InstallOnceAsync(root, executable, ct);
            return (executable, root);
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "azurite"))
            .FirstOrDefault(File.Exists);
        return onPath is not null
            ? (onPath, Directory.GetCurrentDirectory())
            : throw new AzuriteMissingException(
                "Local storage needs Azurite: install it with `npm install --global azurite@3.35.0` (Node 20), "
                    + "or set AzureWebJobsStorage to a storage account's connection string."
            );
    }

    /// <summary>Stops Azurite the way Ctrl+C would (SIGINT), so that it saves its data folder first.</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
            return;
        if (Signals.Interrupt(_process.Id) != 0)
            _process.Kill(entireProcessTree: true);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The processor time Azurite has used so far (what a benchmark charges to storage).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // With a data folder, stop it as Ctrl+C would, so that it saves what it holds.
        if (Location is not null)
            await StopGracefullyAsync(TimeSpan.FromSeconds(5));
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>
    /// `npm ci` once, however many callers arrive together: the tests start several Azurites at once on a fresh
    /// clone, and two `npm ci` in one folder break each other. A lock in the process, and a lock file for other
    /// processes (a CLI started by a test).
    /// </summary>
    private static async Task InstallOnceAsync(string root, string executable, CancellationToken ct)
    {
        await Installing.WaitAsync(ct);
        try
        {
            var lockPath = Path.Combine(root, ".azurite-install.lock");
            while (true)
            {
                if (File.Exists(executable))
                    return;
                FileStream? held = null;
                try
                {
                    held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException)
                {
                    await Task.Delay(500, ct);
                    continue;
                } // another process installs
                await using (held)
                {
                    if (!File.Exists(executable))
                        await InstallAsync(root, ct);
                }
                try
                {
                    File.Delete(lockPath);
                }
                catch (IOException) { }
                return;
            }
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task InstallAsync(string root, CancellationToken ct)
    {
        var npm = new ProcessStartInfo("npm")
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
            npm.ArgumentList.Add(arg);
        using var process =
            Process.Start(npm) ?? throw new InvalidOperationException("npm did not start: is Node.js installed?");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        _ = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`npm ci` failed in {root} (exit {process.ExitCode}): {await stderr}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>POSIX signals .NET has no API to send (Process.Kill sends only SIGKILL).</summary>
internal static class Signals
{
    private const int SigInt = 2;

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal would; 0 when it was sent.</summary>
    public static int Interrupt(int processId) => Kill(processId, SigInt);

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}

/// <summary>No Azurite in a clone or on PATH; the message says how to install one.</summary>
public sealed class AzuriteMissingException(string message) : Exception(message);

/// <summary>
/// The repository root: the folder whose package.json names azurite (from the working folder or the program's).
/// </summary>
public static class RepositoryRoot
{
    /// <summary>The clone the command runs in (a package.json naming azurite above it), or null outside one.</summary>
    public static string? TryFind()
    {
        try
        {
            return Find();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var package = Path.Combine(dir.FullName, "package.json");
                if (File.Exists(package) && File.ReadAllText(package).Contains("\"azurite\"", StringComparison.Ordinal))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            "Cannot find the repository root (a package.json that names azurite) above the current folder."
        );
    }
}
