using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using BackSignal.Core.Access;
using BackSignal.Core.FrontDoor;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.FrontDoor;

/// <summary>
/// The HTTP front door as SendGrid, a phone and an operator use it: real HTTP to Kestrel on 127.0.0.1, the same
/// adapter and handlers as the Functions app, Azurite, and the SendGrid sink for the replies.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class FrontDoorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Domain = "import.test";
    private PipelineHarness _harness = null!;
    private FrontDoorServer _server = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync(
            azurite,
            settings: new Dictionary<string, string?>
            {
                ["Links:SigningKey"] = TestKeys.Of('k'),
                ["Inbound:Domain"] = Domain,
                ["Inbound:WebhookSecret"] = TestKeys.Of('w'),
            }
        );
        // The server on the harness's clock, as the handlers that process what it queues.
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

    private Uri Api(string path) => new(_server.BaseUri, "api/" + path);

    private async Task<(AthleteProfile Athlete, string Address)> AthleteAsync(string id)
    {
        var athlete = Scenarios.Athlete(id) with { Email = $"{id}@mail.example" };
        await _harness.AddAthleteAsync(athlete);
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(id, AccessPurpose.Inbound, default);
        return (athlete, $"{reference}@{Domain}");
    }

    /// <summary>A POST shaped like SendGrid Inbound Parse's (the fields it sends, attachments as files).</summary>
    private async Task<HttpResponseMessage> MailAsync(
        string to,
        string from,
        (string Name, byte[] Content)[] attachments,
        string spf = "pass",
        string messageId = "<m1@mail.example>",
        string? code = null,
        string? dkim = null
    )
    {
        code ??= TestKeys.Of('w');
        // What SendGrid writes when the sender's own domain signed the mail.
        dkim ??= $"{{@{from.Split('@')[^1]} : pass}}";
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent($"Athlete <{from}>"), "from");
        form.Add(new StringContent(to), "to");
        form.Add(new StringContent("My export"), "subject");
        form.Add(new StringContent($$"""{"to":["{{to}}"],"from":"{{from}}"}"""), "envelope");
        form.Add(new StringContent(spf), "SPF");
        form.Add(new StringContent(dkim), "dkim");
        form.Add(new StringContent($"Message-ID: {messageId}\nSubject: My export\n"), "headers");
        form.Add(new StringContent(attachments.Length.ToString()), "attachments");
        var info = string.Join(
            ",",
            attachments.Select((a, i) => $$""""attachment{{i + 1}}":{"filename":"{{a.Name}}"}"""")
        );
        form.Add(new StringContent("{" + info + "}"), "attachment-info");
        for (var i = 0; i < attachments.Length; i++)
        {
            var file = new ByteArrayContent(attachments[i].Content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, $"attachment{i + 1}", attachments[i].Name);
        }
        return await _http.PostAsync(Api($"inbound/email?code={Uri.EscapeDataString(code)}"), form);
    }

    private static byte[] Bytes(string path) => File.ReadAllBytes(path);

    private IEnumerable<SinkMessage> Replies(string to) =>
        _harness.Sink.Messages.Where(m => m.Categories.Contains("import-report") && m.To.Contains(to));

    private async Task<IReadOnlyList<Core.Messaging.Rejection>> RejectionsAsync() =>
        await _harness.Services.GetRequiredService<RejectionStore>().ListAsync(InboundEmail.RejectionQueue, default);

    [Fact]
    public async Task Health_answers_200()
    {
        var response = await _http.GetAsync(Api("health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_verified_mail_with_two_exports_imports_both_and_replies_once_even_when_delivered_twice()
    {
        var (athlete, address) = await AthleteAsync("mail-ana");
        var attachments = new[]
        {
            ("strong.csv", Bytes(Fixtures.StrongSmall)),
            ("hevy.csv", Bytes(Fixtures.HevySmall)),
        };

        var first = await MailAsync(address, athlete.Email, attachments);
        await _harness.DrainAllAsync();
        var again = await MailAsync(address, athlete.Email, attachments);
        await _harness.DrainAllAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Received.", await first.Content.ReadAsStringAsync());
        var reports = await _harness
            .Services.GetRequiredService<IngestionStore>()
            .ListAsync(athlete.AthleteId, default);
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal("done", r.Status));
        Assert.NotEmpty(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
        var reply = Assert.Single(Replies(athlete.Email));
        Assert.Contains("strong.csv", reply.Text);
        Assert.Contains("hevy.csv", reply.Text);
        Assert.DoesNotContain(athlete.AthleteId, reply.Subject);
    }

    [Theory]
    [InlineData("{@example.com : pass}", "example.com", true)]
    [InlineData("{@EXAMPLE.com : PASS}", "example.com", true)]
    [InlineData("{@example.com : pass}", "mail.example.com", true)]
    [InlineData("{@mail.example.com : pass}", "example.com", true)]
    [InlineData("{@other.example : fail}, {@example.com : pass}", "example.com", true)]
    [InlineData("{@example.com : fail}", "example.com", false)]
    [InlineData("{@com : pass}", "example.com", false)]
    [InlineData("{@badexample.com : pass}", "example.com", false)]
    [InlineData("{@example.com.evil : pass}", "example.com", false)]
    [InlineData("none", "example.com", false)]
    public void Dkim_passes_only_when_signed_by_the_senders_domain_or_one_related_to_it(
        string dkim,
        string senderDomain,
        bool authenticated
    ) => Assert.Equal(authenticated, InboundEmail.Authenticated(dkim, senderDomain));

    [Theory]
    [InlineData("spoofed", "the sender is not the athlete's registered address")]
    [InlineData("unknown", "unknown or revoked import address")]
    [InlineData("unauthenticated", "no passing DKIM signature aligned")]
    [InlineData("spf-only", "no passing DKIM signature aligned")]
    [InlineData("misaligned", "no passing DKIM signature aligned")]
    [InlineData("no-export", "no export attached")]
    public async Task A_refused_mail_answers_200_is_recorded_without_content_and_gets_no_reply(
        string how,
        string reason
    )
    {
        var (athlete, address) = await AthleteAsync($"refused-{how}");
        var export = new[] { ("strong.csv", Bytes(Fixtures.StrongSmall)) };
        var response = how switch
        {
            "spoofed" => await MailAsync(address, "someone@else.example", export, messageId: $"<{how}>"),
            "unknown" => await MailAsync(
                $"aaaaaaaaaaaaaaaaaaaa@{Domain}",
                athlete.Email,
                export,
                messageId: $"<{how}>"
            ),
            "unauthenticated" => await MailAsync(
                address,
                athlete.Email,
                export,
                spf: "fail",
                messageId: $"<{how}>",
                dkim: "{@example.com : fail}"
            ),
            // SPF checks the envelope sender, which anyone can set: without an aligned DKIM pass it is not enough.
            "spf-only" => await MailAsync(address, athlete.Email, export, messageId: $"<{how}>", dkim: "none"),
            "misaligned" => await MailAsync(
                address,
                athlete.Email,
                export,
                messageId: $"<{how}>",
                dkim: "{@attacker.example : pass}"
            ),
            _ => await MailAsync(
                address,
                athlete.Email,
                [("photo.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])],
                messageId: $"<{how}>"
            ),
        };
        await _harness.DrainAllAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // One answer for every mail: nothing tells a sender which address exists or which sender it accepts.
        Assert.Equal("Received.", await response.Content.ReadAsStringAsync());
        // This mail's own row: the Rejections table outlives each test's harness.
        var mailId = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"<{how}>"))
        )[..24];
        var rejection = Assert.Single(await RejectionsAsync(), r => r.Body.Contains(mailId, StringComparison.Ordinal));
        Assert.StartsWith(reason, rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Deadlift", rejection.Body);
        Assert.Empty(
            await _harness.Services.GetRequiredService<IngestionStore>().ListAsync(athlete.AthleteId, default)
        );
        Assert.Empty(_harness.Sink.Messages);
    }

    [Fact]
    public async Task A_mail_over_30_MB_is_refused_with_200()
    {
        var (athlete, address) = await AthleteAsync("mail-huge");
        var response = await MailAsync(address, athlete.Email, [("huge.csv", new byte[50_000_000])]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(await RejectionsAsync(), r => r.Reason.StartsWith("over 30 MB", StringComparison.Ordinal));
        Assert.Empty(
            await _harness.Services.GetRequiredService<IngestionStore>().ListAsync(athlete.AthleteId, default)
        );
    }

    [Fact]
    public async Task A_zip_bomb_attachment_is_refused_at_import_and_the_reply_says_so()
    {
        var (athlete, address) = await AthleteAsync("mail-bomb");
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        await using (
            var entry = zip.CreateEntry("apple_health_export/export.xml", CompressionLevel.SmallestSize).Open()
        )
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++)
                await entry.WriteAsync(zeros);
        }

        var response = await MailAsync(address, athlete.Email, [("export.zip", bomb.ToArray())]);
        await _harness.DrainAllAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = Assert.Single(
            await _harness.Services.GetRequiredService<IngestionStore>().ListAsync(athlete.AthleteId, default)
        );
        // Refused by the zip reader's ratio check: nothing read from it, the reason in the report and the reply.
        Assert.Equal(0, report.Workouts);
        Assert.Contains(report.Rejected, r => r.Reason.Contains("zip bomb", StringComparison.Ordinal));
        Assert.Contains("zip bomb", Assert.Single(Replies(athlete.Email)).Text);
    }

    [Fact]
    public async Task A_file_posted_to_an_upload_link_is_imported_and_reported_with_no_other_command()
    {
        var (athlete, _) = await AthleteAsync("link-ben");
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athlete.AthleteId, AccessPurpose.Upload, default);
        var token = _harness
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Upload, reference, TimeSpan.FromDays(1));

        using var body = new ByteArrayContent(Bytes(Fixtures.StrongSmall));
        var response = await _http.PostAsync(Api($"upload?t={token}&name=strong.csv"), body);
        await _harness.DrainAllAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("uploadId", await response.Content.ReadAsStringAsync());
        Assert.NotEmpty(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
        Assert.Single(Replies(athlete.Email));
        Assert.DoesNotContain(athlete.AthleteId, token);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("altered")]
    [InlineData("checkin")]
    [InlineData("revoked")]
    public async Task The_upload_route_refuses_an_expired_altered_revoked_or_other_purpose_token(string how)
    {
        var (athlete, _) = await AthleteAsync($"bad-link-{how}");
        var access = _harness.Services.GetRequiredService<AccessRefs>();
        var reference = await access.GetOrCreateAsync(athlete.AthleteId, AccessPurpose.Upload, default);
        var tokens = _harness.Services.GetRequiredService<LinkTokens>();
        var token = how switch
        {
            "expired" => tokens.Issue(LinkPurpose.Upload, reference, TimeSpan.FromSeconds(-1)),
            "checkin" => tokens.Issue(LinkPurpose.Checkin, reference, TimeSpan.FromDays(1)),
            _ => tokens.Issue(LinkPurpose.Upload, reference, TimeSpan.FromDays(1)),
        };
        if (how == "altered")
            token = (token[0] == 'A' ? "B" : "A") + token[1..];
        if (how == "revoked")
            await access.RevokeAsync(athlete.AthleteId, default);

        using var body = new ByteArrayContent(Bytes(Fixtures.StrongSmall));
        var response = await _http.PostAsync(Api($"upload?t={token}&name=strong.csv"), body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Exception", text);
        Assert.Contains(
            how switch
            {
                "expired" => "expired",
                "checkin" => "something else",
                "revoked" => "revoked",
                _ => "not valid",
            },
            text
        );
    }

    [Fact]
    public async Task The_webhook_without_its_key_is_401()
    {
        var (athlete, address) = await AthleteAsync("mail-nokey");
        var response = await MailAsync(
            address,
            athlete.Email,
            [("strong.csv", Bytes(Fixtures.StrongSmall))],
            code: "wrong"
        );
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_blob_dropped_into_exports_is_imported()
    {
        var athlete = Scenarios.Athlete("dropped-cy");
        await _harness.AddAthleteAsync(athlete);
        var watcher = new ExportsWatcher(_harness.Storage, TimeProvider.System);
        await watcher.StartAsync(default);
        try
        {
            await Task.Delay(ExportsWatcher.Interval * 2);
            var blob = _harness
                .Storage.Blobs.GetBlobContainerClient(ContainerNames.Exports)
                .GetBlobClient($"{athlete.AthleteId}/strong-from-an-operator.csv");
            await blob.UploadAsync(Fixtures.StrongSmall, overwrite: true);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (
                (await _harness.RowsAsync(athlete.AthleteId, RowKeys.Workout)).Count == 0 && DateTime.UtcNow < deadline
            )
                await _harness.DrainAsync();
        }
        finally
        {
            await watcher.StopAsync(default);
        }

        Assert.NotEmpty(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Workout));
        var report = Assert.Single(
            await _harness.Services.GetRequiredService<IngestionStore>().ListAsync(athlete.AthleteId, default)
        );
        Assert.Equal("strong-from-an-operator.csv", report.FileName);
    }

    [Fact]
    public async Task A_check_in_post_without_its_form_nonce_is_refused_and_a_link_is_rate_limited()
    {
        var (athlete, _) = await AthleteAsync("checkin-csrf");
        var reference = await _harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athlete.AthleteId, AccessPurpose.Checkin, default);
        var token = _harness
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Checkin, reference, TimeSpan.FromDays(1));
        var form = await _http.GetStringAsync(Api($"checkin?t={token}"));
        var nonce = System
            .Text.RegularExpressions.Regex.Match(form, "name=\"nonce\" value=\"([^\"]+)\"")
            .Groups[1]
            .Value;

        // A page elsewhere can make a browser post the token, but not a nonce served with the form.
        Dictionary<string, string> Fields(string? n) =>
            new()
            {
                ["t"] = token,
                ["nonce"] = n ?? "",
                ["pain"] = "2",
                ["legPain"] = "none",
                ["numbness"] = "none",
                ["weakness"] = "none",
                ["trauma"] = "none",
            };
        var forged = await _http.PostAsync(Api($"checkin?t={token}"), new FormUrlEncodedContent(Fields(null)));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await _harness.DrainAllAsync();
        Assert.Empty(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
            statuses.Add(
                (
                    await _http.PostAsync(
                        Api($"checkin?t={token}"),
                        new FormUrlEncodedContent(Fields(await NonceOfFormAsync(token)))
                    )
                ).StatusCode
            );
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        await _harness.DrainAllAsync();
        Assert.Single(await _harness.RowsAsync(athlete.AthleteId, RowKeys.Checkin));
    }

    private async Task<string> NonceOfFormAsync(string token) =>
        System
            .Text.RegularExpressions.Regex.Match(
                await _http.GetStringAsync(Api($"checkin?t={token}")),
                "name=\"nonce\" value=\"([^\"]+)\""
            )
            .Groups[1]
            .Value;

    [Fact]
    public async Task An_erased_athlete_leaves_no_import_address_or_link_that_resolves_and_no_row_that_names_them()
    {
        var (athlete, address) = await AthleteAsync("erased-gil");
        var access = _harness.Services.GetRequiredService<AccessRefs>();
        var reference = address.Split('@')[0];
        Assert.Equal(athlete.AthleteId, await access.FindAthleteAsync(reference, AccessPurpose.Inbound, default));

        await _harness.Services.GetRequiredService<Core.Pipeline.AthleteData>().DeleteAsync(athlete.AthleteId, default);

        Assert.Null(await access.FindAthleteAsync(reference, AccessPurpose.Inbound, default));
        var athletes = _harness.Storage.Tables.GetTableClient(TableNames.Athletes);
        await foreach (var row in athletes.QueryAsync<Azure.Data.Tables.TableEntity>())
            Assert.DoesNotContain(
                athlete.AthleteId,
                string.Join("|", row.PartitionKey, row.RowKey, row.GetString("AthleteId"))
            );
        var refused = await MailAsync(
            address,
            athlete.Email,
            [("strong.csv", Bytes(Fixtures.StrongSmall))],
            messageId: "<after-erasure>"
        );
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(
            await RejectionsAsync(),
            r => r.Reason.StartsWith("unknown or revoked", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task The_coach_index_follows_a_change_of_coach_and_ignores_a_stale_row()
    {
        var store = _harness.Services.GetRequiredService<AthleteStore>();
        var athlete = Scenarios.Athlete("index-hal", coach: "first@example.com");
        await store.UpsertAsync(athlete, default);
        Assert.Equal(
            ["index-hal"],
            (await store.ListByCoachAsync(CoachRefs.Of("first@example.com"), default)).Select(a => a.AthleteId)
        );

        await store.UpsertAsync(athlete with { CoachEmail = "second@example.com" }, default);

        Assert.Empty(await store.ListByCoachAsync(CoachRefs.Of("first@example.com"), default));
        Assert.Equal(
            ["index-hal"],
            (await store.ListByCoachAsync(CoachRefs.Of("second@example.com"), default)).Select(a => a.AthleteId)
        );
        // A row left behind by a crash between the two writes does not bring the athlete back to the old coach.
        await _harness
            .Storage.Tables.GetTableClient(TableNames.Athletes)
            .UpsertEntityAsync(
                new Azure.Data.Tables.TableEntity($"~by-coach-{CoachRefs.Of("first@example.com")}", "index-hal")
            );
        Assert.Empty(await store.ListByCoachAsync(CoachRefs.Of("first@example.com"), default));
    }
}
