using System.ComponentModel.DataAnnotations;

namespace BackSignal.Core.Metrics;

/// <summary>
/// Parameters of the load model (docs/design.md#formulas); every default is the design's, every value configurable.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    [Range(1, 28)]
    public int AcuteDays { get; set; } = 7;

    [Range(7, 90)]
    public int ChronicDays { get; set; } = 28;

    [Range(1.0, 120.0)]
    public double CtlTimeConstantDays { get; set; } = 42;

    [Range(1.0, 60.0)]
    public double AtlTimeConstantDays { get; set; } = 7;

    /// <summary>RPE assumed when a workout has neither RPE nor heart rate (minutes × 5).</summary>
    [Range(1.0, 10.0)]
    public double DefaultRpe { get; set; } = 5;

    /// <summary>
    /// Load of one hard working set when a strength session has no RPE: a set and its rest (about 3 minutes) at about
    /// RPE 7, on the sRPE scale. A back-off set (below <see cref="BackOffFraction"/> of the lift's top set in that
    /// session) counts half; warm-ups count nothing.
    /// </summary>
    [Range(1.0, 100.0)]
    public double WorkingSetLoad { get; set; } = 21;

    [Range(0.0, 1.0)]
    public double BackOffFraction { get; set; } = 0.7;

    /// <summary>Scales Banister TRIMP onto the sRPE scale: an hour at 75 % HRR ≈ an hour at RPE 7.</summary>
    [Range(0.1, 20.0)]
    public double TrimpScale { get; set; } = 3.5;

    /// <summary>Days of history before a ratio that compares with the chronic window is defined.</summary>
    [Range(0, 365)]
    public int MinimumHistoryDays { get; set; } = 28;

    /// <summary>How far back "best recent e1RM" and "the last session of that exercise" look.</summary>
    [Range(7, 365)]
    public int StrengthLookbackDays { get; set; } = 84;

    /// <summary>A hinge set at this share of the best recent e1RM makes a heavy hinge day.</summary>
    [Range(0.1, 1.0)]
    public double HeavyFractionOfE1rm { get; set; } = 0.8;

    /// <summary>A hinge set at this RPE or above makes a heavy hinge day.</summary>
    [Range(1.0, 10.0)]
    public double HeavyRpe { get; set; } = 8;

    /// <summary>
    /// A day's hinge volume at this multiple of its average on the hinge days of the chronic window makes a heavy hinge
    /// day.
    /// </summary>
    [Range(1.0, 10.0)]
    public double HeavyHingeVolumeFactor { get; set; } = 1.5;
}
