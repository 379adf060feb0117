using BackSignal.Core.Access;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackSignal.Tests.FrontDoor;

/// <summary>
/// The check-in page and the coach's page in a real browser: Playwright driving Debian's chromium (its executable
/// path; Playwright's own browser download is not used), against Kestrel, Azurite and the SendGrid sink.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class PageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private PipelineHarness _harness = null!;
    private FrontDoorServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync(
            azurite,
            Now,
            new Dictionary<string, string?> { ["Links:SigningKey"] = new string('p', 40) }
        );
        _server = await FrontDoorServer.StartAsync(
            _harness.Configuration,
            0,
            CancellationToken.None,
            s =>
            {
                s.AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, _harness.Clock);
                s.AddSingleton<TimeProvider>(_harness.Clock);
            }
        );
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(
            new()
            {
                ExecutablePath = await Chromium.EnsureAsync(),
                Headless = true,
                Args = ["--no-sandbox"],
            }
        );
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private LinkTokens Tokens => _harness.Services.GetRequiredService<LinkTokens>();

    private async Task<string> CheckinUrlAsync(string athleteId, TimeSpan? validFor = null)
    {
        var reference = await _harness.Services.GetRequiredService<AccessRefs>().GetOrCreateAsync(athleteId, default);
        var token = _server
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Checkin, reference, validFor ?? TimeSpan.FromDays(1));
        return new Uri(_server.BaseUri, $"api/checkin?t={token}").ToString();
    }

    private async Task<IPage> PhoneAsync()
    {
        var context = await _browser.NewContextAsync(
            new()
            {
                ViewportSize = new() { Width = 390, Height = 844 },
            }
        );
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task Saddle_numbness_shows_the_emergency_advice_at_once_and_the_email_follows()
    {
        var athlete = Scenarios.Athlete("page-ana");
        await _harness.AddAthleteAsync(athlete);
        var page = await PhoneAsync();
        await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId));

        await page.GetByLabel("From 0 (none) to 10").FillAsync("6");
        await page.GetByLabel("Between the legs, around the genitals").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send check-in" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("Call the emergency number now");
        Assert.Equal("Emergency: get help now", await page.Locator("h1").InnerTextAsync());
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(screenshot.Length > 10_000, $"the answer page looks blank ({screenshot.Length} bytes)");

        await _harness.DrainAllAsync();
        var stored = Assert.Single(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));
        Assert.Contains("saddle", stored.GetString("Json"));
        var email = Assert.Single(
            _harness.Sink.Messages,
            m =>
                m.To.Contains(athlete.Email) && m.Categories.Any(c => c.Contains("emergency", StringComparison.Ordinal))
        );
        // Every athlete email carries the check-in link.
        Assert.Contains("/api/checkin?t=", email.Text);
    }

    [Fact]
    public async Task An_invalid_form_shows_the_message_beside_the_field_and_keeps_the_answers()
    {
        var athlete = Scenarios.Athlete("page-ben");
        await _harness.AddAthleteAsync(athlete);
        var page = await PhoneAsync();
        await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId));
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(screenshot.Length > 10_000, $"the form looks blank ({screenshot.Length} bytes)");

        await page.GetByLabel("From 0 (none) to 10").FillAsync("12");
        await page.GetByLabel("Yes, left leg").CheckAsync();
        await page.GetByLabel("Pain that wakes you at night").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send check-in" }).ClickAsync();

        await Assertions.Expect(page.Locator("#pain-error")).ToContainTextAsync("0 (none) to 10");
        Assert.Equal("12", await page.GetByLabel("From 0 (none) to 10").InputValueAsync());
        Assert.True(await page.GetByLabel("Yes, left leg").IsCheckedAsync());
        Assert.True(await page.GetByLabel("Pain that wakes you at night").IsCheckedAsync());
        await _harness.DrainAllAsync();
        Assert.Empty(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));
    }

    [Fact]
    public async Task An_expired_link_gets_a_plain_page_saying_so()
    {
        var athlete = Scenarios.Athlete("page-cy");
        await _harness.AddAthleteAsync(athlete);
        var page = await PhoneAsync();
        var response = await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId, TimeSpan.FromSeconds(-5)));

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("This link expired");
        Assert.DoesNotContain("Exception", await page.ContentAsync());
    }

    [Fact]
    public async Task The_coach_page_ranks_by_need_and_shows_no_pain_or_tier_without_consent()
    {
        const string coach = "kim@example.com";
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        // Dan shares with the coach and has an urgent see-a-doctor alert; Eva has a load spike; Fay has a doctor
        // alert and pain but does not share them.
        var dan = Scenarios.Athlete("coach-dan", coach, share: true) with
        {
            DisplayName = "Dan",
        };
        var eva = (await _harness.SeedSpikeAsync("coach-eva", today, coach)) with { DisplayName = "Eva" };
        await _harness.AddAthleteAsync(eva);
        var fay = Scenarios.Athlete("coach-fay", coach, share: false) with { DisplayName = "Fay" };
        await _harness.AddAthleteAsync(dan);
        await _harness.AddAthleteAsync(fay);
        foreach (var who in new[] { dan, fay })
            await _harness.Queue.SendAsync(
                QueueNames.Checkins,
                new PainCheckin
                {
                    AthleteId = who.AthleteId,
                    Date = today,
                    Pain = 7,
                    Weakness = Weakness.Worsening,
                },
                default
            );
        await _harness.DrainAllAsync();

        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(LinkSubjects.CoachPrefix + CoachRefs.Of(coach), default);
        var token = Tokens.Issue(LinkPurpose.Coach, reference, TimeSpan.FromDays(1));
        var page = await PhoneAsync();
        await page.GotoAsync(new Uri(_server.BaseUri, $"api/coach?t={token}").ToString());

        var names = await page.Locator("section.athlete h2").AllInnerTextsAsync();
        Assert.Equal(["Dan", "Eva", "Fay"], names);
        var danCard = await page.Locator("section.athlete").Nth(0).InnerTextAsync();
        var fayCard = await page.Locator("section.athlete").Nth(2).InnerTextAsync();
        Assert.Contains("See-a-doctor advice", danCard);
        Assert.Contains("pain", danCard, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("See-a-doctor", fayCard);
        Assert.DoesNotContain("pain", fayCard, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("urgent", fayCard, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, await page.Locator("section.athlete img[src^='data:image/png']").CountAsync());
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(screenshot.Length > 20_000, $"the coach page looks blank ({screenshot.Length} bytes)");
    }
}
