using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackSignal.Core.Model;

/// <summary>One workout in the canonical shape every reader produces (docs/design.md#canonical-workout).</summary>
public sealed record WorkoutSummary
{
    public int V { get; init; } = 1;
    public string AthleteId { get; init; } = "";
    public string Source { get; init; } = "manual";
    public string? SourceId { get; init; }
    public DateTimeOffset Start { get; init; }
    public double DurationMin { get; init; }
    public string? Title { get; init; }
    public double? SessionRpe { get; init; }
    public double? AvgHr { get; init; }
    public double? MaxHr { get; init; }
    public string Sport { get; init; } = "strength";

    /// <summary>Totals from summary-only exports (Garmin, Strava) that have no per-set rows.</summary>
    public int? TotalSets { get; init; }
    public int? TotalReps { get; init; }

    /// <summary>Total weight lifted as the source reports it, when it has no per-set rows (Strava).</summary>
    public double? TotalWeightKg { get; init; }
    public IReadOnlyList<WorkoutSet> Sets { get; init; } = [];

    /// <summary>
    /// The id a workout keeps however often it is imported: the source's own id when it has one, else a hash of
    /// (source, start, title), so that re-importing an export upserts the same row. Hevy's CSV export has no id but
    /// its API has: a Hevy workout is known by its start to the minute (what the CSV writes), so the webhook, the
    /// backfill and a later export of one workout are one row (a lifter starts one Hevy workout a minute).
    /// </summary>
    [JsonIgnore]
    public string WorkoutId => Hash(WorkoutKey);

    /// <summary>
    /// What <see cref="WorkoutId"/> hashes: two workouts have one id exactly when they have one key, so an import
    /// tells repeated workouts apart by the key and leaves the hash (a SHA-256 per workout) to whoever stores them.
    /// </summary>
    [JsonIgnore]
    internal string WorkoutKey =>
        Source == HevySource ? $"{Source}|start|{StartMinuteUtc:yyyy-MM-ddTHH:mm}"
        : SourceId is { Length: > 0 } id ? $"{Source}|id|{id}"
        : $"{Source}|{Start.UtcDateTime:O}|{Title}";

    private const string HevySource = "hevy";

    private DateTime StartMinuteUtc
    {
        get
        {
            var utc = Start.UtcDateTime;
            return new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc);
        }
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20];
}

/// <summary>
/// One set. A struct: an export of a million sets is a few thousand arrays for the GC, not a million objects. Which
/// values are present is one byte of flags beside plain values rather than five nullables: 56 bytes a set instead of
/// 88, and an import holds all of its sets at once. <c>default</c> still has every value absent.
/// </summary>
public readonly record struct WorkoutSet
{
    public WorkoutSet() { }

    public string Exercise { get; init; } = "";
    public int SetIndex { get; init; }

    /// <summary>normal | warmup | failure | dropset | rest on the wire.</summary>
    [JsonConverter(typeof(SetKindConverter))]
    public SetKind Kind { get; init; } = SetKind.Normal;

    public double? WeightKg
    {
        get => Has(Present.Weight) ? _weightKg : null;
        init
        {
            _weightKg = value ?? 0;
            _present = Mark(_present, value.HasValue, Present.Weight);
        }
    }

    public int? Reps
    {
        get => Has(Present.Reps) ? _reps : null;
        init
        {
            _reps = value ?? 0;
            _present = Mark(_present, value.HasValue, Present.Reps);
        }
    }

    public double? Rpe
    {
        get => Has(Present.Rpe) ? _rpe : null;
        init
        {
            _rpe = value ?? 0;
            _present = Mark(_present, value.HasValue, Present.Rpe);
        }
    }

    public double? DistanceM
    {
        get => Has(Present.Distance) ? _distanceM : null;
        init
        {
            _distanceM = value ?? 0;
            _present = Mark(_present, value.HasValue, Present.Distance);
        }
    }

    public double? Seconds
    {
        get => Has(Present.Seconds) ? _seconds : null;
        init
        {
            _seconds = value ?? 0;
            _present = Mark(_present, value.HasValue, Present.Seconds);
        }
    }

    private readonly double _weightKg,
        _rpe,
        _distanceM,
        _seconds;
    private readonly int _reps;
    private readonly Present _present;

    private bool Has(Present value) => (_present & value) != 0;

    // An absent value is stored as 0, so that two sets without it are equal.
    private static Present Mark(Present present, bool has, Present value) => has ? present | value : present & ~value;

    [Flags]
    private enum Present : byte
    {
        Weight = 1,
        Reps = 2,
        Rpe = 4,
        Distance = 8,
        Seconds = 16,
    }

    [JsonIgnore]
    public bool IsWorkingSet => Kind is not (SetKind.Warmup or SetKind.Rest);
}

/// <summary>What a set is; warm-ups and rests are not working sets.</summary>
public enum SetKind
{
    Normal,
    Warmup,
    Failure,
    Dropset,
    Rest,

    /// <summary>A value no exporter writes: validation reads it as normal, with a warning.</summary>
    Unrecognised,
}

/// <summary>
/// Set kinds as lower-case words; a word it does not know reads as <see cref="SetKind.Unrecognised"/> rather than
/// failing the whole message, so that validation can keep the set (as normal) and say so.
/// </summary>
public sealed class SetKindConverter : JsonConverter<SetKind>
{
    public override SetKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && Enum.TryParse<SetKind>(reader.GetString(), ignoreCase: true, out var kind)
        && kind != SetKind.Unrecognised
        && !int.TryParse(reader.GetString(), out _)
            ? kind
            : SetKind.Unrecognised;

    public override void Write(Utf8JsonWriter writer, SetKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString().ToLowerInvariant());
}
