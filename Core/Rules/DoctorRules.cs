using BackSignal.Core.Localization;
using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// The see-a-doctor rules (docs/checkin.md, the tier table after the NHS patient guidance for back pain), evaluated on
/// each check-in together with the athlete's earlier ones: one alert per check-in day, of the most urgent tier among
/// the signs that are new, with every sign in the evidence (for the athlete's eyes: the coach's email leaves the
/// evidence out). Signs a clinician has seen and that have not changed (<see cref="PainCheckin.Known"/>) are listed
/// in a quieter form and decide the tier only when nothing new is reported.
/// </summary>
public sealed class SeeADoctorRule : IAlertRule
{
    public const string Emergency = "see-doctor-emergency";
    public const string Urgent = "see-doctor-urgent";
    public const string Soon = "see-doctor-soon";

    public string Name => "see-a-doctor";

    /// <summary>
    /// What to do, in the reader's language and with their country's numbers (the text is in Localization/Texts.resx,
    /// after the national patient guidance: what to call differs by country, what to fear does not).
    /// </summary>
    public static string AdviceOf(AlertTier tier, SafetyLines safety) =>
        tier switch
        {
            AlertTier.Emergency => safety.Words["Doctor.Advice.Emergency", safety.Emergency],
            AlertTier.Urgent => safety.Words[
                "Doctor.Advice.Urgent",
                safety.UrgentCall,
                safety.Emergency,
                safety.Words["Doctor.EmergencySigns"]
            ],
            _ => safety.Words["Doctor.Advice.Soon"],
        };

    /// <summary>What to do, in one sentence: the first line of every doctor email and page.</summary>
    public static string ActionOf(AlertTier tier, SafetyLines safety) =>
        tier switch
        {
            AlertTier.Emergency => safety.Words["Doctor.Action.Emergency", safety.Emergency],
            AlertTier.Urgent => safety.Words["Doctor.Action.Urgent"],
            _ => safety.Words["Doctor.Action.Soon"],
        };

    /// <summary>What the tier means, said to a coach about the athlete ("signs that need …").</summary>
    public static string NeedOf(AlertTier tier, Words words) =>
        words[
            tier switch
            {
                AlertTier.Emergency => "Doctor.Need.Emergency",
                AlertTier.Urgent => "Doctor.Need.Urgent",
                _ => "Doctor.Need.Soon",
            }
        ];

    public static string RuleOf(AlertTier tier) =>
        tier switch
        {
            AlertTier.Emergency => Emergency,
            AlertTier.Urgent => Urgent,
            _ => Soon,
        };

    public IEnumerable<Alert> Evaluate(RuleContext context)
    {
        foreach (var checkin in context.CheckinsInRange)
            if (Assess(checkin, context) is { } alert)
                yield return alert;
    }

    /// <summary>
    /// The tier one check-in reaches, with its history in <see cref="RuleContext.Checkins"/>, as an alert with its
    /// signs, or null: what the check-in channel shows at once and what the pipeline stores and emails.
    /// </summary>
    public static Alert? Assess(PainCheckin checkin, RuleContext context) =>
        AlertOf(checkin, Findings(checkin, context), context.Safety);

    /// <summary>The alert of a check-in's <see cref="Findings"/>, worked out once (null when none).</summary>
    public static Alert? AlertOf(PainCheckin checkin, IReadOnlyList<DoctorFinding> findings, SafetyLines safety)
    {
        var words = safety.Words;
        if (findings.Count == 0)
            return null;
        var fresh = findings.Where(f => !f.Known).ToList();
        var tier = (fresh.Count > 0 ? fresh : findings).Max(f => f.Tier);
        var day = words.Date(checkin.Date);
        var evidence =
            fresh.Count > 0
                ? words[
                    "Doctor.Evidence",
                    day,
                    string.Join(words["Format.ListSeparator"], fresh.Select(f => f.Description))
                ]
                : words["Doctor.Evidence.None", day];
        var known = findings.Where(f => f.Known).ToList();
        if (known.Count > 0)
            evidence +=
                " "
                + words[
                    "Doctor.Evidence.Known",
                    string.Join(words["Format.ListSeparator"], known.Select(f => f.Description))
                ];
        return new Alert(RuleOf(tier), checkin.Date, tier, evidence, AdviceOf(tier, safety))
        {
            Signs = [.. findings.Select(f => f.Sign).Distinct()],
            KnownSigns = [.. known.Select(f => f.Sign).Distinct()],
        };
    }

    /// <summary>
    /// Every finding of a check-in: its answers against the tier table, the health context, and its history (new
    /// pain with a risk factor, persistent pain, flare-ups). A finding is known only when the check-in marks all its
    /// signs known and an earlier check-in reported the same finding: the first report is never known.
    /// </summary>
    public static IReadOnlyList<DoctorFinding> Findings(PainCheckin checkin, RuleContext context)
    {
        var words = context.Safety.Words;
        var answers = AnswerFindings(checkin, context.Profile, words).ToList();
        if (answers.Any(f => f.Fields.All(checkin.MarksKnown)))
        {
            var reportedBefore = context
                .Checkins.Where(c => c.Date < checkin.Date)
                .SelectMany(c => AnswerFindings(c, context.Profile, words))
                .Select(f => f.Sign)
                .ToHashSet(StringComparer.Ordinal);
            answers =
            [
                .. answers.Select(f =>
                    f with
                    {
                        Known =
                            f.Fields.Count > 0 && f.Fields.All(checkin.MarksKnown) && reportedBefore.Contains(f.Sign),
                    }
                ),
            ];
        }
        return [.. answers, .. PainHistory.Findings(checkin, context)];
    }

