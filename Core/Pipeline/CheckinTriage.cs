using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Pipeline;

/// <summary>
/// Assesses a check-in as the pipeline will, before it is queued: today's answers merged into the day's stored ones,
/// with the stored check-ins of the pain windows (persistent pain, flare-ups, new pain with a risk factor), through
/// the same <see cref="SeeADoctorRule"/> — so the page and the CLI show at once the tier the email will carry.
/// </summary>
public sealed class CheckinTriage(TrainingStore training, Recalculation calculation)
{
    public async Task<CheckinAssessment> AssessAsync(
        AthleteProfile profile,
        PainCheckin checkin,
        CancellationToken ct
    ) => Assess(profile, checkin, await StoredAsync(profile, checkin.Date, checkin.Date, ct));

    /// <summary>
    /// The stored check-ins that assessments of the days <paramref name="first"/> to <paramref name="last"/> need:
    /// as far back as the pipeline reads them (<see cref="Recalculation.PainDays"/>), so both reach the same tier.
    /// </summary>
    public Task<IReadOnlyList<PainCheckin>> StoredAsync(
        AthleteProfile profile,
        DateOnly first,
        DateOnly last,
        CancellationToken ct
    ) => training.GetCheckinsAsync(profile.AthleteId, first.AddDays(-calculation.PainDays(profile)), last, ct);

    /// <summary>The assessment against check-ins already read (<paramref name="stored"/>, any days).</summary>
    public CheckinAssessment Assess(AthleteProfile profile, PainCheckin checkin, IEnumerable<PainCheckin> stored)
    {
        var earlier = stored.Where(c => c.Date <= checkin.Date).ToList();
        var today = checkin.MergedInto(earlier.LastOrDefault(c => c.Date == checkin.Date));
        var history = PainCheckin.OnePerDay(earlier.Where(c => c.Date != checkin.Date).Append(today));
        var context = new RuleContext([], calculation.Metrics, calculation.AlertsFor(profile))
        {
            Profile = profile,
            Checkins = history,
        };
        return CheckinAssessment.Of(today, context);
    }
}
