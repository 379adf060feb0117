using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Pipeline;

/// <summary>Check-ins and alerts end to end: queues, handlers, Azurite and the SendGrid sink.</summary>
[Collection(StorageCollection.Name)]
public class CheckinAlertTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static PainCheckin Saddle(string athleteId) =>
        new()
        {
            AthleteId = athleteId,
            Date = Today,
            Pain = 6,
            Numbness = Numbness.Saddle,
            LegPain = LegPain.Both,
            Note = "numb since this morning",
        };

    [Fact]
    public async Task Saddle_numbness_reaches_the_athlete_as_an_emergency_and_the_consenting_coach_without_symptoms()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var consenting = Scenarios.Athlete("sos-ada", coach: "coach.one@example.com", share: true);
        var private_ = Scenarios.Athlete("sos-ben", coach: "coach.two@example.com", share: false);
        await harness.AddAthleteAsync(consenting);
        await harness.AddAthleteAsync(private_);

        await harness.Queue.SendAsync(QueueNames.Checkins, Saddle(consenting.AthleteId), default);
        await harness.Queue.SendAsync(QueueNames.Checkins, Saddle(private_.AthleteId), default);
        await harness.DrainAsync();

        var toAda = Assert.Single(harness.Sink.Messages, m => m.To.SequenceEqual(["sos-ada@example.com"]));
        Assert.StartsWith("Call the emergency number now", toAda.Text);
        Assert.StartsWith("BackSignal: call the emergency number now", toAda.Subject);
        Assert.DoesNotContain("How is your back", toAda.Text);
        Assert.Contains("saddle", toAda.Text);
        Assert.Equal(["alert-doctor-emergency"], toAda.Categories);
        Assert.DoesNotContain(toAda.CustomArgs.Values, v => v.Contains("sos-ada") || v.Contains("saddle"));

        var toCoachOne = Assert.Single(harness.Sink.Messages, m => m.To.SequenceEqual(["coach.one@example.com"]));
        Assert.DoesNotContain("saddle", toCoachOne.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("shooting down both legs", toCoachOne.Text!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("numb since", toCoachOne.Html);
        Assert.Contains("The symptoms stay private", toCoachOne.Text);
        Assert.Equal("BackSignal: Test athlete reported signs that need emergency care", toCoachOne.Subject);
        Assert.StartsWith("Test athlete reported signs on 2026-11-20 that need emergency care", toCoachOne.Text);
        Assert.DoesNotContain("Call the emergency number now", toCoachOne.Subject);

        Assert.Single(harness.Sink.Messages, m => m.To.SequenceEqual(["sos-ben@example.com"]));
        Assert.DoesNotContain(harness.Sink.Messages, m => m.To.SequenceEqual(["coach.two@example.com"]));
        // The note is the athlete's own: in no email at all.
        Assert.DoesNotContain(
            harness.Sink.Messages,
            m => (m.Html ?? "").Contains("numb since") || (m.Text ?? "").Contains("numb since")
        );
    }

    [Fact]
    public async Task The_same_check_in_delivered_three_times_sends_one_email()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("sos-cem", coach: null);
        await harness.AddAthleteAsync(athlete);

        var body = Json.Serialize(Saddle(athlete.AthleteId));
        await Task.WhenAll(
            Enumerable
                .Range(0, 3)
                .Select(_ => Task.Run(() => harness.Dispatcher.ProcessAsync<CheckinIntake>(body, default)))
        );
        await harness.DrainAsync();

        Assert.Single(harness.Sink.Messages);
        var alert = Assert.Single(
            await harness.Services.GetRequiredService<TrainingStore>().GetAlertsAsync(athlete.AthleteId, Today, default)
        );
        Assert.Equal((SeeADoctorRule.Emergency, true), (alert.Alert.Rule, alert.Notify));
        Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));
    }

    [Fact]
    public async Task A_second_check_in_of_the_day_replaces_the_first_and_sets_the_days_pain()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("sos-dan", coach: null);
        await harness.AddAthleteAsync(athlete);

        await harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = Today,
                Pain = 2,
            },
            default
        );
        await harness.DrainAsync();
        await harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = Today,
                Pain = 3,
            },
            default
        );
        await harness.DrainAsync();

        Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));
        var day = Assert.Single(await harness.RowsAsync(athlete.AthleteId, RowKeys.DayKey(Today)));
        Assert.Equal(3, day.GetInt32("Pain"));
    }

    [Theory]
    [InlineData("""{"v":2,"athleteId":"sos-eve","date":"2026-11-22","pain":3}""", "date: 2026-11-22 is in the future")]
    [InlineData("""{"v":2,"athleteId":"sos-eve","date":"20.11.2026","pain":3}""", "date is a day like 2026-11-20")]
    [InlineData("""{"v":3,"athleteId":"sos-eve","date":"2026-11-20","pain":3}""", "v: version 3 is not supported")]
    public async Task A_check_in_whose_day_or_version_is_wrong_is_rejected_with_a_clear_reason(
        string body,
        string reason
    )
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.AddAthleteAsync(Scenarios.Athlete("sos-eve", coach: null));

        await harness.Dispatcher.ProcessAsync<CheckinIntake>(body, default);

        var rejection = Assert.Single(
            await harness.Services.GetRequiredService<RejectionStore>().ListAsync(QueueNames.Checkins, default),
            r => r.Id == RejectionStore.IdOf(body)
        );
        Assert.Contains(reason, rejection.Reason);
        Assert.Equal(RejectionStore.CheckinBodyNotKept, rejection.Body); // the answers are health data: never kept
        Assert.Equal("sos-eve", rejection.AthleteId);
        Assert.Empty(await harness.RowsAsync("sos-eve", RowKeys.Checkin));
    }

    [Theory]
    [InlineData("sos-gus", """ "pain":11,"bladderBowel":true """, "pain: 11 is outside 0..10")]
    [InlineData("sos-hal", """ "pain":"severe","bladderBowel":true """, "pain: -1 is outside 0..10")]
    [InlineData("sos-ivy", """ "pain":3,"numbness":"arm","bladderBowel":true """, "numbness: not one of none")]
    [InlineData("sos-jon", """ "pain":3,"known":["vibes"],"bladderBowel":true """, "known: 'vibes' is not a sign")]
    public async Task A_bad_answer_is_dropped_and_recorded_and_the_red_flag_beside_it_is_acted_on(
        string athleteId,
        string answers,
        string reason
    )
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.AddAthleteAsync(Scenarios.Athlete(athleteId, coach: null));
        var body = $$"""{"v":2,"athleteId":"{{athleteId}}","date":"2026-11-20",{{answers}}}""";

        await harness.Dispatcher.ProcessAsync<CheckinIntake>(body, default);
        await harness.DrainAsync();

        var note = Assert.Single(
            await harness.Services.GetRequiredService<RejectionStore>().ListAsync(QueueNames.Checkins, default),
            r => r.Id == RejectionStore.IdOf(body)
        );
        Assert.StartsWith("Stored without these answers", note.Reason);
        Assert.Contains(reason, note.Reason);
        Assert.Equal(RejectionStore.CheckinBodyNotKept, note.Body);
        var stored = Assert.Single(
            await harness
                .Services.GetRequiredService<TrainingStore>()
                .GetCheckinsAsync(athleteId, Today, Today, default)
        );
        Assert.True(stored.BladderBowel);
        var email = Assert.Single(harness.Sink.Messages, m => m.To.SequenceEqual([$"{athleteId}@example.com"]));
        Assert.Equal(["alert-doctor-emergency"], email.Categories);
    }

    [Fact]
    public async Task A_later_check_in_of_the_day_keeps_the_red_flag_of_the_earlier_one()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("sos-kim", coach: null);
        await harness.AddAthleteAsync(athlete);

        await harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = Today,
                Pain = 5,
                SaddleNumbness = true,
            },
            default
        );
        await harness.DrainAsync();
        // Two at once: the one that loses the race to store merges into the winner, so neither drops a sign.
        await Task.WhenAll(
            harness.Dispatcher.ProcessAsync<CheckinIntake>(
                Json.Serialize(
                    new PainCheckin
                    {
                        AthleteId = athlete.AthleteId,
                        Date = Today,
                        Pain = 2,
                    }
                ),
                default
            ),
            harness.Dispatcher.ProcessAsync<CheckinIntake>(
                Json.Serialize(
                    new PainCheckin
                    {
                        AthleteId = athlete.AthleteId,
                        Date = Today,
                        Fever = true,
                    }
                ),
                default
            )
        );
        await harness.DrainAsync();

        var stored = Assert.Single(
            await harness
                .Services.GetRequiredService<TrainingStore>()
                .GetCheckinsAsync(athlete.AthleteId, Today, Today, default)
        );
        Assert.True(stored.SaddleNumbness);
        Assert.True(stored.Fever);
        Assert.Contains(stored.Pain, new int?[] { 2, 5 });
    }

    [Fact]
    public async Task A_known_sign_is_emailed_again_only_after_28_days_and_a_new_sign_goes_at_once()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("sos-lea", coach: null);
        await harness.AddAthleteAsync(athlete);
        var start = harness.Clock.GetUtcNow();
        async Task<IReadOnlyList<string>> CheckInAsync(int day, Func<PainCheckin, PainCheckin> answers)
        {
            harness.Clock.SetUtcNow(start.AddDays(day));
            var before = harness.Sink.Messages.Count;
            var date = Today.AddDays(day);
            var checkin = new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = date,
                Pain = 2,
                Numbness = Numbness.BothLegs,
            };
            await harness.Queue.SendAsync(QueueNames.Checkins, answers(checkin), default);
            await harness.DrainAsync();
            return [.. harness.Sink.Messages.Skip(before).Select(m => m.Subject)];
        }

        // First report: an emergency, whatever it is marked.
        Assert.Single(await CheckInAsync(0, c => c with { Known = ["numbness"] }));
        // Seen by a clinician and unchanged: stored, not emailed again within 28 days of that email.
        Assert.Empty(await CheckInAsync(3, c => c with { Known = ["numbness"] }));
        Assert.Empty(await CheckInAsync(27, c => c with { Known = ["numbness"] }));
        // 28 days after the last email it goes again, in its quieter form.
        Assert.Single(await CheckInAsync(28, c => c with { Known = ["numbness"] }));
        // A new sign beside it goes at once.
        Assert.Single(await CheckInAsync(29, c => c with { Known = ["numbness"], Fever = true }));
        // Not marked known: the emergency goes every time.
        Assert.Single(await CheckInAsync(30, c => c));

        var alerts = await harness
            .Services.GetRequiredService<TrainingStore>()
            .GetAlertsAsync(athlete.AthleteId, Today, default);
        Assert.StartsWith("known", Assert.Single(alerts, a => a.Alert.Date == Today.AddDays(3)).SuppressedBecause);
        var quiet = harness.Sink.Messages.ToList()[^3];
        Assert.Contains("Seen by a clinician and unchanged", quiet.Text);
    }

    [Fact]
    public async Task The_pipeline_and_analyze_give_the_same_tier_for_every_check_in_day()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("sos-max", coach: null) with { BirthYear = 1970, CancerHistory = true };
        await harness.AddAthleteAsync(athlete);
        var start = harness.Clock.GetUtcNow();
        // Twenty days of check-ins: new pain with a risk factor, persistent pain, a fall at 56, a known sign,
        // a changed sign and an emergency, each sent on its own day.
        var checkins = Enumerable
            .Range(0, 20)
            .Select(day => new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = Today.AddDays(day),
                Pain = day % 4 == 3 ? 1 : 4,
                LegPain =
                    day is >= 5 and < 12 ? LegPain.Left
                    : day >= 12 ? LegPain.Both
                    : LegPain.None,
                Known = day is > 5 and < 12 ? ["legPain"] : [],
                Trauma = day == 2 ? Trauma.Lift : Trauma.None,
                SaddleNumbness = day == 19,
            })
            .ToList();
        foreach (var checkin in checkins)
        {
            harness.Clock.SetUtcNow(start.AddDays(checkin.Date.DayNumber - Today.DayNumber));
            await harness.Queue.SendAsync(QueueNames.Checkins, checkin, default);
            await harness.DrainAsync();
        }

        var stored = (
            await harness.Services.GetRequiredService<TrainingStore>().GetAlertsAsync(athlete.AthleteId, Today, default)
        )
            .Select(a => a.Alert)
            .Where(a => a.IsDoctorAlert)
            .Select(a => $"{a.Date:MMdd} {a.Rule} {string.Join(',', a.Signs)} [{string.Join(',', a.KnownSigns)}]")
            .Order()
            .ToList();
        var analysed = Analysis
            .Run(athlete, [], null, new Core.Metrics.MetricsOptions(), new AlertOptions(), AlertRuleSet.All, checkins)
            .Alerts.Where(a => a.IsDoctorAlert)
            .Select(a => $"{a.Date:MMdd} {a.Rule} {string.Join(',', a.Signs)} [{string.Join(',', a.KnownSigns)}]")
            .Order()
            .ToList();

        Assert.Equal(analysed, stored);
        Assert.Contains(stored, a => a.Contains("riskPain"));
        Assert.Contains(stored, a => a.Contains("persistentPain"));
        Assert.Contains(stored, a => a.Contains("[legPain:left]"));
        Assert.Contains(stored, a => a.Contains(SeeADoctorRule.Emergency) && a.Contains("saddleNumbness"));
    }

    [Fact]
    public async Task A_new_sign_later_the_same_day_is_emailed_even_at_the_same_tier_and_only_once()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("sos-nia", coach: null);
        await harness.AddAthleteAsync(athlete);
        async Task<IReadOnlyList<string>> SendAsync(PainCheckin checkin)
        {
            var before = harness.Sink.Messages.Count;
            await harness.Queue.SendAsync(QueueNames.Checkins, checkin, default);
            await harness.DrainAllAsync();
            return [.. harness.Sink.Messages.Skip(before).Select(m => m.Text ?? "")];
        }
        var morning = new PainCheckin
        {
            AthleteId = athlete.AthleteId,
            Date = Today,
            Pain = 4,
            Fever = true,
        };

        Assert.Single(await SendAsync(morning));
        // Afternoon: the fever and now a lump in the back, the same tier: news, so it goes.
        var afternoon = Assert.Single(await SendAsync(morning with { BackLump = true }));
        Assert.Contains("a lump or swelling in the back", afternoon);
        // The same answers again, and a copy of the message: nothing new, nothing sent.
        Assert.Empty(await SendAsync(morning with { BackLump = true }));
        Assert.Empty(await SendAsync(morning));
        var stored = Assert.Single(
            await harness.Services.GetRequiredService<TrainingStore>().GetAlertsAsync(athlete.AthleteId, Today, default)
        );
        Assert.Equal((1, true), (stored.Alert.Revision, stored.Notify));
    }

    [Fact]
    public async Task An_exercise_named_like_a_script_arrives_escaped()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("sos-fay", coach: "coach@example.com");
        await harness.AddAthleteAsync(athlete);
        const string hostile = "<script>alert(1)</script> Deadlift";
        // Four weeks of the same deadlift session, then sets, reps and weight all up at once today.
        var workouts = new List<WorkoutSummary>();
        for (var d = 35; d >= 3; d -= 3)
            workouts.Add(Scenarios.Workout(athlete, Today.AddDays(-d), 45, 5) with { Sets = Sets(hostile, 2, 5, 80) });
        workouts.Add(Scenarios.Workout(athlete, Today, 45, 5, "<b>Today</b>") with { Sets = Sets(hostile, 3, 6, 85) });
        await harness.QueueWorkoutsAsync(workouts);
        await harness.DrainAsync();

        var emails = harness.Sink.Messages.Where(m => m.Categories.Contains("alert-overload")).ToList();
        Assert.NotEmpty(emails);
        Assert.Contains(emails, m => (m.Html ?? "").Contains("&lt;script&gt;alert(1)&lt;/script&gt; Deadlift"));
        Assert.All(harness.Sink.Messages, m => Assert.DoesNotContain("<script>", m.Html));
    }

    private static IReadOnlyList<WorkoutSet> Sets(string exercise, int sets, int reps, double kg) =>
        [
            .. Enumerable
                .Range(1, sets)
                .Select(i => new WorkoutSet
                {
                    Exercise = exercise,
                    SetIndex = i,
                    Reps = reps,
                    WeightKg = kg,
                }),
        ];
}

