using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Architecture;

/// <summary>
/// Lines of at most 120 characters (the .editorconfig's max_line_length; `dotnet csharpier format .` keeps code
/// within it). Only raw string literals are exempt: they are export files and messages as they are written.
/// </summary>
public class LayoutTests
{
    [Fact]
    public void No_line_of_CSharp_is_longer_than_120_characters()
    {
        var root = DevHost.RepositoryRoot.Find();
        var longLines = new List<string>();
        string[] projects =
        [
            "Core",
            "Functions",
            "Cli",
            "DevHost",
            "FrontDoorHost",
            "Bench",
            "Tests",
            "Tests.Unit",
            "Tests.Support",
        ];
        foreach (var project in projects)
        foreach (var file in SourceFiles.Of(Path.Combine(root, project)))
        {
            var inRaw = false;
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var quotes = CountRawQuotes(line);
                if (quotes % 2 == 1)
                {
                    inRaw = !inRaw;
                    continue;
                }
                if (inRaw || quotes > 0)
                    continue;
                if (line.Length > 120)
                    longLines.Add($"{Path.GetRelativePath(root, file)}:{number} ({line.Length})");
            }
        }
        Assert.True(longLines.Count == 0, "Lines over 120 characters:\n" + string.Join("\n", longLines));
    }

    private static int CountRawQuotes(string line)
    {
        var count = 0;
        for (
            var i = line.IndexOf("\"\"\"", StringComparison.Ordinal);
            i >= 0;
            i = line.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal)
        )
            count++;
        return count;
    }

    [Theory]
    [InlineData("Core")]
    [InlineData("Cli")]
    public void No_file_of_the_product_is_longer_than_300_lines(string project)
    {
        var folder = Path.Combine(DevHost.RepositoryRoot.Find(), project);
        var longFiles = SourceFiles
            .Of(folder)
            .Select(f => (File: Path.GetRelativePath(folder, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 300)
            .Select(f => $"{f.File} ({f.Lines})")
            .ToList();
        Assert.True(longFiles.Count == 0, $"{project} files over 300 lines:\n" + string.Join("\n", longFiles));
    }
}
