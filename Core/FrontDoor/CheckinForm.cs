using BackSignal.Core.Import;
using BackSignal.Core.Model;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The check-in page's questions (docs/checkin.md) in plain words, and how a posted form becomes a check-in: every
/// answer that reads is kept, every one that does not gets a message by its field and no value — so a red flag is
/// never lost to a missing pain score.
/// </summary>
public static class CheckinForm
{
    public sealed record Choice(
        string Name,
        string Legend,
        string Hint,
        IReadOnlyList<(string Wire, string Label)> Options
    );

    public sealed record YesNo(string Name, string Label, string Hint);

    public static readonly Choice LegPainQuestion = new(
        "legPain",
        "Pain shooting down a leg, below the knee",
        "Not muscle soreness: pain that travels down the leg.",
        [("none", "No"), ("left", "Yes, left leg"), ("right", "Yes, right leg"), ("both", "Yes, both legs")]
    );

    public static readonly Choice NumbnessQuestion = new(
        "numbness",
        "Numbness or pins and needles in your legs or feet",
        "",
        [("none", "No"), ("one-leg", "Yes, in one leg"), ("both-legs", "Yes, in both legs")]
    );

    public static readonly YesNo SaddleQuestion = new(
        "saddleNumbness",
        "Numbness or tingling between your legs: around the genitals, the buttocks or the inner thighs",
        "Where you would sit on a saddle. Tick it even if you also ticked numbness in a leg."
    );

    public static readonly Choice WeaknessQuestion = new(
        "weakness",
        "Weakness in a leg or foot (it gives way, or the foot drags or slaps)",
        "",
        [("none", "No"), ("mild", "Mild"), ("severe", "Severe"), ("worsening", "Getting worse")]
    );

    public static readonly Choice WeaknessSideQuestion = new(
        "weaknessSide",
        "Which legs are weak",
        "",
        [("none", "No weakness"), ("one", "One leg"), ("both", "Both legs")]
    );

    public static readonly Choice TraumaQuestion = new(
        "trauma",
        "An injury before the pain started",
        "",
        [
            ("none", "No"),
            ("lift", "A sudden pain during a lift"),
            ("minor", "A fall from standing height, or a knock"),
            ("major", "A road accident, a fall from a height, or a heavy impact"),
        ]
    );

    public static readonly IReadOnlyList<YesNo> Signs =
    [
        new("bladderBowel", "New trouble starting or holding urine or stool", "Or not feeling it pass."),
        new("sexualDysfunction", "New loss of sexual function or of feeling in the genitals", ""),
        new("chestPain", "Pain in your chest", ""),
        new("gaitChange", "New difficulty walking", "Tripping, unsteady legs."),
        new("fever", "A fever", "38 °C / 100.4 °F or more, or feeling hot and shivery."),
        new("unwell", "Feeling generally unwell", "Chills, sweats, feeling ill."),
        new("weightLoss", "Weight lost without trying", ""),
        new("nightPain", "Pain that is much worse at night or wakes you", ""),
        new("notEasedByRest", "Pain that lying down or resting does not ease", ""),
        new("coughSneeze", "Pain made worse by coughing, sneezing or straining", ""),
        new("backLump", "A lump or swelling in your back, or a back that has changed shape", ""),
        new("upperBackPain", "Pain between the shoulder blades", "Rather than in the low back."),
    ];

    public const string KnownLabel = "A clinician has seen this and it has not changed";

    /// <summary>The form field that marks a sign known.</summary>
    public static string KnownField(string sign) => "known-" + sign;

    public static bool IsYes(string? value) => value is "yes" or "on" or "true";

    /// <summary>The check-in the form describes, and a message for each answer that could not be read.</summary>
    public static (PainCheckin Checkin, List<ValidationProblem> Problems) Read(
        IReadOnlyDictionary<string, string> form,
        string athleteId,
        DateOnly today
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
            var match = Enum.GetValues<T>()
                .Where(v => Wire(v) == text && question.Options.Any(o => o.Wire == text))
                .ToList();
            if (match.Count == 1)
                return match[0];
            problems.Add(new(question.Name, $"Choose one answer to: {question.Legend.ToLowerInvariant()}."));
            return default;
        }

        int? pain = null;
        if (string.IsNullOrEmpty(Value("pain")))
            problems.Add(new("pain", "Give your low-back pain as a whole number from 0 (none) to 10 (the worst)."));
        else if (int.TryParse(Value("pain"), out var score) && score is >= 0 and <= 10)
            pain = score;
        else
            problems.Add(new("pain", "Give your low-back pain as a whole number from 0 (none) to 10 (the worst)."));

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
        problems.AddRange(invalid.Where(p => p.Field != "athleteId" && problems.All(q => q.Field != p.Field)));
        return (cleaned, problems);
    }

    public static string Wire<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
