using System.Reflection;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

/// <summary>
/// "Did you mean …?" for a mistyped option or value: the closest known spelling within two edits. Written here
/// (a dozen lines of edit distance) rather than taking a package for it.
/// </summary>
internal static class Suggestions
{
    /// <summary>Every long option name the commands take (--format, --athlete, …).</summary>
    private static readonly Lazy<IReadOnlyList<string>> Options = new(() =>
        typeof(Suggestions)
            .Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(CommandSettings)))
            .SelectMany(t => t.GetProperties())
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .SelectMany(a => a?.LongNames ?? [])
            .Distinct()
            .ToList()
    );

    /// <summary>The one option (--leg-pain) whose value is of <paramref name="type"/>, when exactly one is.</summary>
    public static string? OptionOfType(Type type)
    {
        var options = typeof(Suggestions)
            .Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(CommandSettings)))
            .SelectMany(t => t.GetProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) == type)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>()?.LongNames.FirstOrDefault())
            .OfType<string>()
            .Distinct()
            .ToList();
        return options.Count == 1 ? "--" + options[0] : null;
    }

    /// <summary>The nearest other option name; never the one typed (it may exist on another command).</summary>
    public static string? ForOption(string typed) =>
        Closest(
            typed.TrimStart('-'),
            Options.Value.Where(o => !o.Equals(typed.TrimStart('-'), StringComparison.OrdinalIgnoreCase))
        )
            is { } name
            ? $"--{name}"
            : null;

    public static string? Closest(string typed, IEnumerable<string> known) =>
        known
            .Select(k => (Name: k, Distance: Distance(typed.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(x => x.Distance <= 2)
            .OrderBy(x => x.Distance)
            .Select(x => x.Name)
            .FirstOrDefault();

    /// <summary>The error when a value is not one of those allowed, with the nearest one suggested.</summary>
    public static string? NotOneOf(string option, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"{option} '{value}' is not one of {string.Join(", ", allowed)}"
                + (Closest(value, allowed) is { } near ? $" (did you mean {near}?)" : "")
                + ".";

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(
                    Math.Min(current[j - 1] + 1, previous[j] + 1),
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                );
            previous = current;
        }
        return previous[b.Length];
    }
}
