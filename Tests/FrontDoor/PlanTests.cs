using System.Net;
using System.Text.RegularExpressions;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.FrontDoor;

/// <summary>
/// Planned periods end to end: an overreach quiets load emails (never pain or doctor ones), and the "this was
/// planned" link in an overload email marks its week, over HTTP against Azurite and the SendGrid sink.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class PlanTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private PipelineHarness _harness = null!;
    private FrontDoorServer _server = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync(
            azurite,
            settings: new Dictionary<string, string?> { ["Links:SigningKey"] = TestKeys.Of('q') }
        );
        _server = await FrontDoorServer.StartAsync(
            _harness.Configuration,
            0,
            CancellationToken.None,
            s => s.AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, _harness.Clock)
        );
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task A_planned_overreach_week_sends_no_load_email_and_a_pain_alert_in_it_still_goes()
    {
        var athlete = Scenarios
            .Athlete("plan-ova", coach: "coach.p@example.com", share: true)
            .WithPlan(new PlannedPeriod(PlanKind.Overreach, Today.AddDays(-8), Today, "coach"));
        await _harness.AddAthleteAsync(athlete);
        await _harness.QueueWorkoutsAsync(Scenarios.SteadyThenSpike(athlete, Today));
        await _harness.DrainAllAsync();

        var alerts = await _harness
            .Services.GetRequiredService<TrainingStore>()
            .GetAlertsAsync(athlete.AthleteId, Today.AddDays(-8), default);
        var load = alerts.Where(a => AlertDelivery.LoadRules.Contains(a.Alert.Rule)).ToList();
        Assert.NotEmpty(load);
        Assert.All(load, a => Assert.StartsWith("planned: an overreach period", a.SuppressedBecause));
        Assert.DoesNotContain(
            _harness.Sink.Messages,
            m => m.Categories.Contains("alert-overload") && m.Text!.Contains("Load jumped")
        );

        await _harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = Today,
                Pain = 7,
            },
            default
        );
        await _harness.DrainAllAsync();
        Assert.Single(
            _harness.Sink.Messages,
            m => m.To.Contains(athlete.Email) && m.Categories.Contains("alert-doctor-soon")
        );
        Assert.Single(
            _harness.Sink.Messages,
            m => m.To.Contains("coach.p@example.com") && m.Categories.Contains("alert-doctor-soon")
        );
    }

    [Fact]
    public async Task The_this_was_planned_link_of_an_overload_email_asks_then_marks_its_week_for_who_got_it()
    {
        var athlete = Scenarios.Athlete("plan-ben", coach: "coach.q@example.com");
        await _harness.AddAthleteAsync(athlete);
        await _harness.QueueWorkoutsAsync(Scenarios.SteadyThenSpike(athlete, Today));
        await _harness.DrainAllAsync();

        var toCoach = _harness.Sink.Messages.First(m =>
            m.To.Contains("coach.q@example.com") && m.Categories.Contains("alert-overload")
        );
        var link = PlannedUrl().Match(toCoach.Text!);
        Assert.True(link.Success, toCoach.Text);
        Assert.DoesNotContain(athlete.AthleteId, link.Value);
        // The email's link, opened on this test's server.
        var url = new Uri(_server.BaseUri, "api/planned?t=" + link.Groups[1].Value).ToString();

        // Opening the link (a mail scanner would) marks nothing; the form does.
        var form = await _http.GetStringAsync(url);
        Assert.Contains("a hard week on purpose?", form);
        Assert.Null((await Profile(athlete)).Plans);
        var token = Regex.Match(form, "name=\"t\" value=\"([^\"]+)\"").Groups[1].Value;
        var nonce = Regex.Match(form, "name=\"nonce\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = await _http.PostAsync(
            new Uri(_server.BaseUri, $"api/planned?t={token}"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["t"] = token, ["nonce"] = nonce })
        );

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("marked as a planned hard week", await post.Content.ReadAsStringAsync());
        var plan = Assert.Single((await Profile(athlete)).Plans!);
        // The week of the email's alerts, Monday to Sunday, set by the coach who got it.
        Assert.Equal(
            (PlanKind.Overreach, DayOfWeek.Monday, 6, "coach"),
            (plan.Kind, plan.From.DayOfWeek, plan.To.DayNumber - plan.From.DayNumber, plan.By)
        );
        Assert.Contains($"{plan.From:yyyy-MM-dd}", form);
        // An altered token opens nothing.
        var forged = await _http.GetAsync(url[..^3] + "AAA");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    private async Task<AthleteProfile> Profile(AthleteProfile athlete) =>
        (await _harness.Services.GetRequiredService<AthleteStore>().FindAsync(athlete.AthleteId, default))!;

    [GeneratedRegex(@"https?://\S+/api/planned\?t=(\S+)")]
    private static partial Regex PlannedUrl();
}
