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

    public const string EmergencySignsLine =
        "numbness between the legs or around the genitals or buttocks, new trouble passing or holding urine or "
        + "stool, numbness, tingling or weakness in both legs, or chest pain";

    public const string EmergencyAdvice =
        "Call the emergency number now or go to an emergency department; do not wait for an appointment. These "
        + "signs can mean pressure on the nerves at the base of the spine, a serious injury or a problem that is not "
        + "in the back at all, and need treatment within hours. Do not train, and do not drive yourself if you can "
        + "avoid it.";

    public const string UrgentAdvice =
        "See a doctor today or within 24 hours: ask for an urgent GP appointment, go to an urgent care centre, or "
        + "call a telephone health line (111 in England). Stop loaded training until you have been seen; gentle "
        + "walking is fine if it does not make things worse. If any of these appear, call the emergency number: "
        + EmergencySignsLine
        + ".";

    public const string SoonAdvice =
        "Book a GP or physiotherapist within about a week; sooner if it gets worse. Painkillers can ease the pain "
        + "but do not replace an assessment. Until then keep moving gently, reduce spine-loading work (deadlifts, "
        + "squats, rows) and avoid what provokes the pain.";

    public static string AdviceOf(AlertTier tier) =>
        tier switch
        {
            AlertTier.Emergency => EmergencyAdvice,
            AlertTier.Urgent => UrgentAdvice,
            _ => SoonAdvice,
        };

    /// <summary>What to do, in one sentence: the first line of every doctor email and page.</summary>
    public static string ActionOf(AlertTier tier) =>
        tier switch
        {
            AlertTier.Emergency =>
                $"Call the emergency number now ({SafetyNet.EmergencyNumbers}), or go to an emergency department.",
            AlertTier.Urgent => "See a doctor today or within 24 hours.",
            _ => "Book a GP or physiotherapist within about a week.",
        };

    /// <summary>What the tier means, said to a coach about the athlete ("signs that need …").</summary>
    public static string NeedOf(AlertTier tier) =>
        tier switch
        {
            AlertTier.Emergency => "emergency care",
            AlertTier.Urgent => "a doctor within 24 hours",
            _ => "a GP or physiotherapist within about a week",
        };

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
        AlertOf(checkin, Findings(checkin, context));

    /// <summary>The alert of a check-in's <see cref="Findings"/>, worked out once (null when none).</summary>
    public static Alert? AlertOf(PainCheckin checkin, IReadOnlyList<DoctorFinding> findings)
    {
        if (findings.Count == 0)
            return null;
        var fresh = findings.Where(f => !f.Known).ToList();
        var tier = (fresh.Count > 0 ? fresh : findings).Max(f => f.Tier);
        var evidence =
            $"Your check-in of {checkin.Date:yyyy-MM-dd} reported: "
            + (fresh.Count > 0 ? string.Join("; ", fresh.Select(f => f.Description)) + "." : "no new sign.");
        var known = findings.Where(f => f.Known).ToList();
        if (known.Count > 0)
            evidence +=
                " Seen by a clinician and unchanged, as you told us: "
                + string.Join("; ", known.Select(f => f.Description))
                + ".";
        return new Alert(RuleOf(tier), checkin.Date, tier, evidence, AdviceOf(tier))
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
        var answers = AnswerFindings(checkin, context.Profile).ToList();
        if (answers.Any(f => f.Fields.All(checkin.MarksKnown)))
        {
            var reportedBefore = context
                .Checkins.Where(c => c.Date < checkin.Date)
                .SelectMany(c => AnswerFindings(c, context.Profile))
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
    private static IEnumerable<DoctorFinding> AnswerFindings(PainCheckin c, AthleteProfile? profile)
    {
        static DoctorFinding F(AlertTier tier, string sign, string text, params string[] fields) =>
            new(sign, fields.Length == 0 ? [sign] : fields, tier, text);
        const AlertTier E = AlertTier.Emergency;
        const AlertTier U = AlertTier.Urgent;
        const AlertTier S = AlertTier.Soon;

        if (c.SaddleNumbness)
            yield return F(
                E,
                "saddleNumbness",
                "numbness or tingling between the legs (the saddle area: genitals, buttocks, inner thighs)"
            );
        if (c.BladderBowel)
            yield return F(E, "bladderBowel", "new trouble starting or controlling urine or stool");
        if (c.SexualDysfunction)
            yield return F(E, "sexualDysfunction", "new loss of sexual function or genital sensation");
        if (c.ChestPain)
            yield return F(E, "chestPain", "chest pain");
        if (c.LegPain == LegPain.Both)
            yield return F(E, "legPain:both", "pain shooting down both legs", "legPain");
        if (c.Numbness == Numbness.BothLegs)
            yield return F(E, "numbness:both-legs", "numbness or tingling in both legs", "numbness");

        var weak = c.Weakness != Weakness.None || c.WeaknessSide != WeaknessSide.None;
        if (c.Weakness is Weakness.Severe or Weakness.Worsening)
            yield return F(
                E,
                $"weakness:{(c.Weakness == Weakness.Severe ? "severe" : "worsening")}",
                $"{(c.Weakness == Weakness.Severe ? "severe" : "worsening")} weakness in a leg or foot",
                "weakness"
            );
        else if (c.WeaknessSide == WeaknessSide.Both)
            yield return F(E, "weakness:both", "weakness in both legs", "weakness");
        if (c.Trauma == Trauma.Major)
            yield return F(
                E,
                "trauma:major",
                "pain after a major injury (a road accident, a fall, a heavy impact)",
                "trauma"
            );

        if (c.Fever)
            yield return F(U, "fever", "a fever");
        if (c.WeightLoss)
            yield return F(U, "weightLoss", "weight lost without trying");
        if (c.BackLump)
            yield return F(U, "backLump", "a lump or swelling in the back, or a change in its shape");
        if (c.NightPain)
            yield return F(U, "nightPain", "pain that is much worse at night or wakes you");
        if (c.NotEasedByRest)
            yield return F(U, "notEasedByRest", "pain that lying down or rest does not ease");
        if (c.CoughSneeze)
            yield return F(U, "coughSneeze", "pain made worse by coughing, sneezing or straining");
        if (c.UpperBackPain)
            yield return F(U, "upperBackPain", "pain between the shoulder blades");
        if (c.GaitChange)
            yield return F(U, "gaitChange", "new difficulty walking");

        // One-sided sciatica: on its own book a GP; with weakness (not both legs, which is above) within 24 hours.
        var oneSided = OneSided(c);
        var mildOneSide = weak && c.Weakness is Weakness.None or Weakness.Mild && c.WeaknessSide != WeaknessSide.Both;
        if (oneSided is { } sciatica && mildOneSide)
            yield return F(
                U,
                sciatica.Sign + "+weakness",
                $"{sciatica.Text} with weakness",
                [.. sciatica.Fields, "weakness"]
            );
        else if (oneSided is { } alone)
            yield return F(S, alone.Sign, alone.Text, alone.Fields);
        else if (mildOneSide)
            yield return F(S, "weakness:mild-one", "mild weakness in one leg or foot", "weakness");

        if (c.Trauma is Trauma.Minor or Trauma.Lift)
        {
            var what = c.Trauma == Trauma.Lift ? "a sudden pain during a lift" : "pain after a fall or knock";
            var sign = c.Trauma == Trauma.Lift ? "trauma:lift" : "trauma:minor";
            var age = profile?.AgeOn(c.Date);
            var bones =
                age >= 50 ? $"age {age}"
                : profile?.Osteoporosis == true ? "osteoporosis"
                : profile?.LongTermSteroids == true ? "long-term steroids"
                : null;
            yield return bones is null
                ? F(S, sign, what, "trauma")
                : F(U, sign, $"{what}, with {bones} (a risk of fracture)", "trauma");
        }
        if (c.Unwell && !c.Fever)
            yield return F(S, "unwell", "feeling generally unwell");
    }

    /// <summary>Pain shooting down one leg, or numbness in one leg (sciatica), described; null when neither.</summary>
    private static (string Sign, string Text, string[] Fields)? OneSided(PainCheckin c)
    {
        var leg = c.LegPain is LegPain.Left or LegPain.Right;
        var numb = c.Numbness == Numbness.OneLeg;
        var side = c.LegPain.ToString().ToLowerInvariant();
        return (leg, numb) switch
        {
            (true, true) => (
                $"legPain:{side}+numbness:one-leg",
                $"pain and numbness down the {side} leg",
                new[] { "legPain", "numbness" }
            ),
            (true, false) => ($"legPain:{side}", $"pain shooting down the {side} leg", new[] { "legPain" }),
            (false, true) => ("numbness:one-leg", "numbness or tingling in one leg", new[] { "numbness" }),
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