    /// <summary>The findings of the answers themselves (and the health context they meet), by tier.</summary>
    private static IEnumerable<DoctorFinding> AnswerFindings(PainCheckin c, AthleteProfile? profile, Words words)
    {
        DoctorFinding F(AlertTier tier, string sign, string text, params string[] fields) =>
            new(sign, fields.Length == 0 ? [sign] : fields, tier, text);
        string Said(string sign) => words["Doctor.Sign." + sign];
        const AlertTier E = AlertTier.Emergency;
        const AlertTier U = AlertTier.Urgent;
        const AlertTier S = AlertTier.Soon;

        foreach (
            var (reported, sign) in new[]
            {
                (c.SaddleNumbness, "saddleNumbness"),
                (c.BladderBowel, "bladderBowel"),
                (c.SexualDysfunction, "sexualDysfunction"),
                (c.ChestPain, "chestPain"),
            }
        )
            if (reported)
                yield return F(E, sign, Said(sign));
        if (c.LegPain == LegPain.Both)
            yield return F(E, "legPain:both", Said("legPain:both"), "legPain");
        if (c.Numbness == Numbness.BothLegs)
            yield return F(E, "numbness:both-legs", Said("numbness:both-legs"), "numbness");

        var weak = c.Weakness != Weakness.None || c.WeaknessSide != WeaknessSide.None;
        if (c.Weakness is Weakness.Severe or Weakness.Worsening)
        {
            var sign = $"weakness:{(c.Weakness == Weakness.Severe ? "severe" : "worsening")}";
            yield return F(E, sign, Said(sign), "weakness");
        }
        else if (c.WeaknessSide == WeaknessSide.Both)
            yield return F(E, "weakness:both", Said("weakness:both"), "weakness");
        if (c.Trauma == Trauma.Major)
            yield return F(E, "trauma:major", Said("trauma:major"), "trauma");

        foreach (
            var (reported, sign) in new[]
            {
                (c.Fever, "fever"),
                (c.WeightLoss, "weightLoss"),
                (c.BackLump, "backLump"),
                (c.NightPain, "nightPain"),
                (c.NotEasedByRest, "notEasedByRest"),
                (c.CoughSneeze, "coughSneeze"),
                (c.UpperBackPain, "upperBackPain"),
                (c.GaitChange, "gaitChange"),
            }
        )
            if (reported)
                yield return F(U, sign, Said(sign));

        // One-sided sciatica: on its own book a GP; with weakness (not both legs, which is above) within 24 hours.
        var oneSided = OneSided(c);
        var mildOneSide = weak && c.Weakness is Weakness.None or Weakness.Mild && c.WeaknessSide != WeaknessSide.Both;
        if (oneSided is { } sciatica && mildOneSide)
            yield return F(
                U,
                sciatica.Sign + "+weakness",
                words["Doctor.Sign.WithWeakness", Said(sciatica.Sign)],
                [.. sciatica.Fields, "weakness"]
            );
        else if (oneSided is { } alone)
            yield return F(S, alone.Sign, Said(alone.Sign), alone.Fields);
        else if (mildOneSide)
            yield return F(S, "weakness:mild-one", Said("weakness:mild-one"), "weakness");

        if (c.Trauma is Trauma.Minor or Trauma.Lift)
        {
            var sign = c.Trauma == Trauma.Lift ? "trauma:lift" : "trauma:minor";
            var age = profile?.AgeOn(c.Date);
            var bones =
                age >= 50 ? words["Doctor.Risk.Age", age]
                : profile?.Osteoporosis == true ? words["Doctor.Risk.Osteoporosis"]
                : profile?.LongTermSteroids == true ? words["Doctor.Risk.Steroids"]
                : null;
            yield return bones is null
                ? F(S, sign, Said(sign), "trauma")
                : F(U, sign, words["Doctor.Sign.WithFractureRisk", Said(sign), bones], "trauma");
        }
        if (c.Unwell && !c.Fever)
            yield return F(S, "unwell", Said("unwell"));
    }

    /// <summary>Pain shooting down one leg, or numbness in one leg (sciatica), as a sign; null when neither.</summary>
    private static (string Sign, string[] Fields)? OneSided(PainCheckin c)
    {
        var leg = c.LegPain is LegPain.Left or LegPain.Right;
        var numb = c.Numbness == Numbness.OneLeg;
        var side = c.LegPain.ToString().ToLowerInvariant();
        return (leg, numb) switch
        {
            (true, true) => ($"legPain:{side}+numbness:one-leg", new[] { "legPain", "numbness" }),
            (true, false) => ($"legPain:{side}", new[] { "legPain" }),
            (false, true) => ("numbness:one-leg", new[] { "numbness" }),
            _ => null,
        };
    }
}

/// <summary>
/// One sign of a check-in at its tier: <see cref="Sign"/> names the sign and its answer (a change of answer is a
/// new sign), <see cref="Fields"/> the check-in fields that must all be marked known for it to be known.
/// </summary>
public sealed record DoctorFinding(string Sign, IReadOnlyList<string> Fields, AlertTier Tier, string Description)
{
    public bool Known { get; init; }
}