/// <summary>Overload alerts of one recompute travel together: one email per recipient, each alert sent once.</summary>
[Collection(StorageCollection.Name)]
public class GroupedAlertTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Fact]
    public async Task Overload_alerts_at_once_make_one_email_per_recipient_and_a_regrouped_redelivery_sends_none_twice()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("group-ada", coach: "coach.g@example.com");
        await harness.AddAthleteAsync(athlete);
        // Five steady weeks of deadlifts, then heavy deadlifts on consecutive days this week.
        var workouts = new List<WorkoutSummary>();
        for (var d = 40; d >= 5; d--)
            if (d % 7 is 0 or 2 or 4)
                workouts.Add(Scenarios.Workout(athlete, Today.AddDays(-d), 60, 6) with { Sets = Deadlifts(3, 8, 80) });
        for (var d = 4; d >= 0; d--)
            workouts.Add(
                Scenarios.Workout(athlete, Today.AddDays(-d), 100, 9, $"Push {d}") with
                {
                    Sets = Deadlifts(6, 3, 140),
                }
            );
        await harness.QueueWorkoutsAsync(workouts);
        await harness.DrainAllAsync();

        var notified = (
            await harness
                .Services.GetRequiredService<TrainingStore>()
                .GetAlertsAsync(athlete.AthleteId, Today.AddDays(-7), default)
        )
            .Where(a => a.Notify)
            .Select(a => a.Alert)
            .ToList();
        Assert.True(
            notified.Select(a => a.Rule).Distinct().Count() >= 2,
            "the scenario should raise several overload rules"
        );
        var toAda = harness.Sink.Messages.Where(m => m.To.SequenceEqual(["group-ada@example.com"])).ToList();
        var toCoach = harness.Sink.Messages.Where(m => m.To.SequenceEqual(["coach.g@example.com"])).ToList();
        Assert.Equal(toAda.Count, toCoach.Count);
        Assert.True(
            toAda.Count < notified.Count,
            $"{toAda.Count} emails for {notified.Count} alerts: they should travel together"
        );
        foreach (var alert in notified)
            Assert.Single(
                toAda,
                m => m.Html!.Contains(Html.Text(alert.Title).ToString()) && m.Html.Contains($"{alert.Date:yyyy-MM-dd}")
            );

        // The same alerts again, one message each (a different grouping): nothing new is sent.
        var sent = harness.Sink.Messages.Count;
        foreach (var alert in notified)
            await harness.Queue.SendAsync(new AlertEmail(athlete.AthleteId, Recipient.Athlete, alert.Key), default);
        await harness.DrainAllAsync();
        Assert.Equal(sent, harness.Sink.Messages.Count);
    }

    private static IReadOnlyList<WorkoutSet> Deadlifts(int sets, int reps, double kg) =>
        [
            .. Enumerable
                .Range(1, sets)
                .Select(i => new WorkoutSet
                {
                    Exercise = "Deadlift (Barbell)",
                    SetIndex = i,
                    Reps = reps,
                    WeightKg = kg,
                }),
        ];
}
