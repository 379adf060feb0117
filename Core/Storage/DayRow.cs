using Azure;
using Azure.Data.Tables;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>A day rollup as stored in the Training table (RowKey day|yyyyMMdd); its mapping lives here alone.</summary>
public sealed class DayRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public double Load { get; set; }
    public string? LoadMethod { get; set; }
    public double VolumeLoadKg { get; set; }
    public int Sessions { get; set; }
    public int Sets { get; set; }
    public double SpinalLoadKg { get; set; }
    public double HingeVolumeKg { get; set; }
    public string? SetsByPattern { get; set; }
    public string? Exercises { get; set; }
    public int? Pain { get; set; }

    public static DayRow Of(string athleteId, TrainingDay day) =>
        new()
        {
            PartitionKey = athleteId,
            RowKey = RowKeys.DayKey(day.Date),
            Load = day.Load,
            LoadMethod = day.LoadMethod?.ToString().ToLowerInvariant(),
            VolumeLoadKg = day.VolumeLoadKg,
            Sessions = day.Sessions,
            Sets = day.Sets,
            SpinalLoadKg = day.SpinalLoadKg,
            HingeVolumeKg = day.HingeVolumeKg,
            SetsByPattern = day.SetsByPattern.Count > 0 ? Json.Serialize(day.SetsByPattern) : null,
            Exercises = ExercisesJson.Write(day.Exercises),
            Pain = day.Pain,
        };

    public TrainingDay ToDay() =>
        new(
            RowKeys.ParseDate(RowKey[RowKeys.Day.Length..]),
            Load,
            Enum.TryParse<LoadMethod>(LoadMethod, ignoreCase: true, out var method) ? method : null,
            VolumeLoadKg,
            Sessions,
            Sets
        )
        {
            SpinalLoadKg = SpinalLoadKg,
            HingeVolumeKg = HingeVolumeKg,
            SetsByPattern = SetsByPattern is { } patterns
                ? Json.Deserialize<Dictionary<string, int>>(patterns) ?? []
                : new Dictionary<string, int>(),
            Exercises = ExercisesJson.Read(Exercises),
            Pain = Pain,
        };
}

/// <summary>A day's exercises as JSON within one string property (Azure caps one at 64 KiB).</summary>
internal static class ExercisesJson
{
    /// <summary>
    /// A day of hundreds of distinct exercises keeps the spine-loading ones and the largest by volume: those are
    /// what the rules look at.
    /// </summary>
    public static string? Write(IReadOnlyDictionary<string, ExerciseDay> exercises)
    {
        if (exercises.Count == 0)
            return null;
        var json = Json.Serialize(exercises);
        if (json.Length <= StoredJson.ChunkChars)
            return json;
        var kept = new Dictionary<string, ExerciseDay>();
        var length = 2;
        var bySpineThenVolume = exercises
            .OrderByDescending(e => e.Value.SpineFactor > 0)
            .ThenByDescending(e => e.Value.VolumeKg);
        foreach (var (name, day) in bySpineThenVolume)
        {
            var entry = Json.Serialize(new Dictionary<string, ExerciseDay> { [name] = day }).Length;
            if (length + entry > StoredJson.ChunkChars)
                break;
            kept[name] = day;
            length += entry;
        }
        return Json.Serialize(kept);
    }

    public static IReadOnlyDictionary<string, ExerciseDay> Read(string? json) =>
        json is null
            ? new Dictionary<string, ExerciseDay>()
            : new Dictionary<string, ExerciseDay>(
                Json.Deserialize<Dictionary<string, ExerciseDay>>(json) ?? [],
                StringComparer.OrdinalIgnoreCase
            );
}

/// <summary>Azure's limits on stored JSON, in one place.</summary>
internal static class StoredJson
{
    /// <summary>
    /// Azure caps a string property at 64 KiB (32 K UTF-16 chars); long JSON is split over properties.
    /// </summary>
    public const int ChunkChars = 30_000;

    /// <summary>
    /// Azure also caps an entity at 1 MiB: 15 chunks of 60 KB (UTF-16) and the other properties stay below it.
    /// WorkoutValidation.Repair keeps every workout within this (MaxStoredJsonChars).
    /// </summary>
    public const int MaxChunks = 15;
}
