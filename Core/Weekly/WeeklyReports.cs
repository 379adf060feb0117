using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;

namespace BackSignal.Core.Weekly;

/// <summary>Reads what a weekly summary or a coach digest shows from storage.</summary>
public sealed class WeeklyReports(AthleteStore athletes, TrainingStore training)
{
    public async Task<WeeklySummary> SummaryAsync(AthleteProfile profile, IsoWeek week, CancellationToken ct)
    {
        var from = week.Sunday.AddDays(-62);
        var days = await training.GetDaysAsync(profile.AthleteId, from, week.Sunday, ct);
        var metrics = (await training.GetMetricsAsync(profile.AthleteId, from, week.Sunday, ct)).ToDictionary(m => m.Date);
        var joined = days.Where(d => metrics.ContainsKey(d.Date)).Select(d => (d, metrics[d.Date])).ToList();
        var checkins = await training.GetCheckinsAsync(profile.AthleteId, from, week.Sunday, ct);
        var alerts = (await training.GetAlertsAsync(profile.AthleteId, week.Monday, ct)).Select(a => a.Alert).Where(a => a.Date <= week.Sunday).ToList();
        return WeeklySummaries.Build(profile, week, joined, checkins, alerts);
    }

    /// <summary>The coach's athletes and one digest row each; pain and doctor alerts only with the athlete's consent.</summary>
    public async Task<(string? CoachEmail, IReadOnlyList<DigestRow> Rows)> DigestAsync(string coachRef, IsoWeek week, CancellationToken ct)
    {
        var theirs = (await athletes.ListAsync(ct)).Where(a => a.CoachEmail is { } c && CoachRefs.Of(c) == coachRef).ToList();
        var rows = new List<DigestRow>();
        foreach (var athlete in theirs)
        {
            var sunday = (await training.GetMetricsAsync(athlete.AthleteId, week.Sunday, week.Sunday, ct)).FirstOrDefault();
            var alerts = (await training.GetAlertsAsync(athlete.AthleteId, week.Monday, ct)).Select(a => a.Alert).Where(a => a.Date <= week.Sunday).ToList();
            double? pain = null;
            if (athlete.ShareWithCoach)
            {
                var checkins = await training.GetCheckinsAsync(athlete.AthleteId, week.Monday, week.Sunday, ct);
                pain = checkins.Count > 0 ? checkins.Average(c => c.Pain) : null;
            }
            rows.Add(new DigestRow(
                athlete.DisplayName is { Length: > 0 } name ? name : athlete.AthleteId,
                sunday?.WeeklyLoad ?? 0, sunday?.WeeklyLoadChange, sunday?.AcwrEwma, sunday?.WeeklySpinalChange,
                alerts.Where(a => !a.IsDoctorAlert).Select(a => a.Rule).Distinct().ToList(),
                athlete.ShareWithCoach && alerts.Any(a => a.IsDoctorAlert),
                pain));
        }
        return (theirs.FirstOrDefault()?.CoachEmail, rows);
    }
}
