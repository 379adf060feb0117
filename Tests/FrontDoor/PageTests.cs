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
public sealed partial class PageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private PipelineHarness _harness = null!;
    private FrontDoorServer _server = null!;
    private PhoneBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync(
            azurite,
            Now,
            new Dictionary<string, string?> { ["Links:SigningKey"] = TestKeys.Of('p') }
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
        _browser = await PhoneBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private LinkTokens Tokens => _harness.Services.GetRequiredService<LinkTokens>();

    private async Task<string> CheckinUrlAsync(string athleteId, TimeSpan? validFor = null)
    {
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athleteId, AccessPurpose.Checkin, default);
        var token = _server
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Checkin, reference, validFor ?? TimeSpan.FromDays(1));
        return new Uri(_server.BaseUri, $"api/checkin?t={token}").ToString();
    }

    private Task<IPage> PhoneAsync() => _browser.NewPageAsync();

    private Task SendAsync(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = "Send check-in" }).ClickAsync();

    private static async Task AssertNotBlankAsync(IPage page, string what)
    {
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(screenshot.Length > 10_000, $"{what} looks blank ({screenshot.Length} bytes)");
    }

    [Fact]
    public async Task Saddle_numbness_with_one_leg_numbness_shows_the_emergency_advice_at_once_and_the_email_follows()
    {
        var athlete = Scenarios.Athlete("page-ana");
        await _harness.AddAthleteAsync(athlete);
        var page = await PhoneAsync();
        await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId));

        await page.GetByLabel("From 0 (none) to 10").FillAsync("6");
        await page.GetByLabel("Yes, in one leg").CheckAsync();
        await page.GetByLabel("Yes, numbness or tingling there").CheckAsync();
        await SendAsync(page);

        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("Call the emergency number now");
        await Assertions.Expect(alert).ToContainTextAsync("Numbness or tingling between the legs");
        await Assertions.Expect(alert).ToContainTextAsync("Numbness or tingling in one leg");
        Assert.Equal("Emergency: get help now", await page.Locator("h1").InnerTextAsync());
        await AssertNotBlankAsync(page, "the answer page");

        await _harness.DrainAllAsync();
        var stored = Assert.Single(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));
        Assert.Contains("\"saddleNumbness\":true", stored.GetString("Json"));
        Assert.Contains("\"numbness\":\"one-leg\"", stored.GetString("Json"));
        var email = Assert.Single(
            _harness.Sink.Messages,
            m =>
                m.To.Contains(athlete.Email) && m.Categories.Any(c => c.Contains("emergency", StringComparison.Ordinal))
        );
        // No cheerful prompt under an emergency: what to do, and nothing else to click.
        Assert.DoesNotContain("How is your back", email.Text);
        Assert.DoesNotContain("/api/checkin?t=", email.Text);
    }

    [Fact]
    public async Task Red_flags_with_the_pain_score_left_empty_are_acted_on_saved_and_emailed_and_the_message_follows()
    {
        var athlete = Scenarios.Athlete("page-ben");
        await _harness.AddAthleteAsync(athlete);
        var page = await PhoneAsync();
        await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId));
        await AssertNotBlankAsync(page, "the form");

        await page.GetByLabel("Yes, numbness or tingling there").CheckAsync();
        await page.GetByLabel("New trouble starting or holding urine or stool").CheckAsync();
        await SendAsync(page);

        // The advice leads; the message about the empty score comes after it, with the answers kept.
        await Assertions
            .Expect(page.GetByRole(AriaRole.Alert).First)
            .ToContainTextAsync("Call the emergency number now");
        await Assertions.Expect(page.Locator("#pain-error")).ToContainTextAsync("0 (none) to 10");
        var html = await page.ContentAsync();
        Assert.True(
            html.IndexOf("Call the emergency number now", StringComparison.Ordinal) < html.IndexOf("pain-error")
        );
        Assert.True(await page.GetByLabel("New trouble starting or holding urine or stool").IsCheckedAsync());
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("no pain score");

        await _harness.DrainAllAsync();
        var stored = Assert.Single(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));
        Assert.DoesNotContain("\"pain\"", stored.GetString("Json"));
        Assert.Single(
            _harness.Sink.Messages,
            m => m.To.Contains(athlete.Email) && m.Categories.Contains("alert-doctor-emergency")
        );
    }

    [Fact]
    public async Task An_invalid_form_with_nothing_to_act_on_shows_the_message_beside_the_field_and_keeps_the_answers()
    {
        var athlete = Scenarios.Athlete("page-bo");
        await _harness.AddAthleteAsync(athlete);
        var page = await PhoneAsync();
        await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId));

        await page.GetByLabel("From 0 (none) to 10").FillAsync("12");
        await page.GetByLabel("A note for your own record").FillAsync("stiff after squats");
        await SendAsync(page);

        await Assertions.Expect(page.Locator("#pain-error")).ToContainTextAsync("0 (none) to 10");
        Assert.Equal("12", await page.GetByLabel("From 0 (none) to 10").InputValueAsync());
        Assert.Equal("stiff after squats", await page.GetByLabel("A note for your own record").InputValueAsync());
        await _harness.DrainAllAsync();
        Assert.Empty(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));
    }

    [Fact]
    public async Task A_calm_check_in_says_what_was_saved_and_when_to_get_help_never_that_nothing_needs_a_doctor()
    {
        var athlete = Scenarios.Athlete("page-cal");
        await _harness.AddAthleteAsync(athlete);
        var page = await PhoneAsync();
        await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId));

        await page.GetByLabel("From 0 (none) to 10").FillAsync("2");
        await SendAsync(page);

        var main = page.Locator("main");
        await Assertions.Expect(main).ToContainTextAsync("Saved your check-in of 2026-11-20 (pain 2/10)");
        await Assertions.Expect(main).ToContainTextAsync("Call the emergency number at once");
        await Assertions.Expect(main).ToContainTextAsync("not easing within two weeks");
        Assert.DoesNotContain("needs a doctor now", await main.InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Alert).CountAsync());
        await AssertNotBlankAsync(page, "the calm page");
    }

    [Fact]
    public async Task Pain_that_has_not_eased_for_two_weeks_shows_its_advice_on_the_page_at_once()
    {
        var athlete = Scenarios.Athlete("page-per");
        await _harness.AddAthleteAsync(athlete);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        foreach (var daysAgo in new[] { 15, 8 })
            await _harness.Queue.SendAsync(
                QueueNames.Checkins,
                new PainCheckin
                {
                    AthleteId = athlete.AthleteId,
                    Date = today.AddDays(-daysAgo),
                    Pain = 4,
                },
                default
            );
        await _harness.DrainAllAsync();
        var page = await PhoneAsync();
        await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId));

        await page.GetByLabel("From 0 (none) to 10").FillAsync("3");
        await SendAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Book a GP or physiotherapist");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("on 3 of your 3 check-ins since");
        await _harness.DrainAllAsync();
        Assert.Single(
            _harness.Sink.Messages,
            m => m.To.Contains(athlete.Email) && m.Categories.Contains("alert-doctor-soon")
        );
    }

    [Fact]
    public async Task A_known_sign_shows_quietly_beside_its_advice()
    {
        var athlete = Scenarios.Athlete("page-kno");
        await _harness.AddAthleteAsync(athlete);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await _harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = athlete.AthleteId,
                Date = today.AddDays(-3),
                Pain = 2,
                LegPain = LegPain.Left,
            },
            default
        );
        await _harness.DrainAllAsync();
        var page = await PhoneAsync();
        await page.GotoAsync(await CheckinUrlAsync(athlete.AthleteId));

        await page.GetByLabel("From 0 (none) to 10").FillAsync("2");
        await page.GetByLabel("Yes, left leg").CheckAsync();
        await page.Locator("fieldset", new() { HasText = "Pain shooting down a leg" })
            .GetByLabel("A clinician has seen this and it has not changed")
            .CheckAsync();
        await SendAsync(page);

        await Assertions.Expect(page.Locator(".known-signs")).ToContainTextAsync("Pain shooting down the left leg");
        await Assertions.Expect(page.Locator(".known-signs")).ToContainTextAsync("book a GP or physiotherapist");
        Assert.Equal(0, await page.GetByRole(AriaRole.Alert).CountAsync());
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
    public async Task The_coach_page_ranks_by_need_and_shows_each_athlete_only_what_they_consented_to()
    {
        const string coach = "kim@example.com";
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        // Dan shares see-a-doctor tiers (not the pain trend) and has an urgent alert; Eva has a load spike; Fay has
        // a doctor alert and pain but shares neither; Gus shares the pain trend only.
        var dan = Scenarios.Athlete("coach-dan", coach, share: true) with
        {
            DisplayName = "Dan",
        };
        var eva = (await _harness.SeedSpikeAsync("coach-eva", today, coach)) with { DisplayName = "Eva" };
        await _harness.AddAthleteAsync(eva);
        var fay = Scenarios.Athlete("coach-fay", coach, share: false) with { DisplayName = "Fay" };
        var gus = Scenarios.Athlete("coach-gus", coach, share: false) with
        {
            DisplayName = "Gus",
            SharePainTrend = true,
        };
        foreach (var who in new[] { dan, fay, gus })
            await _harness.AddAthleteAsync(who);
        foreach (var who in new[] { dan, fay, gus })
            await _harness.Queue.SendAsync(
                QueueNames.Checkins,
                new PainCheckin
                {
                    AthleteId = who.AthleteId,
                    Date = today,
                    Pain = 7,
                    Weakness = who == gus ? Weakness.None : Weakness.Worsening,
                },
                default
            );
        await _harness.DrainAllAsync();

        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(LinkSubjects.CoachPrefix + CoachRefs.Of(coach), AccessPurpose.Coach, default);
        var token = Tokens.Issue(LinkPurpose.Coach, reference, TimeSpan.FromDays(1));
        var page = await PhoneAsync();
        await page.GotoAsync(new Uri(_server.BaseUri, $"api/coach?t={token}").ToString());

        var names = await page.Locator("section.athlete h2").AllInnerTextsAsync();
        Assert.Equal("Dan", names[0]);
        Assert.Equal("Eva", names[1]);
        async Task<string> Card(string name) =>
            await page.Locator("section.athlete").Nth(names.ToList().IndexOf(name)).InnerTextAsync();
        var (danCard, fayCard, gusCard) = (await Card("Dan"), await Card("Fay"), await Card("Gus"));
        // Tiers only: the advice and its day, never a pain figure.
        Assert.Contains("See-a-doctor advice", danCard);
        Assert.DoesNotContain("pain", danCard, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("7/10", danCard);
        // Neither: no tier, no pain.
        Assert.DoesNotContain("See-a-doctor", fayCard);
        Assert.DoesNotContain("pain", fayCard, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("urgent", fayCard, StringComparison.OrdinalIgnoreCase);
        // The pain trend only: the week's average, no tier.
        Assert.Contains("Pain trend: this week's average (shared)", gusCard);
        Assert.Contains("7.0/10", gusCard);
        Assert.DoesNotContain("See-a-doctor", gusCard);
        // No training in eight weeks: a sentence and no ratio, not an empty chart and 0.00.
        Assert.Contains("No training recorded in the last eight weeks.", danCard);
        Assert.Contains("Acute:chronic ratio\t–", danCard.Replace(" \t", "\t"));
        Assert.Equal(1, await page.Locator("section.athlete img[src^='data:image/png']").CountAsync());
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(screenshot.Length > 20_000, $"the coach page looks blank ({screenshot.Length} bytes)");
    }

    [Fact]
    public async Task The_athlete_s_page_shows_their_week_alerts_check_ins_and_how_to_send_exports()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var ida = (await _harness.SeedSpikeAsync("page-ida", today)) with { DisplayName = "Ida <b>" };
        await _harness.AddAthleteAsync(ida);
        await _harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = ida.AthleteId,
                Date = today,
                Pain = 4,
                LegPain = LegPain.Left,
            },
            default
        );
        await _harness.DrainAllAsync();
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(ida.AthleteId, AccessPurpose.Me, default);
        var page = await PhoneAsync();
        await page.GotoAsync(
            new Uri(
                _server.BaseUri,
                $"api/me?t={Tokens.Issue(LinkPurpose.Me, reference, TimeSpan.FromDays(1))}"
            ).ToString()
        );

        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Your training, Ida <b>", main);
        Assert.Contains("Against your usual weeks", main);
        Assert.Contains("Load jumped this week", main);
        Assert.Contains($"{today:yyyy-MM-dd}: pain 4/10; reported: leg pain", main);
        Assert.Contains("@", main);
        Assert.Contains("/api/upload?t=", main);
        Assert.Equal(1, await page.Locator("main img[src^='data:image/png']").CountAsync());
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(screenshot.Length > 20_000, $"the athlete's page looks blank ({screenshot.Length} bytes)");

        // The check-in link does not open the athlete's page, nor the other way round.
        var checkin = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(ida.AthleteId, AccessPurpose.Checkin, default);
        var wrong = await page.GotoAsync(
            new Uri(
                _server.BaseUri,
                $"api/me?t={Tokens.Issue(LinkPurpose.Checkin, checkin, TimeSpan.FromDays(1))}"
            ).ToString()
        );
        Assert.Equal(403, wrong!.Status);
    }

    [Fact]
    public async Task The_athlete_changes_their_settings_and_the_coach_page_follows_the_consent_they_give()
    {
        const string coach = "kim.settings@example.com";
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var jo = Scenarios.Athlete("page-jo", coach, share: false) with { DisplayName = "Jo" };
        await _harness.AddAthleteAsync(jo);
        await _harness.Queue.SendAsync(
            QueueNames.Checkins,
            new PainCheckin
            {
                AthleteId = jo.AthleteId,
                Date = today,
                Pain = 5,
            },
            default
        );
        await _harness.DrainAllAsync();
        var me = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(jo.AthleteId, AccessPurpose.Me, default);
        var page = await PhoneAsync();
        await page.GotoAsync(
            new Uri(_server.BaseUri, $"api/me?t={Tokens.Issue(LinkPurpose.Me, me, TimeSpan.FromDays(1))}").ToString()
        );
        await page.GetByText("Your settings").ClickAsync();

        // A birth year out of range: its message beside it, the answers kept, the rest saved.
        await page.Locator("#birthYear").FillAsync("1850");
        await page.GetByLabel("Share my pain trend with my coach").CheckAsync();
        await page.GetByLabel("The weekly summary").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#birthYear-error")).ToContainTextAsync("Birth year is a number");
        Assert.Equal("1850", await page.Locator("#birthYear").InputValueAsync());
        var saved = await _harness.Services.GetRequiredService<AthleteStore>().FindAsync(jo.AthleteId, default);
        Assert.True(saved!.SharePainTrend);
        Assert.False(saved.ShareWithCoach);
        Assert.True(saved.OptsOut(EmailChoices.WeeklySummary));
        Assert.Null(saved.BirthYear);

        await page.Locator("#birthYear").FillAsync("1970");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Saved.");
        saved = await _harness.Services.GetRequiredService<AthleteStore>().FindAsync(jo.AthleteId, default);
        Assert.Equal(1970, saved!.BirthYear);

        // A planned period, set by the athlete from the settings page.
        await page.GotoAsync(
            new Uri(
                _server.BaseUri,
                $"api/settings?t={Tokens.Issue(LinkPurpose.Me, me, TimeSpan.FromDays(1))}"
            ).ToString()
        );
        await page.Locator("#plan-kind").SelectOptionAsync("deload");
        await page.Locator("#plan-from").FillAsync($"{today:yyyy-MM-dd}");
        await page.Locator("#plan-to").FillAsync($"{today.AddDays(6):yyyy-MM-dd}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add this period" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Saved: deload");
        saved = await _harness.Services.GetRequiredService<AthleteStore>().FindAsync(jo.AthleteId, default);
        Assert.Contains(saved!.Plans!, p => p.Kind == PlanKind.Deload && p.From == today && p.By == "athlete");

        // The coach's page follows the consent just given: the pain trend, no see-a-doctor tier.
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(LinkSubjects.CoachPrefix + CoachRefs.Of(coach), AccessPurpose.Coach, default);
        await page.GotoAsync(
            new Uri(
                _server.BaseUri,
                $"api/coach?t={Tokens.Issue(LinkPurpose.Coach, reference, TimeSpan.FromDays(1))}"
            ).ToString()
        );
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Pain trend: this week's average (shared)");
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(screenshot.Length > 20_000, $"the coach page looks blank ({screenshot.Length} bytes)");
    }

    [Fact]
    public async Task An_athlete_joins_from_an_invitation_manages_their_settings_and_email_and_leaves_with_no_operator()
    {
        const string coach = "kim.invites@example.com";
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        // A coach is known by an athlete who names them.
        await _harness.AddAthleteAsync(Scenarios.Athlete("invite-first", coach) with { DisplayName = "First" });
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(LinkSubjects.CoachPrefix + CoachRefs.Of(coach), AccessPurpose.Coach, default);
        var coachUrl = new Uri(
            _server.BaseUri,
            $"api/coach?t={Tokens.Issue(LinkPurpose.Coach, reference, TimeSpan.FromDays(1))}"
        ).ToString();
        var page = await PhoneAsync();
        await page.GotoAsync(coachUrl);
        await page.Locator("#invite-email").FillAsync("newt@example.com");
        await page.Locator("#invite-name").FillAsync("Newt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("An invitation is on its way");
        await _harness.DrainAllAsync();
        await page.GotoAsync(coachUrl);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Newt (newt@example.com)");

        var invitation = Assert.Single(_harness.Sink.Messages, m => m.Categories.Contains("invitation"));
        Assert.Equal(["newt@example.com"], invitation.To);
        await page.GotoAsync(OnServer(SignupLink().Match(invitation.Text!).Value));
        Assert.Equal("newt@example.com", await page.Locator("#email").InputValueAsync());
        await NotBlankAsync(page, "the sign-up form");
        await page.Locator("#timeZone").SelectOptionAsync("Europe/Berlin");
        await page.GetByRole(AriaRole.Radio, new() { Name = "kg", Exact = true }).CheckAsync();
        await page.Locator("#birthYear").FillAsync("1968");
        await page.GetByLabel("Share my pain trend with my coach").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("A link to confirm your address");
        await _harness.DrainAllAsync();
        var athletes = _harness.Services.GetRequiredService<AthleteStore>();
        Assert.DoesNotContain(await athletes.ListAsync(default), a => a.Email == "newt@example.com");

        var verification = Assert.Single(_harness.Sink.Messages, m => m.Categories.Contains("verification"));
        await page.GotoAsync(OnServer(VerifyLink().Match(verification.Text!).Value));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your account is ready.");
        await NotBlankAsync(page, "the welcome page");
        var myPage = OnServer(
            (await page.GetByRole(AriaRole.Link, new() { Name = "Your page" }).GetAttributeAsync("href"))!
        );
        var newt = Assert.Single(await athletes.ListAsync(default), a => a.Email == "newt@example.com");
        Assert.Equal((coach, "Europe/Berlin", 1968), (newt.CoachEmail, newt.TimeZone, newt.BirthYear!.Value));
        Assert.True(newt.SharePainTrend);
        Assert.False(newt.ShareWithCoach);

        await page.GotoAsync(coachUrl);
        var names = await page.Locator("section.athlete h2").AllInnerTextsAsync();
        Assert.Contains("Newt", names);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Invitations not taken yet");
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(screenshot.Length > 20_000, $"the coach page looks blank ({screenshot.Length} bytes)");

        // Without an invitation, sign-up is closed unless Signup__Open says otherwise.
        var closed = await page.GotoAsync(new Uri(_server.BaseUri, "api/signup").ToString());
        Assert.Equal(403, closed!.Status);

        // The rest of the athlete's life here, on their own: their page, a consent given in settings (the coach's
        // page follows), the weekly summary stopped with one click, the account deleted, and the coach told.
        await page.GotoAsync(myPage);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Sending your exports");
        Assert.True(
            (await page.ScreenshotAsync(new() { FullPage = true })).Length > 20_000,
            "the athlete's page looks blank"
        );
        await page.GetByText("Your settings").ClickAsync();
        await page.GetByLabel("Share see-a-doctor advice with my coach").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Saved.");
        Assert.True((await page.ScreenshotAsync(new() { FullPage = true })).Length > 20_000, "the settings look blank");
        Assert.True((await athletes.FindAsync(newt.AthleteId, default))!.ShareWithCoach);

        await _harness.Queue.SendAsync(
            new WeeklySummaryEmail(Core.Weekly.IsoWeek.Of(today).ToString()) { AthleteId = newt.AthleteId },
            default
        );
        await _harness.DrainAllAsync();
        var weekly = Assert.Single(_harness.Sink.Messages, m => m.Categories.Contains("weekly-summary"));
        var unsubscribe = OnServer(weekly.Headers["List-Unsubscribe"].Trim('<', '>'));
        var oneClick = await page.APIRequest.PostAsync(
            unsubscribe,
            new() { Form = page.APIRequest.CreateFormData().Set("List-Unsubscribe", "One-Click") }
        );
        Assert.Contains("You will no longer get the weekly summary", await oneClick.TextAsync());
        Assert.True((await athletes.FindAsync(newt.AthleteId, default))!.OptsOut(EmailChoices.WeeklySummary));

        await page.GotoAsync(myPage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("A link is on its way");
        await _harness.DrainAllAsync();
        var confirm = Assert.Single(_harness.Sink.Messages, m => m.Categories.Contains("data-rights"));
        await page.GotoAsync(OnServer(DataLink().Match(confirm.Text!).Value));
        await NotBlankAsync(page, "the deletion's confirmation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your account is deleted");
        await _harness.DrainAllAsync();
        Assert.Null(await athletes.FindAsync(newt.AthleteId, default));
        await page.GotoAsync(coachUrl);
        Assert.DoesNotContain("Newt", await page.Locator("section.athlete h2").AllInnerTextsAsync());
        Assert.Single(_harness.Sink.Messages, m => m.Categories.Contains("athlete-left") && m.To.Contains(coach));
    }

    /// <summary>A phone-width screenshot of the page with something on it (every page has its frame).</summary>
    private static async Task NotBlankAsync(IPage page, string what)
    {
        var shot = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(shot.Length > 10_000, $"{what} looks blank ({shot.Length} bytes)");
    }

    private string OnServer(string link) => new Uri(_server.BaseUri, new Uri(link).PathAndQuery).ToString();

    [System.Text.RegularExpressions.GeneratedRegex(@"http://\S+/api/signup\?t=\S+")]
    private static partial System.Text.RegularExpressions.Regex SignupLink();

    [System.Text.RegularExpressions.GeneratedRegex(@"http://\S+/api/me/data\?t=\S+")]
    private static partial System.Text.RegularExpressions.Regex DataLink();

    [System.Text.RegularExpressions.GeneratedRegex(@"http://\S+/api/signup/verify\?t=\S+")]
    private static partial System.Text.RegularExpressions.Regex VerifyLink();
}
