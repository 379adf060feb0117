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

    public IEnumerable<Alert> Evaluate(RuleContext context)
    {
        foreach (var checkin in context.CheckinsInRange)
        {
            var emergency = EmergencySigns(checkin).ToList();
            if (emergency.Count > 0)
            {
                yield return new Alert(Emergency, checkin.Date, AlertTier.Emergency, Signs(checkin.Date, emergency),
                    "Seek emergency care now: go to an emergency department or call your local emergency number. These signs can mean pressure on the nerves at the base of the spine, which needs treatment within hours. Do not wait for it to settle, and do not train.");
                continue;
            }
            var urgent = UrgentSigns(checkin).ToList();
            if (urgent.Count > 0)
            {
                yield return new Alert(Urgent, checkin.Date, AlertTier.Urgent, Signs(checkin.Date, urgent),
                    "See a doctor within a day (your GP, an urgent care clinic, or a telephone health line). Stop loaded training until you have been seen; gentle walking is fine if it does not make the symptoms worse. If new numbness around the groin, bladder or bowel problems, or weakness in both legs appear, seek emergency care at once.");
                continue;
            }
            var soon = SoonSigns(checkin, context).ToList();
            if (soon.Count > 0)
                yield return new Alert(Soon, checkin.Date, AlertTier.Soon, Signs(checkin.Date, soon),
                    "Book an appointment with a doctor or physiotherapist in the coming days. Until then keep moving gently, reduce spine-loading work (deadlifts, squats, rows) and avoid the movements that provoke the pain.");
        }
    }

    private static string Signs(DateOnly day, List<string> signs) => $"Your check-in of {day:yyyy-MM-dd} reported: {string.Join("; ", signs)}.";

    private static IEnumerable<string> EmergencySigns(PainCheckin c)
    {
        if (c.Numbness == Numbness.Saddle) yield return "numbness around the genitals or buttocks (saddle area)";
        if (c.BladderBowel) yield return "new problems controlling bladder or bowel";
        if (c.LegPain == LegPain.Both) yield return "pain in both legs";
        if (c.Numbness == Numbness.BothLegs) yield return "numbness or tingling in both legs";
        if (c.Weakness is Weakness.Severe or Weakness.Worsening) yield return $"{(c.Weakness == Weakness.Severe ? "severe" : "worsening")} leg weakness";
    }

    private static IEnumerable<string> UrgentSigns(PainCheckin c)
    {
        if (c.LegPain is LegPain.Left or LegPain.Right) yield return $"pain running down the {c.LegPain.ToString().ToLowerInvariant()} leg";
        if (c.Numbness == Numbness.OneLeg) yield return "numbness or tingling in one leg";
        if (c.Weakness == Weakness.Mild) yield return "leg weakness";
        if (c.NightPain) yield return "pain that wakes you at night";
        if (c.NotEasedByRest) yield return "pain that rest does not ease";
        if (c.GaitChange) yield return "a change in how you walk";
        if (c.Fever && c.Pain > 0) yield return "fever together with back pain";
        if (c.Trauma) yield return "pain after a fall or impact";
    }

    private static IEnumerable<string> SoonSigns(PainCheckin c, RuleContext context)
    {
        var o = context.Alerts;
        if (c.Pain >= o.SoonPain) yield return $"pain {c.Pain}/10";

        // Persistent: pain at the threshold on most check-ins for longer than the recovery window.
        var windowStart = c.Date.AddDays(-o.RecoveryWindowDays);
        if (c.Pain >= o.PersistentPain && context.Checkins.Count > 0 && context.Checkins[0].Date <= windowStart)
        {
            var window = context.Checkins.Where(x => x.Date >= windowStart && x.Date <= c.Date).ToList();
            var painful = window.Count(x => x.Pain >= o.PersistentPain);
            if (painful * 2 > window.Count)
                yield return $"pain of {o.PersistentPain}/10 or more on {painful} of your {window.Count} check-ins over the last {o.RecoveryWindowDays + 1} days";
        }

        // Flare-ups: pain at the threshold after a pain-free check-in, counted over the window.
        var flareFrom = c.Date.AddDays(1 - o.FlareUpWindowDays);
        var flares = 0;
        PainCheckin? previous = null;
        foreach (var x in context.Checkins.Where(x => x.Date <= c.Date))
        {
            if (x.Date >= flareFrom && previous is not null && previous.Pain <= 1 && x.Pain >= o.FlareUpPain) flares++;
            previous = x;
        }
        var isFlare = context.Checkins.LastOrDefault(x => x.Date < c.Date) is { Pain: <= 1 } && c.Pain >= o.FlareUpPain;
        if (isFlare && flares >= o.FlareUps) yield return $"{flares} flare-ups (pain of {o.FlareUpPain}/10 or more after a pain-free day) in the last {o.FlareUpWindowDays} days";
    }
}
