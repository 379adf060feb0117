using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Pipeline;

/// <summary>The demo as a new user runs it: the story in the order a reader needs it, at 80 columns.</summary>
public class DemoTests
{
    [Fact]
    public void The_demo_tells_the_story_doctor_alert_first_then_overload_then_the_rest_in_one_line()
    {
        using var temp = new TempFolder();

        // Three minutes: in a clone with nothing beside it the first run installs Azurite with npm, while the other
        // test collections run beside it.
        var (exit, stdout, stderr) = Backsignal.RunWithin(
            new Dictionary<string, string> { ["COLUMNS"] = "80" },
            null,
            TimeSpan.FromMinutes(3),
            "demo",
            "--in-memory",
            "--outbox",
            temp.Root
        );

        Assert.True(exit == 0, stdout + stderr);
        var lines = stdout.Split('\n');
        // Links are the one exception: a URL broken over two lines no longer opens.
        Assert.All(
            lines.Where(l => !l.Contains("http://", StringComparison.Ordinal)),
            l => Assert.True(l.TrimEnd().Length <= 80, $"wider than 80 columns: {l}")
        );
        int At(string text)
        {
            var at = stdout.IndexOf(text, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{text}' is missing from the demo's output:\n{stdout}");
            return at;
        }
        var order = new[]
        {
            At("Mailed a year of Strong history"),
            At("Import address:"),
            At("Upload link:"),
            At("What BackSignal told Ana"),
            At("See a doctor today or within 24 hours"),
            At("Load jumped this week"),
            At("older alerts stored, not emailed"),
            At("Ana's last weeks"),
            At("Weekly summary of"),
            At("Emails in"),
            At("Done in"),
            At("Ana's check-in:"),
            At("Coach Kim's page:"),
        };
        Assert.Equal(order.Order(), order);
        Assert.Contains("new ", stdout);
        // The mail got its 200 and the link its 202; the mail's report went at once, the link's (the same hour)
        // waits for the hourly email.
        Assert.Contains("import address: 200", System.Text.RegularExpressions.Regex.Replace(stdout, @"\s+", " "));
        Assert.Contains("upload link: 202", System.Text.RegularExpressions.Regex.Replace(stdout, @"\s+", " "));
        Assert.Single(Directory.EnumerateFiles(temp.Root, "*import-report*.html"));
        Assert.True(Directory.EnumerateFiles(temp.Root, "*.html").Count() >= 4);
    }
}
