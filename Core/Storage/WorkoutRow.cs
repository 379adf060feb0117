using Azure.Data.Tables;
using BackSignal.Core.Model;

namespace BackSignal.Core.Storage;

/// <summary>
/// A workout as stored (RowKey workout|yyyyMMdd|workoutId): its JSON split over Json, Json1… because Azure caps one
/// string property at 64 KiB. The property count varies, so this row stays a <see cref="TableEntity"/>.
/// </summary>
public static class WorkoutRow
{
    private const string JsonChunks = "JsonChunks";

    internal static TableEntity Of(string athleteId, DateOnly day, WorkoutSummary workout)
    {
        var json = Json.Serialize(workout);
        var chunks = (json.Length + StoredJson.ChunkChars - 1) / StoredJson.ChunkChars;
        if (chunks > StoredJson.MaxChunks)
            throw new InvalidDataException(
                $"Workout {workout.WorkoutId} is too large to store ({json.Length:N0} characters of JSON)."
            );
        var entity = new TableEntity(athleteId, RowKeys.WorkoutKey(day, workout.WorkoutId))
        {
            [nameof(WorkoutSummary.Start)] = workout.Start,
            [nameof(WorkoutSummary.Source)] = workout.Source,
            [JsonChunks] = chunks,
        };
        for (var i = 0; i < chunks; i++)
            entity[ChunkName(i)] = json.Substring(
                i * StoredJson.ChunkChars,
                Math.Min(StoredJson.ChunkChars, json.Length - i * StoredJson.ChunkChars)
            );
        return entity;
    }

    public static (DateOnly Day, WorkoutSummary Workout) Read(TableEntity e)
    {
        var day = RowKeys.ParseDate(e.RowKey.Substring(RowKeys.Workout.Length, 8));
        var chunks = e.GetInt32(JsonChunks) ?? 1;
        var json =
            chunks == 1
                ? e.GetString(ChunkName(0))
                : string.Concat(Enumerable.Range(0, chunks).Select(i => e.GetString(ChunkName(i))));
        var workout =
            Json.Deserialize<WorkoutSummary>(json ?? "{}")
            ?? throw new InvalidDataException($"Stored workout {e.RowKey} is empty.");
        return (day, workout);
    }

    private static string ChunkName(int i) => i == 0 ? "Json" : $"Json{i}";
}

/// <summary>A pain check-in as stored (RowKey checkin|yyyyMMdd): one per athlete and day, the later one wins.</summary>
public sealed class CheckinRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public Azure.ETag ETag { get; set; }

    public string? Json { get; set; }

    /// <summary>Not stored: written over the ETag it was read with, or inserted (see Transactions.WriteOf).</summary>
    [System.Runtime.Serialization.IgnoreDataMember]
    public bool Fenced { get; set; }

    public static CheckinRow Of(PainCheckin checkin) =>
        new()
        {
            PartitionKey = checkin.AthleteId,
            RowKey = RowKeys.CheckinKey(checkin.Date),
            Json = Model.Json.Serialize(checkin),
        };

    public PainCheckin? ToCheckin() => Model.Json.Deserialize<PainCheckin>(Json ?? "null");
}
