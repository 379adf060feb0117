namespace BackSignal.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, for the tests that render pages. `.ci/run` installs it (apt); a test never installs
/// software itself, it says what is missing.
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static Task<string> EnsureAsync() =>
        File.Exists(Path)
            ? Task.FromResult(Path)
            : throw new InvalidOperationException(
                "Chromium is not installed: install Debian's chromium package (apt-get install chromium), as .ci/run "
                    + "does."
            );
}
