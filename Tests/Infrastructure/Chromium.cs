using System.Diagnostics;

namespace BackSignal.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium for the layout screenshot. Like Azurite's `npm ci`, the first run installs it when it is
/// missing (apt-get, as root); anywhere else the test says what to install.
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> EnsureAsync()
    {
        if (File.Exists(Path)) return Path;
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(Path)) return Path;
            if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
                throw new InvalidOperationException("Chromium is not installed: install Debian's chromium package (apt-get install chromium), as .ci/run does.");
            foreach (var args in new[] { "update -qq", "install -y -qq --no-install-recommends chromium" })
            {
                using var apt = Process.Start(new ProcessStartInfo("/usr/bin/apt-get", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                var stderr = apt.StandardError.ReadToEndAsync();
                await apt.StandardOutput.ReadToEndAsync();
                await apt.WaitForExitAsync();
                if (apt.ExitCode != 0) throw new InvalidOperationException($"apt-get {args} failed ({apt.ExitCode}): {await stderr}");
            }
            return File.Exists(Path) ? Path : throw new InvalidOperationException("apt-get installed chromium, but /usr/bin/chromium is missing.");
        }
        finally
        {
            Gate.Release();
        }
    }
}
