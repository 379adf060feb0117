namespace BackSignal.Core.Model;

/// <summary>A planned period's kind: a hard block or peak, a lighter stretch, or the way back after injury.</summary>
public enum PlanKind
{
    Overreach,
    Deload,
    Return,
}

/// <summary>
/// A period the athlete or the coach marked as planned (docs/plans.md): during an overreach the load rules are
/// stored, not emailed; during a return the ramp is held to the return-after-break limits for four weeks. Pain and
/// see-a-doctor alerts are never quieted by a plan.
/// </summary>
public sealed record PlannedPeriod(PlanKind Kind, DateOnly From, DateOnly To, string By)
{
    /// <summary>How long a return is ramped, from its first day.</summary>
    public const int ReturnRampDays = 28;

    public bool Covers(DateOnly day) => day >= From && day <= To;

    /// <summary>Days a plan's rules reach: a return ramps for four weeks even if its period is set shorter.</summary>
    public DateOnly Until => Kind == PlanKind.Return ? Max(To, From.AddDays(ReturnRampDays - 1)) : To;

    public string Describe() =>
        $"{Kind.ToString().ToLowerInvariant()} {From:yyyy-MM-dd} to {To:yyyy-MM-dd} (set by {By})";

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

public static class Plans
{
    /// <summary>The plan of <paramref name="kind"/> covering <paramref name="day"/>, if any.</summary>
    public static PlannedPeriod? Covering(this AthleteProfile profile, PlanKind kind, DateOnly day) =>
        profile.Plans?.LastOrDefault(p => p.Kind == kind && day >= p.From && day <= p.Until);

    /// <summary>The profile with <paramref name="plan"/> added (a same period of the same kind is replaced).</summary>
    public static AthleteProfile WithPlan(this AthleteProfile profile, PlannedPeriod plan) =>
        profile with
        {
            Plans =
            [
                .. (profile.Plans ?? []).Where(p => !(p.Kind == plan.Kind && p.From == plan.From && p.To == plan.To)),
                plan,
            ],
        };
}
