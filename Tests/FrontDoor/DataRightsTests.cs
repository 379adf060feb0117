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
public partial class DataRightsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private PipelineHarness _harness = null!;
    private FrontDoorServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync(
            azurite,
            settings: new Dictionary<string, string?> { ["Links:SigningKey"] = TestKeys.Of('d') }
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
    public async Task The_athlete_downloads_their_data_and_then_deletes_the_account_each_confirmed_by_email()
    {
        var today = DateOnly.FromDateTime(_harness.Clock.GetUtcNow().UtcDateTime);
        var athlete = await _harness.SeedSpikeAsync("rights-page-kai", today);
        await _harness.DrainAllAsync();
        var me = await MeTokenAsync(athlete.AthleteId);

        // Without the page's nonce nothing is sent.
        var forged = await _http.PostAsync(Api($"me/export?t={me}"), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var link = await RequestAsync(me, "me/export", athlete.Email);
        var asked = await (await _http.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("Download my data", asked);
        var download = await _http.PostAsync(link, new FormUrlEncodedContent([]));
        Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", download.Content.Headers.ContentDisposition!.ToString());
        using (var zip = new ZipArchive(await download.Content.ReadAsStreamAsync()))
        {
            var training = zip.GetEntry("tables/Training.json")!;
            using var reader = new StreamReader(training.Open());
            Assert.Contains("workout|", await reader.ReadToEndAsync());
        }

        var erase = await RequestAsync(me, "me/delete", athlete.Email);
        Assert.Contains("Delete my account", await (await _http.GetAsync(erase)).Content.ReadAsStringAsync());
        var deleted = await _http.PostAsync(erase, new FormUrlEncodedContent([]));
        Assert.Contains("Your account is deleted", await deleted.Content.ReadAsStringAsync());
        Assert.Null(await _harness.Services.GetRequiredService<AthleteStore>().FindAsync(athlete.AthleteId, default));
        Assert.Empty(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
        // Its links open nothing any more.
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync(Api($"me?t={me}"))).StatusCode);
    }

    [Fact]
    public async Task An_expired_check_in_link_mails_a_fresh_one_to_the_address_on_file_once_an_hour()
    {
        var athlete = Scenarios.Athlete("fresh-lou") with { Email = "lou@mail.test" };
        await _harness.AddAthleteAsync(athlete);
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athlete.AthleteId, AccessPurpose.Checkin, default);
        var tokens = _harness.Services.GetRequiredService<LinkTokens>();
        // Issued for a day, a day ago (links run on the wall clock).
        var expired = tokens.Issue(LinkPurpose.Checkin, reference, TimeSpan.FromDays(-1));

        var page = await _http.GetAsync(Api($"checkin?t={expired}"));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Mail me a fresh link", html);
        var action = System.Net.WebUtility.HtmlDecode(FreshAction().Match(html).Groups[1].Value);
        for (var i = 0; i < 2; i++)
        {
            var asked = await _http.PostAsync(new Uri(_server.BaseUri, action), new FormUrlEncodedContent([]));
            Assert.Contains("A fresh link is on its way", await asked.Content.ReadAsStringAsync());
            await _harness.DrainAllAsync();
        }
        var mail = Assert.Single(_harness.Sink.Messages, m => m.Categories.Contains("fresh-link"));
        Assert.Equal(["lou@mail.test"], mail.To);
        var fresh = new Uri(CheckinLink().Match(mail.Text!).Value);
        Assert.Equal(
            HttpStatusCode.OK,
            (await _http.GetAsync(new Uri(_server.BaseUri, fresh.PathAndQuery))).StatusCode
        );

        // An altered link is refused plainly: nothing to renew.
        var altered = await (await _http.GetAsync(Api($"checkin?t={expired[..^2]}xx"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Mail me a fresh link", altered);
    }

    [GeneratedRegex("action=\"(/api/fresh\\?[^\"]+)\"")]
    private static partial Regex FreshAction();

    [GeneratedRegex(@"http://\S+/api/checkin\?t=\S+")]
    private static partial Regex CheckinLink();

    /// <summary>The page's button (with its nonce), then the link the confirming email carries.</summary>
    private async Task<Uri> RequestAsync(string me, string route, string email)
    {
        var page = await (await _http.GetAsync(Api($"me?t={me}"))).Content.ReadAsStringAsync();
        var nonce = Regex.Match(
            page,
            $"action=\"/api/{route}\\?t=[^\"]+\"><input type=\"hidden\" name=\"nonce\" value=\"([^\"]+)\""
        );
        Assert.True(nonce.Success, $"no {route} form on the page");
        var sent = _harness.Sink.Messages.Count;
        var response = await _http.PostAsync(
            Api($"{route}?t={me}"),
            new FormUrlEncodedContent([new("nonce", System.Net.WebUtility.HtmlDecode(nonce.Groups[1].Value))])
        );
        Assert.Contains("A link is on its way", await response.Content.ReadAsStringAsync());
        await _harness.DrainAllAsync();
        var mail = Assert.Single(_harness.Sink.Messages.Skip(sent), m => m.Categories.Contains("data-rights"));
        Assert.Equal([email], mail.To);
        var url = new Uri(MailLink().Match(mail.Text!).Value);
        return new Uri(_server.BaseUri, url.PathAndQuery);
    }

    private async Task<string> MeTokenAsync(string athleteId)
    {
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athleteId, AccessPurpose.Me, default);
        return _harness
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Me, reference, TimeSpan.FromDays(1));
    }

    private Uri Api(string path) => new(_server.BaseUri, "api/" + path);

    [GeneratedRegex(@"http://\S+/api/me/data\?t=\S+")]
    private static partial Regex MailLink();
}
