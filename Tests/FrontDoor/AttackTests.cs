using System.Net;
using System.Text.RegularExpressions;
using BackSignal.Core.Access;
using BackSignal.Core.Hosting;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.FrontDoorHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.FrontDoor;

/// <summary>
/// The front door under attack (issue: links that cannot be forged, webhooks that cannot be spoofed): each attack
/// as a request over real HTTP to Kestrel, against Azurite, and the answer it must get.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class AttackTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private PipelineHarness _harness = null!;
    private FrontDoorServer _server = null!;
    private readonly CapturedLogs _logs = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync(
            azurite,
            settings: new Dictionary<string, string?>
            {
                ["Links:SigningKey"] = TestKeys.Of('a'),
                ["Inbound:Domain"] = "in.test",
                ["Inbound:WebhookSecret"] = TestKeys.Of('h'),
            }
        );
        _server = await FrontDoorServer.StartAsync(
            _harness.Configuration,
            0,
            CancellationToken.None,
            s => s.AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, _harness.Clock),
            _logs
        );
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private Uri Api(string path) => new(_server.BaseUri, "api/" + path);

    private async Task<(string Athlete, string Token)> CheckinLinkAsync(string id)
    {
        await _harness.AddAthleteAsync(Scenarios.Athlete(id) with { Email = $"{id}@mail.test" });
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(id, AccessPurpose.Checkin, default);
        var token = _harness
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Checkin, reference, TimeSpan.FromDays(1));
        return (id, token);
    }

    /// <summary>A day's upload link of an athlete already added.</summary>
    private async Task<string> UploadLinkAsync(string athlete)
    {
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athlete, AccessPurpose.Upload, default);
        return _harness
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Upload, reference, TimeSpan.FromDays(1));
    }

    private async Task<(HttpResponseMessage Response, string Html)> PostCheckinAsync(string token, string nonce)
    {
        var response = await _http.PostAsync(
            Api($"checkin?t={token}"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["nonce"] = nonce, ["pain"] = "2" })
        );
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> NonceAsync(string token) =>
        NonceField().Match(await _http.GetStringAsync(Api($"checkin?t={token}"))).Groups[1].Value;

    [Theory]
    [InlineData("==")]
    [InlineData("%20")]
    [InlineData("pad")]
    public async Task A_token_in_another_spelling_of_the_same_bytes_opens_nothing(string how)
    {
        var (_, token) = await CheckinLinkAsync(
            $"atk-spell-{how.Length}{how[0] switch { '=' => 'e', '%' => 's', _ => 'p' }}"
        );
        var respelled = how switch
        {
            "==" => token + "==",
            "%20" => token[..^2] + "%20" + token[^2..],
            _ => token.Replace(".", "=.", StringComparison.Ordinal),
        };

        var response = await _http.GetAsync(Api($"checkin?t={respelled}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_post_without_a_valid_link_is_refused_before_its_body_is_read()
    {
        var started = DateTime.UtcNow;
        using var body = new ByteArrayContent(new byte[20_000_000]);
        body.Headers.ContentType = new("application/x-www-form-urlencoded");

        var anonymous = await _http.PostAsync(Api("checkin"), body);
        var forged = await _http.PostAsync(Api("checkin?t=AAAA.BBBB"), new ByteArrayContent(new byte[10]));

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_check_in_form_over_16_KB_is_refused_without_being_read()
    {
        var (_, token) = await CheckinLinkAsync("atk-big");
        var response = await _http.PostAsync(
            Api($"checkin?t={token}"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["note"] = new string('x', 100_000) })
        );

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_captured_check_in_post_sent_again_saves_nothing()
    {
        var (athlete, token) = await CheckinLinkAsync("atk-replay");
        var nonce = await NonceAsync(token);

        var (first, _) = await PostCheckinAsync(token, nonce);
        var (again, html) = await PostCheckinAsync(token, nonce);
        await _harness.DrainAllAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already sent", html);
        Assert.Single(await _harness.RowsAsync(athlete, RowKeys.Checkin));
    }

    [Fact]
    public async Task The_rate_limit_is_per_athlete_whatever_link_or_spelling_is_used()
    {
        var (athlete, token) = await CheckinLinkAsync("atk-limit");
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athlete, AccessPurpose.Checkin, default);
        var second = _harness
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Checkin, reference, TimeSpan.FromDays(2));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            var link = i % 2 == 0 ? token : second;
            statuses.Add((await PostCheckinAsync(link, await NonceAsync(link))).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Every_page_error_pages_too_carries_the_security_headers()
    {
        var (_, token) = await CheckinLinkAsync("atk-headers");
        foreach (var path in new[] { $"checkin?t={token}", "checkin?t=nope", "coach", "nowhere", "health" })
        {
            var response = await _http.GetAsync(Api(path));
            var h = response.Headers;
            Assert.Equal(
                AspNetCoreFrontDoor.ContentSecurityPolicy,
                string.Join(", ", h.GetValues("Content-Security-Policy"))
            );
            Assert.Equal("no-referrer", Assert.Single(h.GetValues("Referrer-Policy")));
            Assert.Equal("DENY", Assert.Single(h.GetValues("X-Frame-Options")));
            Assert.Equal("nosniff", Assert.Single(h.GetValues("X-Content-Type-Options")));
            Assert.Contains("no-store", h.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task Without_a_webhook_secret_the_mail_in_webhook_lets_nothing_in()
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(_harness.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Inbound:WebhookSecret"] = "" })
            .Build();
        await using var closed = await FrontDoorServer.StartAsync(configuration, 0, CancellationToken.None);

        var none = await _http.PostAsync(new Uri(closed.BaseUri, "api/inbound/email"), new MultipartFormDataContent());
        var empty = await _http.PostAsync(
            new Uri(closed.BaseUri, "api/inbound/email?code="),
            new MultipartFormDataContent()
        );

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, empty.StatusCode);
    }

    [Fact]
    public async Task No_request_log_line_carries_a_token_a_webhook_key_an_athlete_id_an_email_or_a_file_name()
    {
        var (athlete, token) = await CheckinLinkAsync("atk-logs-zed");
        var access = _harness.Services.GetRequiredService<AccessRefs>();
        var reference = await access.GetOrCreateAsync(athlete, AccessPurpose.Upload, default);
        var inbound = await access.GetOrCreateAsync(athlete, AccessPurpose.Inbound, default);
        var tokens = _harness.Services.GetRequiredService<LinkTokens>();
        var upload = tokens.Issue(LinkPurpose.Upload, reference, TimeSpan.FromDays(1));
        var key = TestKeys.Of('h');

        // Every route, each with what it carries.
        await _http.GetAsync(Api("health"));
        await _http.GetAsync(Api($"checkin?t={token}"));
        await PostCheckinAsync(token, await NonceAsync(token));
        await _http.GetAsync(Api($"coach?t={token}"));
        await _http.GetAsync(Api($"planned?t={token}"));
        await _http.PostAsync(Api($"planned?t={token}"), new FormUrlEncodedContent([]));
        await _http.PostAsync(
            Api($"upload?t={upload}&name=secret-history-zed.csv"),
            new ByteArrayContent(File.ReadAllBytes(Fixtures.StrongSmall))
        );
        using var mail = new MultipartFormDataContent
        {
            { new StringContent($$"""{"to":["{{inbound}}@in.test"],"from":"atk-logs-zed@mail.test"}"""), "envelope" },
            { new StringContent("{@mail.test : pass}"), "dkim" },
        };
        await _http.PostAsync(Api($"inbound/email?code={Uri.EscapeDataString(key)}"), mail);
        await _harness.DrainAllAsync();

        var lines = _logs.Lines.ToList();
        Assert.NotEmpty(lines);
        foreach (
            var secret in new[]
            {
                token,
                upload,
                key,
                Uri.EscapeDataString(key),
                athlete,
                "atk-logs-zed@mail.test",
                "secret-history-zed",
                reference,
                inbound,
            }
        )
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_kind_of_link_is_revoked_alone_and_a_coachs_page_link_can_be_revoked()
    {
        var (athlete, checkin) = await CheckinLinkAsync("atk-revoke");
        var access = _harness.Services.GetRequiredService<AccessRefs>();
        var tokens = _harness.Services.GetRequiredService<LinkTokens>();
        var upload = tokens.Issue(
            LinkPurpose.Upload,
            await access.GetOrCreateAsync(athlete, AccessPurpose.Upload, default),
            TimeSpan.FromDays(1)
        );
        const string coach = "coach.gone@example.com";
        var coachLink = tokens.Issue(
            LinkPurpose.Coach,
            await access.GetOrCreateAsync(
                LinkSubjects.CoachPrefix + Core.Model.CoachRefs.Of(coach),
                AccessPurpose.Coach,
                default
            ),
            TimeSpan.FromDays(400)
        );
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Api($"coach?t={coachLink}"))).StatusCode);

        // A forwarded check-in email: its links are retired, the upload link keeps working.
        await access.RevokeAsync(athlete, default, AccessPurpose.Checkin);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync(Api($"checkin?t={checkin}"))).StatusCode);
        var posted = await _http.PostAsync(
            Api($"upload?t={upload}&name=strong.csv"),
            new ByteArrayContent(File.ReadAllBytes(Fixtures.StrongSmall))
        );
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        // A coach who left: the page link opens nothing, whatever its expiry.
        await access.RevokeAsync(LinkSubjects.CoachPrefix + Core.Model.CoachRefs.Of(coach), default);
        var gone = await _http.GetAsync(Api($"coach?t={coachLink}"));
        Assert.Equal(HttpStatusCode.Forbidden, gone.StatusCode);
        Assert.Contains("revoked", await gone.Content.ReadAsStringAsync());
        // A reference of one purpose opens no other.
        var misused = tokens.Issue(
            LinkPurpose.Checkin,
            await access.GetOrCreateAsync(athlete, AccessPurpose.Upload, default),
            TimeSpan.FromDays(1)
        );
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync(Api($"checkin?t={misused}"))).StatusCode);
        await _harness.DrainAllAsync();
    }

    [Fact]
    public async Task A_leaked_upload_link_is_held_to_its_quota_and_then_told_so_with_a_429()
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(_harness.Configuration)
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Upload:MaxUploadsPerLinkPerHour"] = "2",
                    ["Upload:MaxBytesPerHour"] = "1000000",
                }
            )
            .Build();
        await using var server = await FrontDoorServer.StartAsync(
            configuration,
            0,
            CancellationToken.None,
            s => s.AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, _harness.Clock)
        );
        var (athlete, _) = await CheckinLinkAsync("atk-quota");
        var upload = await UploadLinkAsync(athlete);
        var file = File.ReadAllBytes(Fixtures.StrongSmall);
        // Each upload a file of its own (the same bytes twice would be one upload).
        var count = 0;
        async Task<HttpResponseMessage> Post(string name) =>
            await _http.PostAsync(
                new Uri(server.BaseUri, $"api/upload?t={upload}&name={name}"),
                new ByteArrayContent([.. file, .. Enumerable.Repeat((byte)'\n', ++count)])
            );

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await Post($"strong-{i}.csv")).StatusCode);
        var refused = await Post("strong-3.csv");

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many uploads", await refused.Content.ReadAsStringAsync());
        await _harness.DrainAllAsync();
        // Two uploads stored and imported; the refused ones left nothing behind.
        Assert.Equal(
            2,
            (await _harness.Services.GetRequiredService<IngestionStore>().ListAsync(athlete, default)).Count
        );
    }

    [Fact]
    public async Task An_upload_past_the_size_limit_is_413_and_an_empty_one_400_by_the_failure_s_kind()
    {
        await using var server = await FrontDoorServer.StartAsync(
            _harness.Configuration,
            0,
            CancellationToken.None,
            s =>
                s.AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, _harness.Clock)
                    .AddSingleton(new Core.Import.ImportLimits { MaxFileBytes = 4_000 })
        );
        var (athlete, _) = await CheckinLinkAsync("atk-limit");
        var upload = await UploadLinkAsync(athlete);
        // Streamed without a Content-Length, so that the limit is found while staging, not from the header.
        var tooLarge = await _http.PostAsync(
            new Uri(server.BaseUri, $"api/upload?t={upload}&name=big.csv"),
            new StreamContent(new MemoryStream(new byte[10_000])) { Headers = { ContentLength = null } }
        );
        var empty = await _http.PostAsync(
            new Uri(server.BaseUri, $"api/upload?t={upload}&name=empty.csv"),
            new StreamContent(new MemoryStream()) { Headers = { ContentLength = null } }
        );

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Matches("Over the 4,00[01]-byte", await tooLarge.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("empty", await empty.Content.ReadAsStringAsync());

        // Behind a host that sets no body limit of its own, the handler's count says 413 by the failure's kind.
        var direct = await server
            .Services.GetRequiredService<Core.FrontDoor.UploadLink>()
            .HandleAsync(
                new Core.FrontDoor.FrontDoorRequest("POST", "upload")
                {
                    Query = new Dictionary<string, string> { ["t"] = upload, ["name"] = "big.csv" },
                    Body = new MemoryStream(new byte[10_000]),
                },
                default
            );
        Assert.Equal(413, direct.Status);
        Assert.Contains("4,000-byte upload limit", direct.Body);
    }

    [Fact]
    public async Task Import_reports_go_at_most_once_an_hour_and_the_hourly_email_carries_the_ones_that_waited()
    {
        var (athlete, _) = await CheckinLinkAsync("atk-reports");
        var upload = await UploadLinkAsync(athlete);
        var file = File.ReadAllBytes(Fixtures.StrongSmall);
        int Reports() => _harness.Sink.Messages.Count(m => m.To.Contains($"{athlete}@mail.test"));

        for (var i = 1; i <= 3; i++)
        {
            var response = await _http.PostAsync(
                Api($"upload?t={upload}&name=strong-{i}.csv"),
                new ByteArrayContent([.. file, .. Enumerable.Repeat((byte)'\n', i)])
            );
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await _harness.DrainAllAsync();
        }
        Assert.Equal(1, Reports());

        // The hourly timer: one email with the two reports that waited, and nothing more on a second run.
        var housekeeping = _harness.Services.GetRequiredService<Core.Pipeline.Housekeeping>();
        await housekeeping.FlushWaitingReportsAsync(default);
        await _harness.DrainAllAsync();
        await housekeeping.FlushWaitingReportsAsync(default);
        await _harness.DrainAllAsync();

        Assert.Equal(2, Reports());
        var batch = _harness.Sink.Messages.Last(m => m.To.Contains($"{athlete}@mail.test"));
        Assert.Contains("strong-2.csv", batch.Text);
        Assert.Contains("strong-3.csv", batch.Text);
    }

    [GeneratedRegex("name=\"nonce\" value=\"([^\"]+)\"")]
    private static partial Regex NonceField();
}
