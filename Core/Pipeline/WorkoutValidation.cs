using System.Text.Json;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>Checks a canonical workout summary (DESIGN §4) before anything is stored.</summary>
public static class WorkoutValidation
{
    public const int MaxSets = 2_000;
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static WorkoutSummary Parse(string body)
    {
        WorkoutSummary? workout;
        try
        {
            workout = Json.Deserialize<WorkoutSummary>(body);
        }
        catch (JsonException e)
        {
            throw new PermanentMessageException($"Invalid JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine}: {e.Message}");
        }
        return workout ?? throw new PermanentMessageException("The message is empty (JSON null).");
    }

    /// <summary>Returns the problems, field by field; empty when the workout is acceptable.</summary>
    public static IReadOnlyList<ValidationProblem> Problems(WorkoutSummary w, DateTimeOffset now)
    {
        var problems = new List<ValidationProblem>();
        if (w.V != 1) problems.Add(new("v", $"version {w.V} is not supported (expected 1)"));
        if (!AthleteIds.IsValid(w.AthleteId)) problems.Add(new("athleteId", $"'{w.AthleteId}' is not a valid athlete id"));
        if (w.Start < Earliest || w.Start > now.AddDays(1)) problems.Add(new("start", $"{w.Start:O} is outside 2000-01-01 .. tomorrow"));
        if (w.DurationMin is < 0 or > 24 * 60 || double.IsNaN(w.DurationMin)) problems.Add(new("durationMin", $"{w.DurationMin} is outside 0..1440 minutes"));
        if (w.SessionRpe is < 0 or > 10) problems.Add(new("sessionRpe", $"{w.SessionRpe} is outside 0..10"));
        if (w.AvgHr is < 20 or > 260) problems.Add(new("avgHr", $"{w.AvgHr} is outside 20..260 bpm"));
        if (w.MaxHr is < 20 or > 260) problems.Add(new("maxHr", $"{w.MaxHr} is outside 20..260 bpm"));
        if (w.Title?.Length > 300) problems.Add(new("title", "longer than 300 characters"));
        if (w.Sets.Count > MaxSets) problems.Add(new("sets", $"{w.Sets.Count} sets is more than {MaxSets}"));
        for (var i = 0; i < w.Sets.Count && problems.Count < 20; i++)
        {
            var s = w.Sets[i];
            if (string.IsNullOrWhiteSpace(s.Exercise) || s.Exercise.Length > 200) problems.Add(new($"sets[{i}].exercise", "missing or longer than 200 characters"));
            if (s.WeightKg is < 0 or > 1_000) problems.Add(new($"sets[{i}].weightKg", $"{s.WeightKg} is outside 0..1000"));
            if (s.Reps is < 0 or > 1_000) problems.Add(new($"sets[{i}].reps", $"{s.Reps} is outside 0..1000"));
            if (s.Rpe is < 0 or > 10) problems.Add(new($"sets[{i}].rpe", $"{s.Rpe} is outside 0..10"));
            if (s.Kind is not ("normal" or "warmup" or "failure" or "dropset" or "rest")) problems.Add(new($"sets[{i}].kind", $"'{s.Kind}' is not one of normal, warmup, failure, dropset, rest"));
        }
        return problems;
    }
}

/// <summary>One field of a message or record that is not acceptable, and why.</summary>
public sealed record ValidationProblem(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
