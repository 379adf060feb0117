using BackSignal.Core.Model;

namespace BackSignal.Core.Rules;

/// <summary>
/// The see-a-doctor rules (DESIGN §6), evaluated on each check-in: the signs that need emergency care, a doctor
/// within a day, or a booked appointment. One alert per check-in day, of the most urgent tier found, with every
/// sign that tripped it in the evidence (for the athlete's eyes: the coach's email leaves the evidence out).
/// </summary>
public sealed class SeeADoctorRule : IAlertRule
{
    public const string Emergency = "see-doctor-emergency";
    public const string Urgent = "see-doctor-urgent";
    public const string Soon = "see-doctor-soon";

    public string Name => "see-a-doctor";

    public const string EmergencyAdvice =
        "Seek emergency care now: go to an emergency department or call your local emergency number. Do not wait "
        + "for an appointment. These signs can mean pressure on the nerves at the base of the spine or a serious "
        + "injury, which needs treatment within hours. Do not train.";

    public const string UrgentAdvice =
        "See a doctor today or within 24 hours (your GP the same day, an urgent care clinic, or a telephone health "
        + "line). Stop loaded training until you have been seen; gentle walking is fine if it does not make things "
        + "worse. If numbness around the groin, bladder or bowel problems, or weakness in both legs appear, go to "
        + "emergency care at once.";

    public const string SoonAdvice =
        "Book a GP or physiotherapist within about a week; sooner if it gets worse. Until then keep moving gently, "
        + "reduce spine-loading work (deadlifts, squats, rows) and avoid what provokes the pain.";

    public IEnumerable<Alert> Evaluate(RuleContext context)
    {
        foreach (var checkin in context.CheckinsInRange)
            if (Assess(checkin, context) is { } alert)
                yield return alert;
    }

    /// <summary>
    /// The tier one check-in reaches, as an alert with its signs, or null: what the check-in channel shows at once.
    /// </summary>
    public static Alert? Assess(PainCheckin checkin, RuleContext context)
    {
        var emergency = EmergencySigns(checkin).ToList();
        if (emergency.Count > 0)
            return new Alert(
                Emergency,
                checkin.Date,
                AlertTier.Emergency,
                Signs(checkin.Date, emergency),
                EmergencyAdvice
            );
        var urgent = UrgentSigns(checkin, context.Profile).ToList();
        if (urgent.Count > 0)
            return new Alert(Urgent, checkin.Date, AlertTier.Urgent, Signs(checkin.Date, urgent), UrgentAdvice);
        var soon = SoonSigns(checkin, context).ToList();
        return soon.Count > 0
            ? new Alert(Soon, checkin.Date, AlertTier.Soon, Signs(checkin.Date, soon), SoonAdvice)
            : null;
    }

    private static string Signs(DateOnly day, List<string> signs) =>
        $"Your check-in of {day:yyyy-MM-dd} reported: {string.Join("; ", signs)}.";

    private static IEnumerable<string> EmergencySigns(PainCheckin c)
    {
        if (c.Numbness == Numbness.Saddle)
            yield return "numbness around the genitals, buttocks or inner thighs (saddle area)";
        if (c.BladderBowel)
            yield return "new problems starting or controlling urine or stool";
        if (c.SexualDysfunction)
            yield return "new loss of sexual function or genital sensation";
        if (c.LegPain == LegPain.Both)
            yield return "pain shooting down both legs";
        if (c.Numbness == Numbness.BothLegs)
            yield return "numbness or tingling in both legs";
        if (c.Weakness is Weakness.Severe or Weakness.Worsening)
            yield return $"{(c.Weakness == Weakness.Severe ? "severe" : "worsening")} leg weakness";
        if (c.Trauma == Trauma.Major)
            yield return "pain after a major injury (a road accident, a fall from a height, a heavy impact)";
    }

