namespace BackSignal.Core.Model;

public enum LegPain { None, Left, Right, Both }

/// <summary>Numbness or tingling: none, in one leg, in both legs, or around the genitals/buttocks (saddle).</summary>
public enum Numbness { None, OneLeg, BothLegs, Saddle }

public enum Weakness { None, Mild, Severe, Worsening }

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
    public bool BladderBowel { get; init; }
    public bool NightPain { get; init; }
    /// <summary>Pain that rest does not ease (an urgent sign in DESIGN §6; optional in the message).</summary>
    public bool NotEasedByRest { get; init; }
    public bool GaitChange { get; init; }
    public bool Fever { get; init; }
    public bool Trauma { get; init; }
    /// <summary>Free text, never logged, never shown to the coach.</summary>
    public string? Note { get; init; }
}
