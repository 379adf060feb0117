using BackSignal.Core.Configuration;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackSignal.Cli.Commands;

/// <summary>
/// A markup line written in several interpolated parts (each part's values escaped, as MarkupLineInterpolated does).
/// </summary>
internal static class Say
{
    public static void Line(params FormattableString[] parts) =>
        AnsiConsole.MarkupLine(string.Concat(parts.Select(p => p.ToString(EscapingFormatter.Instance))));

    /// <summary>Formats each value as usual, then escapes it so that a '[' in a name is text, not markup.</summary>
    private sealed class EscapingFormatter : IFormatProvider, ICustomFormatter
    {
        public static readonly EscapingFormatter Instance = new();

        public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

        public string Format(string? format, object? arg, IFormatProvider? formatProvider) =>
            Markup.Escape(
                arg is IFormattable formattable
                    ? formattable.ToString(format, System.Globalization.CultureInfo.CurrentCulture)
                    : arg?.ToString() ?? ""
            );
    }
}
