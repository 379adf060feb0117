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
/// Pages and emails in the athlete's language with their country's numbers (docs/languages.md), in a real browser
/// against Kestrel, Azurite and the SendGrid sink: the profile decides an athlete's language, the browser's
/// Accept-Language decides it for someone not known yet.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class LanguageTests(AzuriteFixture azurite) : FrontDoorTestBase(azurite, 'l')
{
    private PhoneBrowser _browser = null!;

    /// <summary>Open sign-up, and the browser started before the pipeline.</summary>
    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        _browser = await PhoneBrowser.LaunchAsync();
        return new Dictionary<string, string?> { ["Signup:Open"] = "true" };
    }

    protected override ValueTask DisposeMoreAsync() => _browser.DisposeAsync();

    private async Task<string> UrlAsync(string athleteId, AccessPurpose access, LinkPurpose purpose, string route)
    {
        var reference = await Harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athleteId, access, default);
        var token = Server.Services.GetRequiredService<LinkTokens>().Issue(purpose, reference, TimeSpan.FromDays(1));
        return new Uri(Server.BaseUri, $"api/{route}?t={token}").ToString();
    }

    private Task<IPage> PhoneAsync(string locale = "en-US") => _browser.NewPageAsync(locale);

    [Fact]
    public async Task A_German_athlete_checks_in_in_German_is_told_112_and_116117_and_the_email_follows_in_German()
    {
        var athlete = Scenarios.Athlete("lang-lena") with { Language = "de", Country = "DE" };
        await Harness.AddAthleteAsync(athlete);
        // The browser is English: the athlete's profile decides.
        var page = await PhoneAsync("en-US");
        var served = await page.GotoAsync(
            await UrlAsync(athlete.AthleteId, AccessPurpose.Checkin, LinkPurpose.Checkin, "checkin")
        );
        Assert.Equal("de", served!.Headers["content-language"]);
        Assert.Equal("de", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Wie geht es Ihrem Rücken heute?", await page.Locator("h1").InnerTextAsync());

        await page.GetByLabel("Von 0 (keine) bis 10").FillAsync("6");
        await page.GetByLabel("Ja, Taubheit oder Kribbeln dort").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check-in senden" }).ClickAsync();

        Assert.Equal("Notfall: Holen Sie jetzt Hilfe", await page.Locator("h1").InnerTextAsync());
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("Rufen Sie jetzt den Notruf (112) an");
        await Assertions.Expect(alert).ToContainTextAsync("Taubheit oder Kribbeln zwischen den Beinen");
        var footer = await page.Locator("p.small").InnerTextAsync();
        Assert.Contains("116117 (ärztlicher Bereitschaftsdienst)", footer);
        Assert.DoesNotContain("999", footer);

        await Harness.DrainAllAsync();
        var email = Assert.Single(
            Harness.Sink.Messages,
            m => m.To.Contains(athlete.Email) && m.Categories.Contains("alert-doctor-emergency")
        );
        Assert.Equal("de", email.Headers["Content-Language"]);
        Assert.StartsWith("BackSignal: Rufen Sie jetzt den Notruf (112) an", email.Subject);
        Assert.Contains("<html lang=\"de\">", email.Html);
        Assert.Contains("Was Sie jetzt tun sollten", email.Text);
        Assert.Contains("116117", email.Text);
    }

    [Fact]
    public async Task A_New_Zealander_is_told_111_for_an_emergency_and_Healthline_for_the_rest()
    {
        var athlete = Scenarios.Athlete("lang-aroha") with { Country = "NZ" };
        await Harness.AddAthleteAsync(athlete);
        var page = await PhoneAsync();
        await page.GotoAsync(await UrlAsync(athlete.AthleteId, AccessPurpose.Checkin, LinkPurpose.Checkin, "checkin"));

        await page.GetByLabel("From 0 (none) to 10").FillAsync("5");
        await page.GetByLabel("A fever").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send check-in" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("call 0800 611 116 (Healthline)");
        await Assertions.Expect(alert).ToContainTextAsync("If any of these appear, call 111:");
        Assert.Contains("Call the emergency number (111) at once", await page.Locator("p.small").InnerTextAsync());
    }

    [Fact]
    public async Task Sign_up_offers_the_browser_language_and_country_first_and_settings_change_the_language()
    {
        var page = await PhoneAsync("de-AT");
        var served = await page.GotoAsync(new Uri(Server.BaseUri, "api/signup").ToString());
        Assert.Equal("de", served!.Headers["content-language"]);
        Assert.Equal("Bei BackSignal registrieren", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("de", await page.Locator("#language").InputValueAsync());
        Assert.Equal("AT", await page.Locator("#country").InputValueAsync());

        await page.Locator("#email").FillAsync("mara@example.com");
        await page.Locator("#timeZone").SelectOptionAsync("Europe/Vienna");
        await page.GetByRole(AriaRole.Radio, new() { Name = "kg", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrieren" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Ein Link zur Bestätigung Ihrer Adresse");
        await Harness.DrainAllAsync();
        var verification = Assert.Single(Harness.Sink.Messages, m => m.Categories.Contains("verification"));
        Assert.Equal(
            ("de", "Bestätigen Sie Ihre Adresse für BackSignal"),
            (verification.Headers["Content-Language"], verification.Subject)
        );
        // Austria: 144 (the ambulance) and 112, and the health line 1450.
        Assert.Contains("144 oder 112", verification.Text);
        Assert.Contains("1450", verification.Text);

        var athletes = Harness.Services.GetRequiredService<AthleteStore>();
        var link = System.Text.RegularExpressions.Regex.Match(
            verification.Text!,
            @"https?://\S+/api/signup/verify\?t=\S+"
        );
        await page.GotoAsync(new Uri(Server.BaseUri, new Uri(link.Value).PathAndQuery).ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Mein Konto anlegen" }).ClickAsync();
        var mara = Assert.Single(await athletes.ListAsync(default), a => a.Email == "mara@example.com");
        Assert.Equal(("de", "AT"), (mara.Language, mara.Country));

        // The athlete switches to French: the answer already speaks it.
        await page.GotoAsync(await UrlAsync(mara.AthleteId, AccessPurpose.Me, LinkPurpose.Me, "settings"));
        Assert.Equal("Ihre Einstellungen", await page.Locator("h1").InnerTextAsync());
        await page.Locator("#language").SelectOptionAsync("fr");
        await page.Locator("#country").SelectOptionAsync("FR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();
        Assert.Equal("Vos réglages", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Contains("(le 15 ou le 112)", await page.Locator("p.small").InnerTextAsync());
        var french = (await athletes.FindAsync(mara.AthleteId, default))!;
        Assert.Equal(("fr", "FR"), (french.Language, french.Country));
    }

    [Fact]
    public async Task A_coach_who_opens_their_page_in_French_gets_the_digest_in_French_and_keeps_it_after_an_opt_out()
    {
        const string coach = "camille.coach@example.com";
        await Harness.AddAthleteAsync(Scenarios.Athlete("lang-leo", coach) with { DisplayName = "Léo" });
        var reference = await Harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(LinkSubjects.CoachPrefix + CoachRefs.Of(coach), AccessPurpose.Coach, default);
        var token = Server
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Coach, reference, TimeSpan.FromDays(1));
        var page = await PhoneAsync("fr-FR");
        await page.GotoAsync(new Uri(Server.BaseUri, $"api/coach?t={token}").ToString());
        Assert.Equal("Vos athlètes cette semaine", await page.Locator("h1").InnerTextAsync());
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("arrivent en Français");

        var preferences = Harness.Services.GetRequiredService<CoachPreferences>();
        await preferences.SetAsync(CoachRefs.Of(coach), Core.Model.EmailChoices.OverloadAlerts, optOut: true, default);
        Assert.Equal("fr", await preferences.LanguageAsync(CoachRefs.Of(coach), default));
        var week = Core.Weekly.IsoWeek.Of(DateOnly.FromDateTime(Harness.Clock.GetUtcNow().UtcDateTime));
        await Harness.Queue.SendAsync(new CoachDigestEmail(CoachRefs.Of(coach), week.ToString()), default);
        await Harness.DrainAllAsync();
        var digest = Assert.Single(Harness.Sink.Messages, m => m.Categories.Contains("coach-digest"));
        Assert.Equal(
            ("fr", $"BackSignal : la semaine {week} de vos athlètes"),
            (digest.Headers["Content-Language"], digest.Subject)
        );
        Assert.Contains("Léo", digest.Text);
    }
}
