using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Azure.Data.Tables;
using BackSignal.Core.Access;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;
using BackSignal.Tests.Infrastructure.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Connections;

/// <summary>
/// A Strava account connected by OAuth against a local Strava built from its documented API: the subscription
/// challenge, the code exchange and its single-use state, webhook events (and forged ones), token refresh before
/// expiry, a 429 waited out through the queue, deauthorization, deletion. No test reaches the internet.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StravaConnectionTests(AzuriteFixture azurite) : FrontDoorTestBase(azurite, 'v')
{
    private const string VerifyToken = "verify-me-7f3a9c";
    private FakeStrava _strava = null!;

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        _strava = await FakeStrava.StartAsync(() => Harness.Clock.GetUtcNow());
        return new Dictionary<string, string?>
        {
            ["Strava:BaseUrl"] = _strava.BaseAddress.ToString(),
            ["Strava:ClientId"] = FakeStrava.ClientId,
            ["Strava:ClientSecret"] = FakeStrava.ClientSecret,
            ["Strava:VerifyToken"] = VerifyToken,
        };
    }

    protected override ValueTask DisposeMoreAsync() => _strava.DisposeAsync();

    private DateTimeOffset Now => Harness.Clock.GetUtcNow();

    [Fact]
    public async Task The_subscription_challenge_is_answered_only_with_the_verify_token()
    {
        const string Challenge = "15f7d1a91c1f40f8a748fd134752feb3";
        var right = await Http.GetAsync(
            Api($"hooks/strava?hub.mode=subscribe&hub.challenge={Challenge}&hub.verify_token={VerifyToken}")
        );
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var body = JsonNode.Parse(await right.Content.ReadAsStringAsync())!;
        Assert.Equal("15f7d1a91c1f40f8a748fd134752feb3", (string?)body["hub.challenge"]);

        var wrong = await Http.GetAsync(Api("hooks/strava?hub.mode=subscribe&hub.challenge=x&hub.verify_token=guess"));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        var none = await Http.GetAsync(Api("hooks/strava?hub.mode=subscribe&hub.challenge=x"));
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
    }

    [Fact]
    public async Task Connecting_exchanges_the_code_once_and_an_event_imports_the_activity_computed()
    {
        var athlete = await AthleteAsync("strava-ana");
        var redirect = await AuthorizeAsync(athlete, 5001);
        var connected = await Http.GetAsync(redirect);
        Assert.Contains("Strava is connected", await connected.Content.ReadAsStringAsync());
        // The same state again (a replayed redirect) connects nothing.
        var replay = await Http.GetAsync(redirect);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("used already or is too old", await replay.Content.ReadAsStringAsync());

        var lift = _strava.AddActivity(5001, Now.AddHours(-3), "WeightTraining", 70, exertion: 8);
        Assert.Equal(
            HttpStatusCode.OK,
            (await PostEventAsync(FakeStrava.Event("activity", lift, "create", 5001))).StatusCode
        );
        await Harness.DrainAllAsync();
        var stored = Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout));
        Assert.Equal("strava", stored.GetString("Source"));
        Assert.Contains("\"sport\":\"strength\"", stored.GetString("Json"));
        Assert.Contains("\"sessionRpe\":8", stored.GetString("Json"));
        Assert.NotEmpty(await Harness.RowsAsync(athlete, RowKeys.Day));
        Assert.Contains("Strava: connected since", await PageAsync(athlete, "me"));

        // Tokens are secrets: not in the table.
        var row = await Harness
            .Storage.Tables.GetTableClient(TableNames.Connections)
            .GetEntityAsync<TableEntity>(athlete, "strava");
        Assert.DoesNotContain(row.Value, p => p.Key.Contains("token", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Forged_events_import_nothing_and_delete_nothing()
    {
        var athlete = await AthleteAsync("strava-ben");
        await Http.GetAsync(await AuthorizeAsync(athlete, 5002));
        var mine = _strava.AddActivity(5002, Now.AddDays(-1), "Run", 40);
        await PostEventAsync(FakeStrava.Event("activity", mine, "create", 5002));
        await Harness.DrainAllAsync();
        Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout));

        // Someone else's activity, named as if it were the athlete's: Strava answers 404 to the athlete's token.
        var theirs = _strava.AddActivity(7777, Now.AddDays(-1), "WeightTraining", 60);
        await PostEventAsync(FakeStrava.Event("activity", theirs, "create", 5002));
        // A deletion of an activity Strava still has for the athlete.
        await PostEventAsync(FakeStrava.Event("activity", mine, "delete", 5002));
        // An account nobody connected here: not even queued.
        var unknown = await PostEventAsync(FakeStrava.Event("activity", theirs, "create", 7777));
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        // A deauthorization Strava did not make (the tokens still work).
        await PostEventAsync(FakeStrava.Event("athlete", 5002, "update", 5002, deauthorize: true));
        var junk = await Http.PostAsync(
            Api("hooks/strava"),
            new StringContent("{not json", Encoding.UTF8, "application/json")
        );
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        await Harness.DrainAllAsync();

        Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout));
        var connection = await Connections.FindAsync(athlete, "strava", default);
        Assert.Equal(ConnectionRow.Connected, connection!.Status);

        // A real deletion: Strava no longer has it.
        _strava.DeleteActivity(mine);
        await PostEventAsync(FakeStrava.Event("activity", mine, "delete", 5002));
        await Harness.DrainAllAsync();
        Assert.Empty(await Harness.RowsAsync(athlete, RowKeys.Workout));
    }

    [Fact]
    public async Task Tokens_are_refreshed_before_they_expire_and_kept()
    {
        _strava.TokenLifetime = TimeSpan.FromMinutes(3);
        var athlete = await AthleteAsync("strava-cai");
        await Http.GetAsync(await AuthorizeAsync(athlete, 5003));
        await Harness.DrainAllAsync();
        // The exchange, then the backfill's refresh: three minutes is within the five before expiry.
        Assert.Equal(2, _strava.Calls("/oauth/token"));

        _strava.TokenLifetime = TimeSpan.FromHours(6);
        var first = _strava.AddActivity(5003, Now.AddHours(-5), "Ride", 90);
        await PostEventAsync(FakeStrava.Event("activity", first, "create", 5003));
        await Harness.DrainAllAsync();
        Assert.Equal(3, _strava.Calls("/oauth/token"));
        Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout));

        var second = _strava.AddActivity(5003, Now.AddHours(-2), "Ride", 30);
        await PostEventAsync(FakeStrava.Event("activity", second, "create", 5003));
        await Harness.DrainAllAsync();
        // The refreshed tokens (six hours now) were kept: no further refresh.
        Assert.Equal(3, _strava.Calls("/oauth/token"));
        Assert.Equal(2, (await Harness.RowsAsync(athlete, RowKeys.Workout)).Count);
    }

    [Fact]
    public async Task Connecting_imports_the_last_twelve_weeks_page_by_page()
    {
        var athlete = await AthleteAsync("strava-hist");
        for (var i = 0; i < 120; i++)
            _strava.AddActivity(5007, Now.AddHours(-12 - i * 15), i % 2 == 0 ? "WeightTraining" : "Run", 45);
        _strava.AddActivity(5007, Now.AddDays(-100), "Run", 30);
        _strava.AddActivity(7777, Now.AddDays(-3), "Run", 30);

        await Http.GetAsync(await AuthorizeAsync(athlete, 5007));
        await Harness.DrainAllAsync();

        // 120 in the last twelve weeks, two pages of up to 100; the older one and someone else's are not.
        Assert.Equal(2, _strava.Calls("/api/v3/athlete/activities"));
        Assert.Equal(120, (await Harness.RowsAsync(athlete, RowKeys.Workout)).Count);
        var page = await PageAsync(athlete, "me");
        Assert.Contains("120 workouts imported", page);
        Assert.DoesNotContain("still being imported", page);
    }

    [Fact]
    public async Task Two_steps_refreshing_at_once_both_import_and_the_connection_stays()
    {
        _strava.TokenLifetime = TimeSpan.FromMinutes(1);
        var athlete = await AthleteAsync("strava-fin");
        await Http.GetAsync(await AuthorizeAsync(athlete, 5006));
        var a = _strava.AddActivity(5006, Now.AddHours(-5), "Run", 30);
        var b = _strava.AddActivity(5006, Now.AddHours(-4), "Ride", 45);
        await PostEventAsync(FakeStrava.Event("activity", a, "create", 5006));
        await PostEventAsync(FakeStrava.Event("activity", b, "create", 5006));

        // Both steps at once, each finding tokens to refresh (Strava's refresh token changes with each refresh).
        var queue = Harness.Queue.GetQueue(Core.Messaging.QueueNames.Connections);
        var messages = (await queue.ReceiveMessagesAsync(2)).Value;
        Assert.Equal(2, messages.Length);
        await Task.WhenAll(
            messages.Select(m => Harness.ProcessAsync(Core.Messaging.QueueNames.Connections, m.MessageText))
        );
        foreach (var m in messages)
            await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        await Harness.DrainAllAsync();

        Assert.Equal(2, (await Harness.RowsAsync(athlete, RowKeys.Workout)).Count);
        Assert.Equal(ConnectionRow.Connected, (await Connections.FindAsync(athlete, "strava", default))!.Status);
    }

    [Fact]
    public async Task A_rate_limit_puts_the_step_back_on_the_queue_until_the_window_allows()
    {
        var athlete = await AthleteAsync("strava-dee");
        await Http.GetAsync(await AuthorizeAsync(athlete, 5004));
        await Harness.DrainAllAsync();
        var id = _strava.AddActivity(5004, Now.AddHours(-1), "WeightTraining", 60);
        _strava.PlanFault(429, retryAfter: "2");
        await PostEventAsync(FakeStrava.Event("activity", id, "create", 5004));

        await Harness.DrainAsync();
        // Refused once, nothing stored, the step waiting invisibly in the queue (no handler slept).
        Assert.Equal(1, _strava.Calls("activity"));
        Assert.Empty(await Harness.RowsAsync(athlete, RowKeys.Workout));
        var queue = Harness.Queue.GetQueue(Core.Messaging.QueueNames.Connections);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.PeekMessagesAsync()).Value);

        await Harness.DrainAllAsync();
        Assert.Equal(2, _strava.Calls("activity"));
        Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout));
    }

    [Fact]
    public async Task Deauthorization_at_Strava_removes_the_tokens_and_a_scope_without_activities_is_refused()
    {
        var athlete = await AthleteAsync("strava-eli");
        await Http.GetAsync(await AuthorizeAsync(athlete, 5005));
        Assert.Single(Directory.GetFiles(Harness.Configuration["Secrets:Directory"]!));

        _strava.Deauthorize(5005);
        await PostEventAsync(FakeStrava.Event("athlete", 5005, "update", 5005, deauthorize: true));
        await Harness.DrainAllAsync();
        Assert.Empty(Directory.GetFiles(Harness.Configuration["Secrets:Directory"]!));
        Assert.Contains("Strava no longer gives BackSignal access", await PageAsync(athlete, "me"));
        // Later events lead nowhere.
        var late = _strava.AddActivity(5005, Now.AddHours(-1), "Run", 30);
        await PostEventAsync(FakeStrava.Event("activity", late, "create", 5005));
        Assert.Equal(
            0,
            (await Harness.Queue.GetQueue(Core.Messaging.QueueNames.Connections).GetPropertiesAsync())
                .Value
                .ApproximateMessagesCount
        );

        // Connecting again without letting BackSignal read activities connects nothing.
        var narrow = await Http.GetAsync(await AuthorizeAsync(athlete, 5005, scope: "read"));
        Assert.Contains("needs to read your activities", await narrow.Content.ReadAsStringAsync());
    }

    private ConnectionStore Connections => Harness.Services.GetRequiredService<ConnectionStore>();

    private Task<string> AthleteAsync(string id) => Harness.AddAthleteWithoutConnectionsAsync(id);

    private async Task<string> MeAsync(string athleteId)
    {
        var reference = await Harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athleteId, AccessPurpose.Me, default);
        return Harness.Services.GetRequiredService<LinkTokens>().Issue(LinkPurpose.Me, reference, TimeSpan.FromDays(1));
    }

    private async Task<string> PageAsync(string athleteId, string route) =>
        await (await Http.GetAsync(Api($"{route}?t={await MeAsync(athleteId)}"))).Content.ReadAsStringAsync();

    /// <summary>
    /// "Connect Strava" on the settings page, Strava's page agreed to, and the redirect back to this front door.
    /// </summary>
    private async Task<Uri> AuthorizeAsync(
        string athleteId,
        long stravaAthlete,
        string scope = "read,activity:read_all"
    )
    {
        var settings = await PageAsync(athleteId, "settings");
        Assert.Contains("Connect Strava", settings);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var start = await noRedirects.GetAsync(Api($"connect/strava?t={await MeAsync(athleteId)}"));
        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(_strava.BaseAddress + "oauth/authorize", authorize.ToString());
        Assert.Equal("activity:read_all", HttpUtility.ParseQueryString(authorize.Query)["scope"]);
        var back = _strava.Approve(authorize, stravaAthlete, scope);
        Assert.EndsWith("/api/connect/strava/callback", back.GetLeftPart(UriPartial.Path));
        return new Uri(Server.BaseUri, back.PathAndQuery);
    }

    private Task<HttpResponseMessage> PostEventAsync(JsonObject body) =>
        Http.PostAsync(Api("hooks/strava"), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
}
