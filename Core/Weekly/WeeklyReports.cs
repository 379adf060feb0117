using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Weekly;

/// <summary>Reads what a weekly summary or a coach digest shows from storage.</summary>
public sealed class WeeklyReports(AthleteStore athletes, TrainingStore training, IOptions<AlertOptions> alertOptions)
{
    public async Task<WeeklySummary> SummaryAsync(AthleteProfile profile, IsoWeek week, CancellationToken ct)
    {
        var from = week.Sunday.AddDays(-62);
        var days = await training.GetDaysAsync(profile.AthleteId, from, week.Sunday, ct);
        var metrics = (await training.GetMetricsAsync(profile.AthleteId, from, week.Sunday, ct)).ToDictionary(m =>
            m.Date
        );
        var joined = days.Where(d => metrics.ContainsKey(d.Date)).Select(d => (d, metrics[d.Date])).ToList();
        var checkins = await training.GetCheckinsAsync(profile.AthleteId, from, week.Sunday, ct);
        var alerts = (await training.GetAlertsAsync(profile.AthleteId, week.Monday, ct))
            .Select(a => a.Alert)
            .Where(a => a.Date <= week.Sunday)
            .ToList();
        return WeeklySummaries.Build(profile, week, joined, checkins, alerts, alertOptions.Value);
    }

    /// <summary>The coach's athletes and one coach-safe digest row each (<see cref="DigestRow"/>).</summary>
    public async Task<(string? CoachEmail, IReadOnlyList<DigestRow> Rows)> DigestAsync(
        string coachRef,
        IsoWeek week,
        CancellationToken ct
    )
    {
        var theirs = await athletes.ListByCoachAsync(coachRef, ct);
        var rows = new List<DigestRow>();
        foreach (var athlete in theirs)
        {
            var sunday = (
                await training.GetMetricsAsync(athlete.AthleteId, week.Sunday, week.Sunday, ct)
            ).FirstOrDefault();
            var alerts = (await training.GetAlertsAsync(athlete.AthleteId, week.Monday, ct))
                .Select(a => a.Alert)
                .Where(a => a.Date <= week.Sunday)
                .ToList();
            var doctor = athlete.ShareWithCoach
                ? alerts
                    .Where(a => a.IsDoctorAlert)
                    .OrderByDescending(a => a.Tier)
                    .ThenByDescending(a => a.Date)
                    .FirstOrDefault()
                : null;
            rows.Add(
                new DigestRow(
                    athlete.DisplayName is { Length: > 0 } name ? name : athlete.AthleteId,
                    sunday?.WeeklyLoad ?? 0,
                    sunday?.WeeklyLoadChange,
                    sunday?.AcwrEwma,
                    sunday?.WeeklySpinalChange,
                    alerts
                        .Where(a => !a.IsDoctorAlert && (athlete.ShareWithCoach || !a.IsFromPain))
                        .Select(a => a.Title)
                        .Distinct()
                        .ToList(),
                    doctor is null ? null : $"{doctor.Tier.ToString().ToLowerInvariant()}, {doctor.Date:yyyy-MM-dd}"
                )
            );
        }
        return (theirs.FirstOrDefault()?.CoachEmail, rows);
    }
}
