using BackSignal.Core.Import;
using BackSignal.Core.Localization;
using BackSignal.Core.Model;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The check-in page's questions (docs/checkin.md) in plain words, and how a posted form becomes a check-in: every
/// answer that reads is kept, every one that does not gets a message by its field and no value — so a red flag is
/// never lost to a missing pain score.
/// </summary>
public static class CheckinForm
{
    /// <summary>
    /// A question with one answer: its legend, hint and option labels are the texts
    /// <c>Checkin.{name}.Legend</c>, <c>.Hint</c> and <c>.{wire}</c> in the reader's language.
    /// </summary>
    public sealed record Choice(string Name, bool Hinted, IReadOnlyList<string> Options)
    {
        public string Legend(Words words) => words[$"Checkin.{Name}.Legend"];

        public string Hint(Words words) => Hinted ? words[$"Checkin.{Name}.Hint"] : "";

        public string Label(Words words, string wire) => words[$"Checkin.{Name}.{wire}"];
    }

    /// <summary>A sign ticked or not: <c>Checkin.{name}.Label</c> and, when hinted, <c>.Hint</c>.</summary>
    public sealed record YesNo(string Name, bool Hinted)
    {
        public string Label(Words words) => words[$"Checkin.{Name}.Label"];

        public string Hint(Words words) => Hinted ? words[$"Checkin.{Name}.Hint"] : "";
    }

    public static readonly Choice LegPainQuestion = new("legPain", true, ["none", "left", "right", "both"]);

    public static readonly Choice NumbnessQuestion = new("numbness", false, ["none", "one-leg", "both-legs"]);

    public static readonly YesNo SaddleQuestion = new("saddleNumbness", true);

    public static readonly Choice WeaknessQuestion = new("weakness", false, ["none", "mild", "severe", "worsening"]);

    public static readonly Choice WeaknessSideQuestion = new("weaknessSide", false, ["none", "one", "both"]);

    public static readonly Choice TraumaQuestion = new("trauma", false, ["none", "lift", "minor", "major"]);

    public static readonly IReadOnlyList<YesNo> Signs =
    [
        new("bladderBowel", true),
        new("sexualDysfunction", false),
        new("chestPain", false),
        new("gaitChange", true),
        new("fever", true),
        new("unwell", true),
        new("weightLoss", false),
        new("nightPain", false),
        new("notEasedByRest", false),
        new("coughSneeze", false),
        new("backLump", false),
        new("upperBackPain", true),
    ];

    /// <summary>The form field that marks a sign known.</summary>
    public static string KnownField(string sign) => "known-" + sign;

    public static bool IsYes(string? value) => value is "yes" or "on" or "true";

    /// <summary>The check-in the form describes, and a message for each answer that could not be read.</summary>
    public static (PainCheckin Checkin, List<ValidationProblem> Problems) Read(
        IReadOnlyDictionary<string, string> form,
        string athleteId,
        DateOnly today,
        Words words
    )
    {
        var problems = new List<ValidationProblem>();
        string? Value(string name) => form.TryGetValue(name, out var v) ? v.Trim() : null;
        bool Yes(string name) => IsYes(Value(name));
        T Pick<T>(Choice question)
            where T : struct, Enum
        {
            var text = Value(question.Name);
            // Left out (a form of an earlier version): no answer, as the first choice says.
            if (text is null)
                return default;
            var match = Enum.GetValues<T>().Where(v => Wire(v) == text && question.Options.Contains(text)).ToList();
            if (match.Count == 1)
                return match[0];
            problems.Add(new(question.Name, words["Checkin.Problem.Choose", question.Legend(words)]));
            return default;
        }

        int? pain = null;
        if (string.IsNullOrEmpty(Value("pain")))
            problems.Add(new("pain", words["Checkin.Problem.Pain"]));
        else if (int.TryParse(Value("pain"), out var score) && score is >= 0 and <= 10)
            pain = score;
        else
            problems.Add(new("pain", words["Checkin.Problem.Pain"]));

        var checkin = new PainCheckin
        {
            AthleteId = athleteId,
            Date = today,
            Pain = pain,
            LegPain = Pick<LegPain>(LegPainQuestion),
            Numbness = Pick<Numbness>(NumbnessQuestion),
            SaddleNumbness = Yes(SaddleQuestion.Name),
            Weakness = Pick<Weakness>(WeaknessQuestion),
            WeaknessSide = Pick<WeaknessSide>(WeaknessSideQuestion),
            Trauma = Pick<Trauma>(TraumaQuestion),
            BladderBowel = Yes("bladderBowel"),
            SexualDysfunction = Yes("sexualDysfunction"),
            ChestPain = Yes("chestPain"),
            GaitChange = Yes("gaitChange"),
            Fever = Yes("fever"),
            Unwell = Yes("unwell"),
            WeightLoss = Yes("weightLoss"),
            NightPain = Yes("nightPain"),
            NotEasedByRest = Yes("notEasedByRest"),
            CoughSneeze = Yes("coughSneeze"),
            BackLump = Yes("backLump"),
            UpperBackPain = Yes("upperBackPain"),
            Note = string.IsNullOrWhiteSpace(Value("note")) ? null : Value("note"),
        };
        // Known only for a sign reported on this form: a tick beside an unanswered question means nothing.
        var reported = CheckinSigns.Reported(checkin).ToHashSet(StringComparer.Ordinal);
        checkin = checkin with
        {
            Known = [.. CheckinSigns.Fields.Where(f => reported.Contains(f) && Yes(KnownField(f)))],
        };
        var (cleaned, invalid) = CheckinValidation.Clean(checkin, today);
        problems.AddRange(
            invalid
                .Where(p => p.Field != "athleteId" && problems.All(q => q.Field != p.Field))
                // The one the form can reach (a note over the limit, sent past the page's maxlength), in its words.
                .Select(p =>
                    p.Field == "note"
                        ? p with
                        {
                            Reason = words["Checkin.Problem.Note", CheckinValidation.MaxNoteChars],
                        }
                        : p
                )
        );
        return (cleaned, problems);
    }

    public static string Wire<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
