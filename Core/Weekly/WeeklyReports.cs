using BackSignal.Core.Email;
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
        var workouts = (await training.GetWorkoutsAsync(profile.AthleteId, week.Monday.AddDays(-1), ct))
            .Where(w => w.Day <= week.Sunday)
            .Select(w => w.Workout)
            .ToList();
        return WeeklySummaries.Build(profile, week, joined, checkins, alerts, alertOptions.Value, workouts);
    }

    /// <summary>The coach's athletes and one coach-safe digest row each (<see cref="DigestRow"/>).</summary>
    public async Task<(string? CoachEmail, IReadOnlyList<DigestRow> Rows)> DigestAsync(
        string coachRef,
        IsoWeek week,
        CancellationToken ct,
        Localization.Words? words = null
    )
    {
        words ??= Localization.Words.English;
        var theirs = await athletes.ListByCoachAsync(coachRef, ct);
        var rows = new List<DigestRow>();
        foreach (var athlete in theirs)
        {
            // The athlete's own summary: the coach sees the same changes against the same usual weeks.
            var summary = await SummaryAsync(athlete, week, ct);
            var alerts = summary.Alerts;
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
                    summary.Load.ThisWeek,
                    summary.Load.Change,
                    // No ratio before four weeks of continuous training: a new or returning athlete is not "high".
                    summary.MeaningfulAcwr,
                    summary.SpinalLoadKg.Change,
                    alerts
                        .Where(a => !a.IsDoctorAlert && AlertEmails.CoachMaySee(athlete, a))
                        .Select(a => a.TitleIn(words))
                        .Distinct()
                        .ToList(),
                    doctor is null ? null : $"{words[$"Coach.Tier.{doctor.Tier}"]}, {words.Date(doctor.Date)}"
                )
            );
        }
        return (theirs.FirstOrDefault()?.CoachEmail, rows);
    }
}
