namespace BackSignal.Core.Model;

public enum LegPain
{
    None,
    Left,
    Right,
    Both,
}

/// <summary>Numbness or tingling: none, in one leg, in both legs, or around the genitals/buttocks (saddle).</summary>
public enum Numbness
{
    None,
    OneLeg,
    BothLegs,
    Saddle,
}

public enum Weakness
{
    None,
    Mild,
    Severe,
    Worsening,
}

/// <summary>
/// An injury before the pain: none, minor (a fall from standing, a knock) or major (a road accident, a fall from a
/// height, a heavy impact). Older producers wrote a boolean: true is read as minor.
/// </summary>
public enum Trauma
{
    None,
    Minor,
    Major,
}

public sealed class TraumaConverter : System.Text.Json.Serialization.JsonConverter<Trauma>
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
                "major" => Trauma.Major,
                var other => throw new System.Text.Json.JsonException($"'{other}' is not one of none, minor, major"),
            },
            _ => throw new System.Text.Json.JsonException("trauma is one of none, minor, major"),
        };

    public override void Write(
        System.Text.Json.Utf8JsonWriter writer,
        Trauma value,
        System.Text.Json.JsonSerializerOptions options
    ) => writer.WriteStringValue(value.ToString().ToLowerInvariant());
}

/// <summary>A pain check-in (DESIGN §4b, queue `checkins`): one per athlete and day, a later one replaces it.</summary>
public sealed record PainCheckin
{
    public int V { get; init; } = 1;
    public string AthleteId { get; init; } = "";
    public DateOnly Date { get; init; }

    /// <summary>Low-back pain, 0–10.</summary>
    public int Pain { get; init; }
    public LegPain LegPain { get; init; }
    public Numbness Numbness { get; init; }
    public Weakness Weakness { get; init; }

    /// <summary>New difficulty starting or controlling urine or stool, or not feeling it pass.</summary>
    public bool BladderBowel { get; init; }

    /// <summary>New loss of sexual function or genital sensation.</summary>
    public bool SexualDysfunction { get; init; }
    public bool NightPain { get; init; }

    /// <summary>Pain that lying down or rest does not ease.</summary>
    public bool NotEasedByRest { get; init; }
    public bool GaitChange { get; init; }
    public bool Fever { get; init; }

    /// <summary>Feeling generally unwell, chills or sweats.</summary>
    public bool Unwell { get; init; }

    /// <summary>Weight lost without trying.</summary>
    public bool WeightLoss { get; init; }

    /// <summary>Pain between the shoulder blades or in the chest wall.</summary>
    public bool UpperBackPain { get; init; }

    // On the property: the options' string-enum converter would otherwise win over one on the type.
    [System.Text.Json.Serialization.JsonConverter(typeof(TraumaConverter))]
    public Trauma Trauma { get; init; }

    /// <summary>A clinician has assessed these symptoms since the last see-a-doctor alert.</summary>
    public bool Assessed { get; init; }

    /// <summary>Free text, never logged, never shown to the coach.</summary>
    public string? Note { get; init; }
}
