using System.Text.RegularExpressions;

namespace BackSignal.Tests.Architecture;

/// <summary>
/// The repository answers what its code cites: every "docs/….md#anchor" named in code or docs is a heading of that
/// file, and nothing cites the design document beside the repository, which a clone does not carry.
/// </summary>
public partial class DocsTests
{
    [Fact]
    public void Every_cited_section_of_docs_exists_and_nothing_cites_the_shared_design()
    {
        var root = DevHost.RepositoryRoot.Find();
        var files = Directory
            .EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
            .Where(f => !Regex.IsMatch(f, @"[\\/](bin|obj|node_modules|\.git)[\\/]"))
            .ToList();
        var missing = new List<string>();
        var shared = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(root, file);
            if (SharedDesign().IsMatch(text) && !name.EndsWith("DocsTests.cs", StringComparison.Ordinal))
                shared.Add(name);
            foreach (Match m in Citation().Matches(text))
            {
                var doc = Path.Combine(root, "docs", m.Groups[1].Value);
                if (!File.Exists(doc) || !Anchors(doc).Contains(m.Groups[2].Value))
                    missing.Add($"{name}: docs/{m.Groups[1].Value}#{m.Groups[2].Value}");
            }
        }
        Assert.True(missing.Count == 0, "Cited but not in docs/:\n" + string.Join("\n", missing.Distinct()));
        Assert.True(shared.Count == 0, "Citing the shared design:\n" + string.Join("\n", shared));
    }

    /// <summary>GitHub's anchors: headings lower-cased, spaces to hyphens, punctuation dropped.</summary>
    private static HashSet<string> Anchors(string doc) =>
        File.ReadLines(doc)
            .Where(l => l.StartsWith('#'))
            .Select(l =>
                Regex.Replace(l.TrimStart('#').Trim().ToLowerInvariant(), @"[^a-z0-9 -]", "").Replace(' ', '-')
            )
            .ToHashSet();

    [GeneratedRegex(@"docs/([a-z-]+\.md)#([a-z0-9-]+)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"DESIGN §|shared/DESIGN")]
    private static partial Regex SharedDesign();
}
