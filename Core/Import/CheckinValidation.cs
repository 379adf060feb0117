using System.Text.Json;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Checks a pain check-in (docs/checkin.md) before anything is stored. A problem with who or when (version, athlete,
/// date) stops the check-in; a bad answer is dropped from it with a message naming the field, and the rest — a red
/// flag among it — is kept.
/// </summary>
public static class CheckinValidation
{
    public const int MaxNoteChars = 2_000;
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The fields whose problems stop a check-in; any other problem drops only its value.</summary>
    public static readonly IReadOnlySet<string> Fatal = new HashSet<string>(StringComparer.Ordinal)
    {
        "v",
        "athleteId",
        "date",
    };

    /// <summary>Parses a check-in; malformed JSON is a clear, permanent error.</summary>
    public static (PainCheckin? Checkin, string? Error) Parse(string body) => Json.TryRead<PainCheckin>(body, Explain);

    /// <param name="today">The athlete's local date now: a check-in cannot be about a later day.</param>
    public static IReadOnlyList<ValidationProblem> Problems(PainCheckin c, DateOnly? today) => Clean(c, today).Problems;

    /// <summary>
    /// The check-in with every bad answer dropped (to no answer: none, or no pain score), and every problem found;
    /// <see cref="IsFatal"/> tells whether the check-in can be kept at all.
    /// </summary>
    public static (PainCheckin Checkin, IReadOnlyList<ValidationProblem> Problems) Clean(PainCheckin c, DateOnly? today)
    {
        var problems = new List<ValidationProblem>();
        if (c.V is < 1 or > PainCheckin.CurrentVersion)
            problems.Add(new("v", $"version {c.V} is not supported (1 or {PainCheckin.CurrentVersion})"));
        if (!AthleteIds.IsValid(c.AthleteId))
            problems.Add(new("athleteId", $"'{c.AthleteId}' is not a valid athlete id"));
        if (c.Date < Earliest)
            problems.Add(new("date", $"{c.Date:yyyy-MM-dd} is before 2000-01-01"));
        if (today is { } t && c.Date > t)
            problems.Add(
                new("date", $"{c.Date:yyyy-MM-dd} is in the future (today is {t:yyyy-MM-dd} for this athlete)")
            );
        if (c.Pain is < 0 or > 10)
        {
            problems.Add(new("pain", $"{c.Pain} is outside 0..10 (dropped; the other answers are kept)"));
            c = c with { Pain = null };
        }
        c = Answer(c, c.LegPain, "legPain", "none, left, right, both", problems, x => x with { LegPain = default });
        c = Answer(c, c.Numbness, "numbness", "none, one-leg, both-legs", problems, x => x with { Numbness = default });
        c = Answer(
            c,
            c.Weakness,
            "weakness",
            "none, mild, severe, worsening",
            problems,
            x => x with { Weakness = default }
        );
        c = Answer(
            c,
            c.WeaknessSide,
            "weaknessSide",
            "none, one, both",
            problems,
            x => x with { WeaknessSide = default }
        );
        c = Answer(c, c.Trauma, "trauma", "none, minor, lift, major", problems, x => x with { Trauma = default });
        var unknown = c.Known.Where(k => !CheckinSigns.Fields.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(
                new(
                    "known",
                    $"'{string.Join("', '", unknown)}' is not a sign (one of {string.Join(", ", CheckinSigns.Fields)})"
                )
            );
            c = c with { Known = [.. c.Known.Except(unknown)] };
        }
        if (c.Note?.Length > MaxNoteChars)
        {
            problems.Add(new("note", $"longer than {MaxNoteChars} characters (the first {MaxNoteChars} are kept)"));
            c = c with { Note = c.Note[..MaxNoteChars] };
        }
        return (c, problems);
    }

    public static bool IsFatal(ValidationProblem problem) => Fatal.Contains(problem.Field ?? "");

    private static PainCheckin Answer<T>(
        PainCheckin c,
        T value,
        string field,
        string words,
        List<ValidationProblem> problems,
        Func<PainCheckin, PainCheckin> drop
    )
        where T : struct, Enum
    {
        if (Enum.IsDefined(value))
            return c;
        problems.Add(new(field, $"not one of {words} (dropped; the other answers are kept)"));
        return drop(c);
    }

    public static string Explain(JsonException e)
    {
        var path = e.Path ?? "";
        if (path.EndsWith("date", StringComparison.Ordinal))
            return "date is a day like 2026-11-20";
        if (path.EndsWith("pain", StringComparison.Ordinal))
            return "pain is a whole number from 0 to 10";
        return e.Message;
    }
}
