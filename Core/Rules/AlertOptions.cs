using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// Thresholds of the alert rules (docs/design.md#rules) and the delivery rules; every one a setting, some per athlete.
/// </summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string Section = "Alerts";

    /// <summary>EWMA acute:chronic ratio above which load is rising faster than the body adapts.</summary>
    [Range(1.0, 5.0)]
    public double AcwrSpike { get; set; } = 1.5;

    /// <summary>Shown, not alerted: an EWMA ratio above this is "rising faster than usual" in summaries.</summary>
    [Range(1.0, 5.0)]
    public double AcwrRising { get; set; } = 1.3;

    /// <summary>Shown, not alerted: below this the load is "lighter than usual".</summary>
    [Range(0.0, 1.0)]
    public double AcwrLight { get; set; } = 0.8;

    /// <summary>How an acute:chronic ratio reads against these thresholds, in words.</summary>
    public string Band(double? acwr) =>
        BandOf(acwr) switch
        {
            AcwrBand.Unknown => "not enough history",
            AcwrBand.Warning => "a warning sign",
            AcwrBand.Rising => "rising faster than usual",
            AcwrBand.Usual => "usual range",
            _ => "lighter than usual",
        };

    public AcwrBand BandOf(double? acwr) =>
        acwr switch
        {
            null => AcwrBand.Unknown,
            { } r when r > AcwrSpike => AcwrBand.Warning,
            { } r when r > AcwrRising => AcwrBand.Rising,
            { } r when r >= AcwrLight => AcwrBand.Usual,
            _ => AcwrBand.Light,
        };

    /// <summary>acwr-spike also needs the week's load at least this multiple of the athlete's usual weeks.</summary>
    [Range(1.0, 10.0)]
    public double LoadJumpFactor { get; set; } = 1.5;

    /// <summary>This week's spinal load at least this multiple of the athlete's usual weeks.</summary>
    [Range(1.0, 10.0)]
    public double SpinalJumpFactor { get; set; } = 1.5;

    /// <summary>How many spreads (SD of the usual weeks) above their mean a week must be to count as a spike.</summary>
    [Range(0.0, 10.0)]
    public double SpikeDeviations { get; set; } = 3.0;

    /// <summary>
    /// return-after-break speaks for regular trainees only: this many training days in the 4 weeks before.
    /// </summary>
    [Range(1, 28)]
    public int RegularTrainingDays { get; set; } = 8;

    /// <summary>The weeks before (within the training stretch) that make the athlete's usual weeks.</summary>
    [Range(1, 52)]
    public int BaselineWeeks { get; set; } = 8;

    [Range(1, 52)]
    public int MinimumBaselineWeeks { get; set; } = 3;

    /// <summary>Continuous training days before any ratio-based rule speaks (a break restarts the count).</summary>
    [Range(0, 365)]
    public int MinimumContinuousDays { get; set; } = 28;

    /// <summary>Days without training that make a break: ratios are meaningless across one.</summary>
    [Range(1, 365)]
    public int BreakDays { get; set; } = 14;

    /// <summary>
    /// return-after-break: the first week back above this fraction of the weekly load before the break.
    /// </summary>
    [Range(0.0, 5.0)]
    public double ReturnFraction { get; set; } = 2.0 / 3;

    /// <summary>Pain the day after a heavy spinal day this many points above the athlete's baseline.</summary>
    [Range(0.0, 10.0)]
    public double PainAfterHeavyPoints { get; set; } = 2;

    /// <summary>Days of check-ins the pain baseline (median) is taken over; silent until they exist.</summary>
    [Range(1, 365)]
    public int PainBaselineDays { get; set; } = 14;

    [Range(1.0, 10.0)]
    public double MonotonyHigh { get; set; } = 2.0;

    /// <summary>Pain on any day at or above this: book a doctor or physiotherapist.</summary>
    [Range(0, 10)]
    public int SoonPain { get; set; } = 7;

    /// <summary>Pain at or above this on most check-ins for longer than the recovery window: book a doctor.</summary>
    [Range(0, 10)]
    public int PersistentPain { get; set; } = 3;

    [Range(1, 365)]
    public int RecoveryWindowDays { get; set; } = 14;

    /// <summary>How far back the first painful check-in of persistent pain may lie.</summary>
    [Range(1, 365)]
    public int PersistentLookbackDays { get; set; } = 42;

    /// <summary>New pain with a risk factor (cancer history, weak immune system): no pain in this many days.</summary>
    [Range(1, 365)]
    public int NewPainDays { get; set; } = 28;

    /// <summary>A flare-up: pain at or above this after a pain-free check-in (pain ≤ 1).</summary>
    [Range(0, 10)]
    public int FlareUpPain { get; set; } = 5;

    [Range(1, 100)]
    public int FlareUps { get; set; } = 3;

    [Range(1, 365)]
    public int FlareUpWindowDays { get; set; } = 60;

    /// <summary>
    /// Only alerts about the last this-many days are emailed; older ones (a backfilled export) are stored.
    /// </summary>
    [Range(1, 365)]
    public int EmailWindowDays { get; set; } = 7;

    /// <summary>
    /// The same rule is emailed to the same athlete at most once in this many days (emergencies always go).
    /// </summary>
    [Range(0, 365)]
    public int CooldownDays { get; set; } = 7;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AcwrRising > AcwrSpike)
            yield return new ValidationResult(
                $"AcwrRising ({AcwrRising}) must not be above AcwrSpike ({AcwrSpike}).",
                [nameof(AcwrRising)]
            );
        if (MinimumBaselineWeeks > BaselineWeeks)
            yield return new ValidationResult(
                "MinimumBaselineWeeks must not be above BaselineWeeks.",
                [nameof(MinimumBaselineWeeks)]
            );
    }

    /// <summary>
    /// These options with an athlete's own thresholds (the profile's <c>thresholds</c>) laid over them.
    /// </summary>
    public AlertOptions For(AthleteProfile profile)
    {
        if (profile.Thresholds is not { Count: > 0 } overrides)
            return this;
        var copy = (AlertOptions)MemberwiseClone();
        foreach (var (name, value) in overrides)
        {
            var property = typeof(AlertOptions).GetProperty(
                name,
                System.Reflection.BindingFlags.Public
                    | System.Reflection.BindingFlags.Instance
                    | System.Reflection.BindingFlags.IgnoreCase
            );
            if (
                property is null
                || !Overridable.Contains(property.Name)
                || CheckOverride(property.Name, value, this) is not null
            )
                continue;
            property.SetValue(copy, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        }
        return copy;
    }

    /// <summary>
    /// Null when an athlete may set <paramref name="name"/> to <paramref name="value"/>, else why not: unknown names,
    /// and see-a-doctor thresholds that would make the rules less sensitive than the deployment's
    /// (<paramref name="deployment"/>), are refused. Overload thresholds may go either way.
    /// </summary>
    public static string? CheckOverride(string name, double value, AlertOptions deployment)
    {
        var property = typeof(AlertOptions).GetProperty(
            name,
            System.Reflection.BindingFlags.Public
                | System.Reflection.BindingFlags.Instance
                | System.Reflection.BindingFlags.IgnoreCase
        );
        if (property is null || !Overridable.Contains(property.Name))
            return $"'{name}' is not a threshold an athlete can set (one of {string.Join(", ", Overridable.Order())})";
        if (!double.IsFinite(value) || value <= 0)
            return $"{property.Name} must be a positive number";
        var current = Convert.ToDouble(property.GetValue(deployment), CultureInfo.InvariantCulture);
        // See-a-doctor thresholds: a lower number is more sensitive, except the flare-up window (longer finds more).
        var lessSensitive = property.Name switch
        {
            nameof(SoonPain)
            or nameof(PersistentPain)
            or nameof(RecoveryWindowDays)
            or nameof(FlareUpPain)
            or nameof(FlareUps) => value > current,
            nameof(FlareUpWindowDays) => value < current,
            _ => false,
        };
        return lessSensitive
            ? $"{property.Name} {value.ToString(CultureInfo.InvariantCulture)} would make the see-a-doctor rules less "
                + $"sensitive "
                + $"than the deployment's {current.ToString(CultureInfo.InvariantCulture)}: an athlete's own "
                + $"thresholds may only make them more sensitive"
            : null;
    }

    /// <summary>The thresholds an athlete may set for themselves (delivery rules stay the deployment's).</summary>
    public static readonly IReadOnlySet<string> Overridable = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        nameof(AcwrSpike),
        nameof(SpinalJumpFactor),
        nameof(PainAfterHeavyPoints),
        nameof(MonotonyHigh),
        nameof(SoonPain),
        nameof(PersistentPain),
        nameof(RecoveryWindowDays),
        nameof(FlareUpPain),
        nameof(FlareUps),
        nameof(FlareUpWindowDays),
    };
}

/// <summary>Where an acute:chronic ratio stands, for summaries and tables.</summary>
public enum AcwrBand
{
    Unknown,
    Light,
    Usual,
    Rising,
    Warning,
}
