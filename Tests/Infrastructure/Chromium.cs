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

/// <summary>
/// Headless Chromium driven by Playwright (Debian's, by its path), opening pages at a phone's size: the browser the
/// page tests share.
/// </summary>
public sealed class PhoneBrowser : IAsyncDisposable
{
    private readonly Microsoft.Playwright.IPlaywright _playwright;
    private readonly Microsoft.Playwright.IBrowser _browser;

    private PhoneBrowser(Microsoft.Playwright.IPlaywright playwright, Microsoft.Playwright.IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<PhoneBrowser> LaunchAsync()
    {
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(
            new()
            {
                ExecutablePath = await Chromium.EnsureAsync(),
                Headless = true,
                Args = ["--no-sandbox"],
            }
        );
        return new PhoneBrowser(playwright, browser);
    }

    /// <summary>
    /// A page in a fresh context 390 × 844 wide, in <paramref name="locale"/> (the browser's own when null).
    /// </summary>
    public async Task<Microsoft.Playwright.IPage> NewPageAsync(string? locale = null) =>
        await (
            await _browser.NewContextAsync(
                new()
                {
                    ViewportSize = new() { Width = 390, Height = 844 },
                    Locale = locale,
                }
            )
        ).NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
