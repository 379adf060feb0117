using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using BackSignal.Cli.Commands;

namespace BackSignal.Cli.Infrastructure;

/// <summary>
/// An enum option written as on the wire (kebab-case: one-leg, both-legs); a mistyped value is an error that
/// lists the values and suggests the nearest.
/// </summary>
public sealed class KebabEnumConverter<T> : TypeConverter
    where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>()
        .ToDictionary(v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()), StringComparer.OrdinalIgnoreCase);

    public static string Name(T value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        var text = ((string)value).Trim();
        if (ByName.TryGetValue(text, out var parsed))
            return parsed;
        var near = Suggestions.Closest(text, ByName.Keys);
        var option = Suggestions.OptionOfType(typeof(T)) is { } name ? name + " " : "";
        throw new FormatException(
            $"{option}'{text}' is not one of {string.Join(", ", ByName.Keys)}"
                + (near is null ? "." : $" (did you mean {near}?).")
        );
    }
}

/// <summary>A day option, written yyyy-MM-dd and nothing else.</summary>
public sealed class IsoDateConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        DateOnly.TryParseExact(
            ((string)value).Trim(),
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var day
        )
            ? day
            : throw new FormatException($"'{value}' is not a day like 2026-11-20.");
}
