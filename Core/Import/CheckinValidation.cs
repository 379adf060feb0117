using System.Text.Json;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>Checks a pain check-in (DESIGN §4b) before anything is stored.</summary>
public static class CheckinValidation
{
    public const int MaxNoteChars = 2_000;
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>Parses a check-in; an unknown enum value or a malformed field is a clear, permanent error.</summary>
    public static (PainCheckin? Checkin, string? Error) Parse(string body) => Json.TryRead<PainCheckin>(body, Explain);

    /// <param name="today">The athlete's local date now: a check-in cannot be about a later day.</param>
    public static IReadOnlyList<ValidationProblem> Problems(PainCheckin c, DateOnly? today)
    {
        var problems = new List<ValidationProblem>();
        if (c.V != 1)
            problems.Add(new("v", $"version {c.V} is not supported (expected 1)"));
        if (!AthleteIds.IsValid(c.AthleteId))
            problems.Add(new("athleteId", $"'{c.AthleteId}' is not a valid athlete id"));
        if (c.Pain is < 0 or > 10)
            problems.Add(new("pain", $"{c.Pain} is outside 0..10"));
        if (c.Date < Earliest)
            problems.Add(new("date", $"{c.Date:yyyy-MM-dd} is before 2000-01-01"));
        if (today is { } t && c.Date > t)
            problems.Add(
                new("date", $"{c.Date:yyyy-MM-dd} is in the future (today is {t:yyyy-MM-dd} for this athlete)")
            );
        if (!Enum.IsDefined(c.LegPain))
            problems.Add(new("legPain", "not one of none, left, right, both"));
        if (!Enum.IsDefined(c.Numbness))
            problems.Add(new("numbness", "not one of none, one-leg, both-legs, saddle"));
        if (!Enum.IsDefined(c.Weakness))
            problems.Add(new("weakness", "not one of none, mild, severe, worsening"));
        if (c.Note?.Length > MaxNoteChars)
            problems.Add(new("note", $"longer than {MaxNoteChars} characters"));
        return problems;
    }

    public static string Explain(JsonException e)
    {
        var path = e.Path ?? "";
        if (path.EndsWith("legPain", StringComparison.Ordinal))
            return "legPain is one of none, left, right, both";
        if (path.EndsWith("numbness", StringComparison.Ordinal))
            return "numbness is one of none, one-leg, both-legs, saddle";
        if (path.EndsWith("weakness", StringComparison.Ordinal))
            return "weakness is one of none, mild, severe, worsening";
        if (path.EndsWith("date", StringComparison.Ordinal))
            return "date is a day like 2026-11-20";
        return e.Message;
    }
}
