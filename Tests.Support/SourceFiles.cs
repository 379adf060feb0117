namespace BackSignal.Tests.Infrastructure;

/// <summary>The C# files of one project folder of the repository, build output (bin/, obj/) left out.</summary>
public static class SourceFiles
{
    public static IEnumerable<string> Of(string folder) =>
        Directory
            .EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
                !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
            );
}
