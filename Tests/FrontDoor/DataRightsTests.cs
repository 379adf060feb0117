using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using BackSignal.Core.Access;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.FrontDoor;

/// <summary>
/// An athlete's data rights from their own page, over HTTP as a browser sends them: each request mails a confirming
/// link to the address on file; that link asks once more, then sends the zip or erases the account.
/// </summary>
[Collection(StorageCollection.Name)]
public partial class DataRightsTests(AzuriteFixture azurite) : FrontDoorTestBase(azurite, 'd')
{
    [Fact]
    public async Task The_athlete_downloads_their_data_and_then_deletes_the_account_each_confirmed_by_email()
    {
        var today = DateOnly.FromDateTime(Harness.Clock.GetUtcNow().UtcDateTime);
        var athlete = await Harness.SeedSpikeAsync("rights-page-kai", today);
        await Harness.DrainAllAsync();
        var me = await MeTokenAsync(athlete.AthleteId);

        // Without the page's nonce nothing is sent.
        var forged = await Http.PostAsync(Api($"me/export?t={me}"), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var link = await RequestAsync(me, "me/export", athlete.Email);
        var asked = await (await Http.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("Download my data", asked);
        var download = await Http.PostAsync(link, new FormUrlEncodedContent([]));
        Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", download.Content.Headers.ContentDisposition!.ToString());
        using (var zip = new ZipArchive(await download.Content.ReadAsStreamAsync()))
        {
            var training = zip.GetEntry("tables/Training.json")!;
            using var reader = new StreamReader(training.Open());
            Assert.Contains("workout|", await reader.ReadToEndAsync());
        }

        var erase = await RequestAsync(me, "me/delete", athlete.Email);
        Assert.Contains("Delete my account", await (await Http.GetAsync(erase)).Content.ReadAsStringAsync());
        var deleted = await Http.PostAsync(erase, new FormUrlEncodedContent([]));
        Assert.Contains("Your account is deleted", await deleted.Content.ReadAsStringAsync());
        Assert.Null(await Harness.Services.GetRequiredService<AthleteStore>().FindAsync(athlete.AthleteId, default));
        Assert.Empty(await Harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
        // Its links open nothing any more.
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(Api($"me?t={me}"))).StatusCode);
    }

    [Fact]
    public async Task An_expired_check_in_link_mails_a_fresh_one_to_the_address_on_file_once_an_hour()
    {
        var athlete = Scenarios.Athlete("fresh-lou") with { Email = "lou@mail.test" };
        await Harness.AddAthleteAsync(athlete);
        var reference = await Harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athlete.AthleteId, AccessPurpose.Checkin, default);
        var tokens = Harness.Services.GetRequiredService<LinkTokens>();
        // Issued for a day, a day ago (links run on the wall clock).
        var expired = tokens.Issue(LinkPurpose.Checkin, reference, TimeSpan.FromDays(-1));

        var page = await Http.GetAsync(Api($"checkin?t={expired}"));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Mail me a fresh link", html);
        var action = System.Net.WebUtility.HtmlDecode(FreshAction().Match(html).Groups[1].Value);
        for (var i = 0; i < 2; i++)
        {
            var asked = await Http.PostAsync(new Uri(Server.BaseUri, action), new FormUrlEncodedContent([]));
            Assert.Contains("A fresh link is on its way", await asked.Content.ReadAsStringAsync());
            await Harness.DrainAllAsync();
        }
        var mail = Assert.Single(Harness.Sink.Messages, m => m.Categories.Contains("fresh-link"));
        Assert.Equal(["lou@mail.test"], mail.To);
        var fresh = new Uri(CheckinLink().Match(mail.Text!).Value);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(Server.BaseUri, fresh.PathAndQuery))).StatusCode);

        // An altered link is refused plainly: nothing to renew.
        var altered = await (await Http.GetAsync(Api($"checkin?t={expired[..^2]}xx"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Mail me a fresh link", altered);
    }

    [GeneratedRegex("action=\"(/api/fresh\\?[^\"]+)\"")]
    private static partial Regex FreshAction();

    [GeneratedRegex(@"http://\S+/api/checkin\?t=\S+")]
    private static partial Regex CheckinLink();

    /// <summary>The page's button (with its nonce), then the link the confirming email carries.</summary>
    private async Task<Uri> RequestAsync(string me, string route, string email)
    {
        var page = await (await Http.GetAsync(Api($"me?t={me}"))).Content.ReadAsStringAsync();
        var nonce = Regex.Match(
            page,
            $"action=\"/api/{route}\\?t=[^\"]+\"><input type=\"hidden\" name=\"nonce\" value=\"([^\"]+)\""
        );
        Assert.True(nonce.Success, $"no {route} form on the page");
        var sent = Harness.Sink.Messages.Count;
        var response = await Http.PostAsync(
            Api($"{route}?t={me}"),
            new FormUrlEncodedContent([new("nonce", System.Net.WebUtility.HtmlDecode(nonce.Groups[1].Value))])
        );
        Assert.Contains("A link is on its way", await response.Content.ReadAsStringAsync());
        await Harness.DrainAllAsync();
        var mail = Assert.Single(Harness.Sink.Messages.Skip(sent), m => m.Categories.Contains("data-rights"));
        Assert.Equal([email], mail.To);
        var url = new Uri(MailLink().Match(mail.Text!).Value);
        return new Uri(Server.BaseUri, url.PathAndQuery);
    }

    private async Task<string> MeTokenAsync(string athleteId)
    {
        var reference = await Harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athleteId, AccessPurpose.Me, default);
        return Harness.Services.GetRequiredService<LinkTokens>().Issue(LinkPurpose.Me, reference, TimeSpan.FromDays(1));
    }

    [GeneratedRegex(@"http://\S+/api/me/data\?t=\S+")]
    private static partial Regex MailLink();
}
