using BackSignal.Core.Email;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
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
        Assert.StartsWith("Seek emergency care now.", toAda.Text);
        Assert.Contains("saddle", toAda.Text);
        Assert.Equal(["alert-doctor-emergency"], toAda.Categories);
        Assert.DoesNotContain(toAda.CustomArgs.Values, v => v.Contains("sos-ada") || v.Contains("saddle"));

        var toCoachOne = Assert.Single(harness.Sink.Messages, m => m.To.SequenceEqual(["coach.one@example.com"]));
        Assert.DoesNotContain("saddle", toCoachOne.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("both legs", toCoachOne.Text!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("numb since", toCoachOne.Html);
        Assert.Contains("The symptoms stay private", toCoachOne.Text);

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
                .Select(_ => Task.Run(() => harness.Dispatcher.ProcessAsync(QueueNames.Checkins, body, default)))
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
    [InlineData("""{"v":1,"athleteId":"sos-eve","date":"2026-11-20","pain":11}""", "pain: 11 is outside 0..10")]
    [InlineData(
        """{"v":1,"athleteId":"sos-eve","date":"2026-11-20","pain":3,"numbness":"arm"}""",
        "numbness is one of none, one-leg, both-legs, saddle"
    )]
    [InlineData("""{"v":1,"athleteId":"sos-eve","date":"2026-11-22","pain":3}""", "date: 2026-11-22 is in the future")]
    [InlineData("""{"v":1,"athleteId":"sos-eve","date":"20.11.2026","pain":3}""", "date is a day like 2026-11-20")]
    public async Task Invalid_check_ins_are_rejected_with_a_clear_reason(string body, string reason)
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.AddAthleteAsync(Scenarios.Athlete("sos-eve", coach: null));

        await harness.Dispatcher.ProcessAsync(QueueNames.Checkins, body, default);

        var rejection = Assert.Single(
            await harness.Services.GetRequiredService<RejectionStore>().ListAsync(QueueNames.Checkins, default),
            r => r.Id == RejectionStore.IdOf(body)
        );
        Assert.Contains(reason, rejection.Reason);
        Assert.Equal(RejectionStore.CheckinBodyNotKept, rejection.Body); // the answers are health data: never kept
        Assert.Equal("sos-eve", rejection.AthleteId);
        Assert.Empty(await harness.RowsAsync("sos-eve", RowKeys.Checkin));
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
                m => m.Html!.Contains(EmailLayout.Escape(alert.Title)) && m.Html.Contains($"{alert.Date:yyyy-MM-dd}")
            );

        // The same alerts again, one message each (a different grouping): nothing new is sent.
        var sent = harness.Sink.Messages.Count;
        foreach (var alert in notified)
            await harness.Queue.SendAsync(
                QueueNames.Emails,
                new EmailRequest(EmailKind.Alert, athlete.AthleteId, Recipient.Athlete, alert.Key),
                default
            );
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
