using System.Text.Json.Serialization;

namespace BackSignal.Core.Model;

public enum LegPain
{
    None,
    Left,
    Right,
    Both,
}

/// <summary>
/// Numbness or tingling in the legs: none, one leg, both legs. <see cref="Saddle"/> is v1's wire word only: it is
/// read as <see cref="PainCheckin.SaddleNumbness"/> (with no leg numbness) and never written.
/// </summary>
public enum Numbness
{
    None,
    OneLeg,
    BothLegs,
    Saddle,
}

/// <summary>How weak a leg or foot is: none, mild, severe, or getting worse.</summary>
public enum Weakness
{
    None,
    Mild,
    Severe,
    Worsening,
}

/// <summary>Which legs are weak: none said, one, or both (both is an emergency sign whatever the degree).</summary>
public enum WeaknessSide
{
    None,
    One,
    Both,
}

/// <summary>
/// An injury before the pain: none, minor (a fall from standing, a knock), lift (a sudden pain during a lift) or
/// major (a road accident, a fall from a height, a heavy impact). Older producers wrote a boolean: true is minor.
/// </summary>
public enum Trauma
{
    None,
    Minor,
    Lift,
    Major,
}

/// <summary>
/// A check-in answer read forgivingly: the kebab-case word, the enum's name in any case, or a common alias; any other
/// word reads as the undefined value -1, which validation drops from the check-in with a warning naming the field,
/// so that one odd answer never loses the rest (a red flag among them).
/// </summary>
public sealed class CheckinAnswerConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    // Before Words: static fields start in order. Words other producers write for the same answer.
    private static readonly (string Alias, string Name)[] Aliases =
        typeof(T) == typeof(Numbness)
            ? [("one", "OneLeg"), ("left", "OneLeg"), ("right", "OneLeg"), ("both", "BothLegs"), ("no", "None")]
        : typeof(T) == typeof(WeaknessSide) ? [("left", "One"), ("right", "One"), ("no", "None")]
        : [("no", "None")];

    private static readonly Dictionary<string, T> Words = Build();

    private static Dictionary<string, T> Build()
    {
        var words = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in Enum.GetValues<T>())
        {
            words[value.ToString()] = value;
            words[System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString())] = value;
        }
        foreach (var (alias, name) in Aliases)
            if (Enum.TryParse<T>(name, out var value) && !words.ContainsKey(alias))
                words[alias] = value;
        return words;
    }

    public static readonly T Unrecognised = (T)Enum.ToObject(typeof(T), -1);

    public override T Read(
        ref System.Text.Json.Utf8JsonReader reader,
        Type type,
        System.Text.Json.JsonSerializerOptions options
    ) =>
        reader.TokenType switch
        {
            System.Text.Json.JsonTokenType.Null => default,
            System.Text.Json.JsonTokenType.String => Words.GetValueOrDefault(
                reader.GetString()?.Trim() ?? "",
                Unrecognised
            ),
            System.Text.Json.JsonTokenType.Number when reader.TryGetInt32(out var n) => Enum.IsDefined(typeof(T), n)
                ? (T)Enum.ToObject(typeof(T), n)
                : Unrecognised,
            _ => SkipUnrecognised(ref reader),
        };

    /// <summary>
    /// An object or array where an answer belongs is passed over whole, so the rest of the check-in (its other signs)
    /// still reads; the answer itself reads as unrecognised and validation reports it.
    /// </summary>
    internal static T SkipUnrecognised(ref System.Text.Json.Utf8JsonReader reader)
    {
        reader.Skip();
        return Unrecognised;
    }

    public override void Write(
        System.Text.Json.Utf8JsonWriter writer,
        T value,
        System.Text.Json.JsonSerializerOptions options
    ) => writer.WriteStringValue(System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()));
}

/// <summary>
/// The pain score read forgivingly: a number, or a number written as text; anything else reads as -1, which
/// validation drops (the score only) with a warning.
/// </summary>
public sealed class PainScoreConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(
        ref System.Text.Json.Utf8JsonReader reader,
        Type type,
        System.Text.Json.JsonSerializerOptions options
    ) =>
        reader.TokenType switch
        {
            System.Text.Json.JsonTokenType.Null => null,
            System.Text.Json.JsonTokenType.Number => reader.TryGetInt32(out var n) ? n : -1,
            System.Text.Json.JsonTokenType.String => int.TryParse(
                reader.GetString(),
                System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture,
                out var n
            )
                ? n
            : string.IsNullOrWhiteSpace(reader.GetString()) ? null
            : -1,
            _ => SkipAndFlag(ref reader),
        };

    private static int SkipAndFlag(ref System.Text.Json.Utf8JsonReader reader)
    {
        reader.Skip();
        return -1;
    }

    public override void Write(
        System.Text.Json.Utf8JsonWriter writer,
        int? value,
        System.Text.Json.JsonSerializerOptions options
    )
    {
        if (value is { } v)
            writer.WriteNumberValue(v);
        else
            writer.WriteNullValue();
    }
}

public sealed class TraumaConverter : JsonConverter<Trauma>
{
    public override Trauma Read(
        ref System.Text.Json.Utf8JsonReader reader,
        Type type,
        System.Text.Json.JsonSerializerOptions options
    ) =>
        reader.TokenType switch
        {
            System.Text.Json.JsonTokenType.True => Trauma.Minor,
            System.Text.Json.JsonTokenType.False or System.Text.Json.JsonTokenType.Null => Trauma.None,
            System.Text.Json.JsonTokenType.String => reader.GetString()?.Trim().ToLowerInvariant() switch
            {
                "none" => Trauma.None,
                "minor" => Trauma.Minor,
                "lift" => Trauma.Lift,
                "major" => Trauma.Major,
                _ => CheckinAnswerConverter<Trauma>.Unrecognised,
            },
            _ => CheckinAnswerConverter<Trauma>.SkipUnrecognised(ref reader),
        };

    public override void Write(
        System.Text.Json.Utf8JsonWriter writer,
        Trauma value,
        System.Text.Json.JsonSerializerOptions options
    ) => writer.WriteStringValue(value.ToString().ToLowerInvariant());
}
