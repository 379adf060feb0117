using System.Text.Json;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;

namespace BackSignal.Core.Import;

/// <summary>A row or record that could not be read: where it is, which field, and why.</summary>
public sealed record RejectedRow(string File, int Line, string? Field, string Reason)
{
    public override string ToString() => Field is null ? $"{File}:{Line}: {Reason}" : $"{File}:{Line}: {Field}: {Reason}";
}

public sealed record ReadResult<T>(IReadOnlyList<T> Items, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// Canonical workout summaries (DESIGN §4) from a file: one object, an array of objects, or JSON lines.
/// Each workout is validated; a bad one is reported with its line and the rest still count.
/// </summary>
public static class CanonicalJsonReader
{
    public static ReadResult<WorkoutSummary> ReadWorkouts(string text, string fileName, DateTimeOffset now, string? athleteId = null)
    {
        var items = new List<WorkoutSummary>();
        var rejected = new List<RejectedRow>();
        foreach (var (line, json) in Documents(text, fileName, rejected))
        {
            WorkoutSummary? workout;
            try
            {
                workout = JsonSerializer.Deserialize<WorkoutSummary>(json, Json.Options);
            }
            catch (JsonException e)
            {
                rejected.Add(new RejectedRow(fileName, line + (int)(e.LineNumber ?? 0), e.Path, e.Message));
                continue;
            }
            if (workout is null) continue;
            if (athleteId is not null && string.IsNullOrEmpty(workout.AthleteId)) workout = workout with { AthleteId = athleteId };
            var problems = WorkoutValidation.Problems(workout, now);
            if (problems.Count > 0)
            {
                rejected.AddRange(problems.Select(p => new RejectedRow(fileName, line, p.Field, p.Reason)));
                continue;
            }
            items.Add(workout);
        }
        return new ReadResult<WorkoutSummary>(items, rejected);
    }

    /// <summary>Yields each JSON object with the line it starts on.</summary>
    private static IEnumerable<(int Line, string Json)> Documents(string text, string fileName, List<RejectedRow> rejected)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0)
        {
            rejected.Add(new RejectedRow(fileName, 1, null, "The file is empty."));
            yield break;
        }
        if (trimmed[0] == '[')
        {
            List<(int, string)> elements = [];
            try
            {
                using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
                foreach (var element in doc.RootElement.EnumerateArray()) elements.Add((1, element.GetRawText()));
            }
            catch (JsonException e)
            {
                rejected.Add(new RejectedRow(fileName, (int)(e.LineNumber ?? 0) + 1, e.Path, "Invalid JSON: " + e.Message));
            }
            foreach (var element in elements) yield return element;
            yield break;
        }

        // One object over many lines, or one object per line (JSON lines).
        var single = IsSingleObject(text);
        if (single) { yield return (1, text); yield break; }
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            yield return (i + 1, lines[i]);
        }
    }

    private static bool IsSingleObject(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
