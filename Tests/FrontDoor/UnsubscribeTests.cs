using System.Net;
using System.Text.RegularExpressions;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.FrontDoor;

/// <summary>
/// RFC 8058 one-click unsubscribe, as a mailbox provider does it: the headers on every email that may be stopped
/// (weekly summary, digest, training load warnings) and on none of see-a-doctor advice, a POST that stops that kind
/// at once, a page that offers it back, and a GET (a mail scanner) that stops nothing.
/// </summary>
[Collection(StorageCollection.Name)]
public partial class UnsubscribeTests(AzuriteFixture azurite) : FrontDoorTestBase(azurite, 'u')
{
    [Fact]
    public async Task The_weekly_summary_stops_with_one_click_comes_back_from_the_page_and_a_GET_stops_nothing()
    {
        var today = DateOnly.FromDateTime(Harness.Clock.GetUtcNow().UtcDateTime);
        var athlete = await Harness.SeedSpikeAsync("unsub-una", today);
        await Harness.DrainAllAsync();
        var week = Core.Weekly.IsoWeek.Of(today);

        var summary = await WeeklyAsync(athlete.AthleteId, week);
        var url = OneClickUrl(summary);
        Assert.Equal("List-Unsubscribe=One-Click", summary.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("Unsubscribe", summary.Html);
        Assert.Contains("Open your page", summary.Html);
        Assert.Contains("/api/me?t=", summary.Html);

        // A mail scanner's GET asks and stops nothing.
        var asked = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Stop the weekly summary by email?", await asked.Content.ReadAsStringAsync());
        Assert.False(await OptsOutAsync(athlete.AthleteId));

        // The provider's one-click POST: stopped at once, and the page offers it back.
        var stopped = await OneClickAsync(url);
        Assert.Contains("You will no longer get the weekly summary by email.", stopped);
        Assert.Contains("Advice to see a doctor still comes", stopped);
        Assert.True(await OptsOutAsync(athlete.AthleteId));
        var sent = Harness.Sink.Messages.Count;
        await Harness.Queue.SendAsync(
            new WeeklySummaryEmail(Core.Weekly.IsoWeek.Of(week.Monday.AddDays(7)).ToString())
            {
                AthleteId = athlete.AthleteId,
            },
            default
        );
        await Harness.DrainAllAsync();
        Assert.Equal(sent, Harness.Sink.Messages.Count);

        var again = await Http.PostAsync(url, new FormUrlEncodedContent([new("subscribe", "again")]));
        Assert.Contains("You will get the weekly summary again.", await again.Content.ReadAsStringAsync());
        Assert.False(await OptsOutAsync(athlete.AthleteId));
    }

    [Fact]
    public async Task See_a_doctor_advice_carries_no_unsubscribe_and_a_load_warning_does()
    {
        var today = DateOnly.FromDateTime(Harness.Clock.GetUtcNow().UtcDateTime);
        var athlete = await Harness.SeedSpikeAsync("unsub-vic", today);
        await Harness.DrainAllAsync();
        await Harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = today,
                Pain = 6,
                SaddleNumbness = true,
            },
            default
        );
        await Harness.DrainAllAsync();

        var mails = Harness.Sink.Messages.Where(m => m.To.Contains(athlete.Email)).ToList();
        var doctor = Assert.Single(mails, m => m.Categories.Contains("alert-doctor-emergency"));
        Assert.False(doctor.Headers.ContainsKey("List-Unsubscribe"));
        Assert.DoesNotContain("Unsubscribe", doctor.Html);
        var load = Assert.Single(mails, m => m.Categories.Contains("alert-overload"));
        var stopped = await OneClickAsync(OneClickUrl(load));
        Assert.Contains("You will no longer get training load warnings by email.", stopped);
        var profile = await Harness.Services.GetRequiredService<AthleteStore>().FindAsync(athlete.AthleteId, default);
        Assert.True(profile!.OptsOut(EmailChoices.OverloadAlerts));
        Assert.False(profile.OptsOut(EmailChoices.WeeklySummary));
    }

    [Fact]
    public async Task A_coach_stops_the_digest_with_one_click_and_no_later_digest_goes()
    {
        const string coach = "coach.unsub@example.com";
        var today = DateOnly.FromDateTime(Harness.Clock.GetUtcNow().UtcDateTime);
        await Harness.SeedSpikeAsync("unsub-wes", today, coach);
        await Harness.DrainAllAsync();
        var week = Core.Weekly.IsoWeek.Of(today);
        await Harness.Queue.SendAsync(new CoachDigestEmail(CoachRefs.Of(coach), week.ToString()), default);
        await Harness.DrainAllAsync();
        var digest = Assert.Single(Harness.Sink.Messages, m => m.Categories.Contains("coach-digest"));

        var stopped = await OneClickAsync(OneClickUrl(digest));
        Assert.Contains("You will no longer get the Monday digest of your athletes by email.", stopped);
        Assert.True(
            await Harness
                .Services.GetRequiredService<CoachPreferences>()
                .OptsOutAsync(CoachRefs.Of(coach), EmailChoices.CoachDigest, default)
        );
        await Harness.Queue.SendAsync(
            new CoachDigestEmail(CoachRefs.Of(coach), Core.Weekly.IsoWeek.Of(week.Monday.AddDays(7)).ToString()),
            default
        );
        await Harness.DrainAllAsync();
        Assert.Single(Harness.Sink.Messages, m => m.Categories.Contains("coach-digest"));
    }

    private async Task<SinkMessage> WeeklyAsync(string athleteId, Core.Weekly.IsoWeek week)
    {
        await Harness.Queue.SendAsync(new WeeklySummaryEmail(week.ToString()) { AthleteId = athleteId }, default);
        await Harness.DrainAllAsync();
        return Assert.Single(Harness.Sink.Messages, m => m.Categories.Contains("weekly-summary"));
    }

    /// <summary>The List-Unsubscribe URL, moved onto this test's server (the links name the configured base).</summary>
    private Uri OneClickUrl(SinkMessage mail)
    {
        var header = mail.Headers["List-Unsubscribe"];
        var url = new Uri(AngleBrackets().Match(header).Groups[1].Value);
        Assert.Equal("/api/unsubscribe", url.AbsolutePath);
        return new Uri(Server.BaseUri, url.PathAndQuery);
    }

    /// <summary>What a mailbox provider sends (RFC 8058 §3.2): a POST with only List-Unsubscribe=One-Click.</summary>
    private async Task<string> OneClickAsync(Uri url)
    {
        var response = await Http.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<bool> OptsOutAsync(string athleteId) =>
        (await Harness.Services.GetRequiredService<AthleteStore>().FindAsync(athleteId, default))!.OptsOut(
            EmailChoices.WeeklySummary
        );

    [GeneratedRegex("^<([^>]+)>$")]
    private static partial Regex AngleBrackets();
}
