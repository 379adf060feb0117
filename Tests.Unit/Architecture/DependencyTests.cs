using System.Text.RegularExpressions;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Architecture;

/// <summary>
/// Dependencies in Core point one way, along the data's path: Model ← Import/Metrics ← Rules ← Email/Weekly ←
/// Pipeline, with Storage and Messaging at the edge and Hosting (the composition) on top. docs/architecture.md
/// draws the same picture.
/// </summary>
public partial class DependencyTests
{
    // The three layers on top, as docs/architecture.md puts them: the handlers use everything but the front door and
    // the hosting, the front door everything but the hosting, the hosting everything. (Before Allowed: static fields
    // are initialised in the order they are written.)
    private static readonly string[] BelowTheHandlers =
    [
        "Model",
        "Localization",
        "Configuration",
        "Observability",
        "Access",
        "Import",
        "Metrics",
        "Connections",
        "Rules",
        "Email",
        "Storage",
        "Messaging",
        "Weekly",
    ];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Model"] = [],
        ["Localization"] = ["Model"],
        ["Configuration"] = [],
        ["Observability"] = ["Configuration"],
        ["Access"] = ["Configuration"],
        ["Import"] = ["Model", "Observability"],
        ["Metrics"] = ["Model"],
        ["Connections"] = ["Model", "Import", "Configuration", "Observability"],
        ["Rules"] = ["Model", "Metrics", "Localization"],
        ["Email"] = ["Model", "Import", "Metrics", "Rules", "Localization", "Observability"],
        ["Storage"] = ["Model", "Import", "Metrics", "Rules", "Observability", "Configuration"],
        ["Messaging"] = ["Model", "Storage", "Observability", "Configuration"],
        ["Weekly"] =
        [
            "Model",
            "Localization",
            "Metrics",
            "Rules",
            "Email",
            "Storage",
            "Messaging",
            "Configuration",
            "Observability",
        ],
        ["Pipeline"] = BelowTheHandlers,
        ["FrontDoor"] = [.. BelowTheHandlers, "Pipeline"],
        ["Hosting"] = [.. BelowTheHandlers, "Pipeline", "FrontDoor"],
    };

    [GeneratedRegex(@"using BackSignal\.Core\.(\w+)|\bCore\.(\w+)\.[A-Z]|(?<![.\w])(\w+)\.[A-Z]\w*")]
    private static partial Regex Reference();

    [Fact]
    public void Every_folder_of_Core_depends_only_on_the_folders_before_it()
    {
        var core = Path.Combine(Root(), "Core");
        var folders = Directory
            .GetDirectories(core)
            .Select(Path.GetFileName)
            .Where(f => f is not ("bin" or "obj"))
            .Select(f => f!)
            .ToList();
        Assert.Equal(Allowed.Keys.Order(), folders.Order());

        var wrong = new List<string>();
        foreach (var folder in folders)
        foreach (var file in Directory.EnumerateFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
        foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
        {
            if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
                continue;
            foreach (Match m in Reference().Matches(line))
            {
                var target = m.Groups.Values.Skip(1).First(g => g.Success).Value;
                if (target == folder || !Allowed.ContainsKey(target))
                    continue;
                if (!Allowed[folder].Contains(target))
                    wrong.Add($"{Path.GetRelativePath(Root(), file)}:{number}: {folder} → {target}");
            }
        }
        Assert.True(wrong.Count == 0, "Dependencies against the direction:\n" + string.Join("\n", wrong.Distinct()));
    }

    [Fact]
    public void Tests_reach_the_CLI_only_as_a_process()
    {
        var project = File.ReadAllText(Path.Combine(Root(), "Tests", "Tests.csproj"));
        Assert.Matches(@"<ProjectReference Include=""..\\Cli\\Cli.csproj"" ReferenceOutputAssembly=""false""", project);
        Assert.DoesNotContain(typeof(DependencyTests).Assembly.GetReferencedAssemblies(), a => a.Name == "backsignal");
    }

    [Theory]
    [InlineData("Core/Core.csproj")]
    [InlineData("Functions/Functions.csproj")]
    [InlineData("Cli/Cli.csproj")]
    [InlineData("DevHost/DevHost.csproj")]
    public void Nothing_in_the_product_references_the_benchmarks(string project)
    {
        var text = File.ReadAllText(Path.Combine(Root(), project));
        Assert.DoesNotContain("Bench.csproj", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("BenchmarkDotNet", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Core_is_framework_free()
    {
        Assert.DoesNotContain("Microsoft.AspNetCore", File.ReadAllText(Path.Combine(Root(), "Core", "Core.csproj")));
        Assert.DoesNotContain(
            typeof(Core.FrontDoor.FrontDoorRoutes).Assembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Html_is_encoded_in_one_place_and_markup_comes_only_from_templates()
    {
        var core = Path.Combine(Root(), "Core");
        var files = SourceFiles
            .Of(core)
            .Select(f => (Name: Path.GetRelativePath(core, f), Text: File.ReadAllText(f)))
            .ToList();
        Assert.Equal(
            ["Email/Html.cs"],
            files.Where(f => f.Text.Contains("HtmlEncode", StringComparison.Ordinal)).Select(f => f.Name)
        );
        // The one constant markup: the pages' style sheet.
        Assert.Equal(
            ["FrontDoor/Pages.cs"],
            files.Where(f => f.Text.Contains("Html.Constant(", StringComparison.Ordinal)).Select(f => f.Name)
        );
    }

    [Fact]
    public void No_handler_chooses_its_route_or_status_by_a_string()
    {
        var folder = Path.Combine(Root(), "Core");
        var found = SourceFiles
            .Of(folder)
            .SelectMany(f => File.ReadLines(f).Select((l, i) => (File: f, Line: l, Number: i + 1)))
            .Where(x => ByString().IsMatch(x.Line))
            .Select(x => $"{Path.GetRelativePath(folder, x.File)}:{x.Number}: {x.Line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "Chosen by a string:\n" + string.Join("\n", found));
    }

    [GeneratedRegex(
        @"(\.Path\s*(==|\.EndsWith|\.StartsWith|\.Contains)\s*\(?\s*"")|(Message\.Contains\()|(queueName\s+switch)"
    )]
    private static partial Regex ByString();

    private static string Root() => DevHost.RepositoryRoot.Find();
}