    private static IEnumerable<string> UrgentSigns(PainCheckin c, AthleteProfile? profile)
    {
        var oneSided = OneSided(c);
        if (oneSided is not null && c.Weakness == Weakness.Mild)
            yield return $"{oneSided} with leg weakness";
        if (c.GaitChange)
            yield return "new difficulty walking";
        if (c.Fever)
            yield return "fever";
        if (c.NightPain && c.NotEasedByRest)
            yield return "pain at night that rest does not ease";
        if (c.UpperBackPain)
            yield return "pain between the shoulder blades or in the chest wall";
        if (c.Trauma == Trauma.Minor && profile is not null)
        {
            var age = profile.AgeOn(c.Date);
            var bones =
                age >= 50 ? $"age {age}"
                : profile.Osteoporosis ? "osteoporosis"
                : profile.LongTermSteroids ? "long-term steroids"
                : null;
            if (bones is not null)
                yield return $"pain after a fall or knock, with {bones} (a risk of fracture)";
        }
        if (profile is { CancerHistory: true } or { Immunosuppressed: true })
        {
            var risk = profile.CancerHistory ? "a history of cancer" : "a weakened immune system";
            if (c.NightPain)
                yield return $"night pain, with {risk}";
            if (c.NotEasedByRest)
                yield return $"pain that rest does not ease, with {risk}";
            if (c.WeightLoss)
                yield return $"weight lost without trying, with {risk}";
        }
    }

    /// <summary>Pain shooting down one leg, or numbness in one leg (sciatica), described; null when neither.</summary>
    private static string? OneSided(PainCheckin c) =>
        c.LegPain is LegPain.Left or LegPain.Right
            ? $"pain shooting down the {c.LegPain.ToString().ToLowerInvariant()} leg"
        : c.Numbness == Numbness.OneLeg ? "numbness or tingling in one leg"
        : null;

    private static IEnumerable<string> SoonSigns(PainCheckin c, RuleContext context)
    {
        var o = context.Alerts;
        if (OneSided(c) is { } sciatica)
            yield return sciatica;
        if (c.NightPain)
            yield return "pain that wakes you at night";
        if (c.NotEasedByRest)
            yield return "pain that rest does not ease";
        if (c.WeightLoss)
            yield return "weight lost without trying";
        if (c.Unwell)
            yield return "feeling generally unwell";
        if (c.Trauma == Trauma.Minor)
            yield return "pain after a fall or knock";
        if (c.Pain >= o.SoonPain)
            yield return $"pain {c.Pain}/10";

        // Persistent: pain at the threshold on most check-ins for longer than the recovery window.
        var windowStart = c.Date.AddDays(-o.RecoveryWindowDays);
        if (c.Pain >= o.PersistentPain && context.Checkins.Count > 0 && context.Checkins[0].Date <= windowStart)
        {
            var window = context.Checkins.Where(x => x.Date >= windowStart && x.Date <= c.Date).ToList();
            var painful = window.Count(x => x.Pain >= o.PersistentPain);
            if (painful * 2 > window.Count)
                yield return $"pain of {o.PersistentPain}/10 or more on {painful} of your {window.Count} check-ins "
                    + $"over the last {o.RecoveryWindowDays + 1} days";
        }

        // Flare-ups: pain at the threshold after a pain-free check-in, counted over the window.
        var flareFrom = c.Date.AddDays(1 - o.FlareUpWindowDays);
        var flares = 0;
        PainCheckin? previous = null;
        foreach (var x in context.Checkins.Where(x => x.Date <= c.Date))
        {
            if (x.Date >= flareFrom && previous is not null && previous.Pain <= 1 && x.Pain >= o.FlareUpPain)
                flares++;
            previous = x;
        }
        var isFlare = context.Checkins.LastOrDefault(x => x.Date < c.Date) is { Pain: <= 1 } && c.Pain >= o.FlareUpPain;
        if (isFlare && flares >= o.FlareUps)
            yield return $"{flares} flare-ups (pain of {o.FlareUpPain}/10 or more after a pain-free day) in the last "
                + $"{o.FlareUpWindowDays} days";
    }
}
