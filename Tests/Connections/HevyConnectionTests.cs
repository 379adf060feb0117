using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using BackSignal.Core.Access;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;
using BackSignal.Tests.Infrastructure.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackSignal.Tests.Connections;

/// <summary>
/// A Hevy account connected from the athlete's settings page, against a local Hevy built from its documented API:
/// the backfill of several pages, webhook deliveries (and forged ones), the events feed's updates and deletions, a
/// revoked key, a later CSV export of the same workouts, disconnecting. No test reaches the internet.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class HevyConnectionTests(AzuriteFixture azurite) : FrontDoorTestBase(azurite, 'h')
{
    private FakeHevy _hevy = null!;

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        _hevy = await FakeHevy.StartAsync(() => Harness.Clock.GetUtcNow());
        return new Dictionary<string, string?> { ["Hevy:BaseUrl"] = _hevy.BaseAddress.ToString() };
    }

    protected override ValueTask DisposeMoreAsync() => _hevy.DisposeAsync();

    private DateTimeOffset Now => Harness.Clock.GetUtcNow();

    [Fact]
    public async Task Connecting_backfills_every_page_registers_the_webhook_and_keeps_the_key_out_of_tables_and_logs()
    {
        var athlete = await AthleteAsync("hevy-backfill-ana");
        for (var i = 0; i < 23; i++)
            _hevy.AddWorkout(Now.AddDays(-2 - 2 * i).AddHours(-3), $"Pull {i}", ("Deadlift (Barbell)", 140, 5));
        var key = _hevy.NewKey();

        var answer = await ConnectAsync(athlete, key);
        Assert.Contains("Hevy is connected", answer);
        await Harness.DrainAllAsync();

        // 23 workouts at 10 a page: three pages, each its own message.
        Assert.Equal(3, _hevy.Calls("GET /v1/workouts"));
        var workouts = await Harness.RowsAsync(athlete, RowKeys.Workout);
        Assert.Equal(23, workouts.Count(w => w.GetString("Source") == "hevy"));
        Assert.NotEmpty(await Harness.RowsAsync(athlete, RowKeys.Metrics));
        var (url, token) = _hevy.Subscription!.Value;
        Assert.EndsWith("/api/hooks/hevy", url);
        Assert.StartsWith("Bearer ", token);

        // The key is a secret: in no table, no log line, no URL; its file does not hold it in clear.
        await foreach (var table in Harness.Storage.Tables.QueryAsync())
        await foreach (var row in Harness.Storage.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            Assert.DoesNotContain(row, p => p.Value?.ToString()?.Contains(key) == true || p.Value?.ToString() == token);
        Assert.DoesNotContain(Harness.Logs.Lines, l => l.Contains(key));
        var secrets = Directory.GetFiles(Harness.Configuration["Secrets:Directory"]!);
        var secret = Assert.Single(secrets);
        Assert.DoesNotContain(key, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(secret)));

        var page = await PageAsync(athlete, "me");
        Assert.Contains("Hevy: connected since", page);
        Assert.Contains("23 workouts imported", page);
    }

    [Fact]
    public async Task A_delivered_workout_is_fetched_and_computed_and_a_forged_delivery_imports_nothing()
    {
        var athlete = await AthleteAsync("hevy-hook-ben");
        await ConnectAsync(athlete, _hevy.NewKey());
        await Harness.DrainAllAsync();
        var id = _hevy.AddWorkout(
            Now.AddHours(-2),
            "Heavy pull",
            ("Deadlift (Barbell)", 180, 3),
            ("Deadlift (Barbell)", 180, 3)
        );
        var hook = Api("hooks/hevy").ToString();

        var forged = await _hevy.DeliverAsync(Http, id, authToken: "Bearer " + new string('0', 64), url: hook);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var noHeader = await Http.PostAsync(hook, new StringContent("{\"payload\":{\"workoutId\":\"x\"}}"));
        Assert.Equal(HttpStatusCode.Unauthorized, noHeader.StatusCode);
        Assert.Equal(0, await QueuedAsync());

        var delivered = await _hevy.DeliverAsync(Http, id, url: hook);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        await Harness.DrainAllAsync();
        var today = Harness
            .Clock.GetUtcNow()
            .ToOffset(TimeSpan.FromHours(1))
            .ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var stored = Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout + today));
        Assert.Contains("Heavy pull", stored.GetString("Json"));
        // Computed with no step by the athlete: today's day row counts the deadlifts.
        var day = Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Day + today));
        Assert.True(day.GetDouble("HingeVolumeKg") > 0);
    }

    [Fact]
    public async Task The_events_feed_applies_an_edit_that_moves_a_workout_and_a_deletion_and_recomputes()
    {
        var athlete = await AthleteAsync("hevy-feed-cai");
        var moved = _hevy.AddWorkout(Now.AddDays(-3), "Legs", ("Squat (Barbell)", 120, 5));
        var gone = _hevy.AddWorkout(
            Now.AddDays(-5),
            "Pull",
            ("Deadlift (Barbell)", 150, 5),
            ("Deadlift (Barbell)", 150, 5)
        );
        await ConnectAsync(athlete, _hevy.NewKey());
        await Harness.DrainAllAsync();
        Assert.Equal(2, (await Harness.RowsAsync(athlete, RowKeys.Workout)).Count);
        var goneDay = Now.AddDays(-5)
            .ToOffset(TimeSpan.FromHours(1))
            .ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var before = Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Day + goneDay));
        Assert.True(before.GetDouble("HingeVolumeKg") > 0);

        Harness.Clock.Advance(TimeSpan.FromMinutes(30));
        var newStart = Now.AddDays(-2);
        _hevy.Update(moved, w => w["start_time"] = FakeHevy.Iso(newStart));
        _hevy.Delete(gone);
        Harness.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(await Harness.Services.GetRequiredService<ConnectionPolls>().RunAsync(default) >= 1);
        await Harness.DrainAllAsync();

        var rows = await Harness.RowsAsync(athlete, RowKeys.Workout);
        var left = Assert.Single(rows);
        Assert.Contains("Legs", left.GetString("Json"));
        Assert.Equal(newStart, left.GetDateTimeOffset("Start"));
        var connection = await Connections.FindAsync(athlete, "hevy", default);
        Assert.Equal(1, connection!.Removed);
        Assert.True(connection.EventsSince > connection.ConnectedAt);
        // The days were recomputed: the deleted workout's day has no hinge volume left.
        var after = await Harness.RowsAsync(athlete, RowKeys.Day + goneDay);
        Assert.All(after, d => Assert.Equal(0, d.GetDouble("HingeVolumeKg") ?? 0));
    }

    [Fact]
    public async Task A_later_CSV_export_of_the_same_workouts_adds_no_second_copy()
    {
        var athlete = await AthleteAsync("hevy-csv-dee");
        var start = new DateTimeOffset(2026, 11, 17, 17, 30, 0, TimeSpan.Zero);
        _hevy.AddWorkout(start, "Pull day", ("Deadlift (Barbell)", 140, 5), ("Deadlift (Barbell)", 140, 5));
        await ConnectAsync(athlete, _hevy.NewKey());
        await Harness.DrainAllAsync();
        Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout));

        // Hevy's CSV writes local time to the minute (the athlete is in Berlin: 18:30).
        var csv =
            "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
            + "weight_kg,reps,distance_km,duration_seconds,rpe\n"
            + "Pull day,\"17 Nov 2026, 18:30\",\"17 Nov 2026, 19:30\",,Deadlift (Barbell),,,0,warmup,140,5,,,\n"
            + "Pull day,\"17 Nov 2026, 18:30\",\"17 Nov 2026, 19:30\",,Deadlift (Barbell),,,1,normal,140,5,,,8\n";
        var upload = await Http.PostAsync(
            Api($"upload?t={await TokenAsync(athlete, AccessPurpose.Upload, LinkPurpose.Upload)}&name=hevy.csv"),
            new StringContent(csv, Encoding.UTF8, "text/csv")
        );
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        await Harness.DrainAllAsync();
        Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout));

        // And a deletion at Hevy still finds it.
        var id = _hevy.AddWorkout(start.AddDays(-1), "Other", ("Squat (Barbell)", 100, 5));
        Harness.Clock.Advance(TimeSpan.FromMinutes(10));
        _hevy.Update(id, _ => { });
        await Harness.Services.GetRequiredService<ConnectionPolls>().RunAsync(default);
        await Harness.DrainAllAsync();
        Assert.Equal(2, (await Harness.RowsAsync(athlete, RowKeys.Workout)).Count);
    }

    [Fact]
    public async Task A_revoked_key_is_said_in_plain_words_and_webhooks_stop_leading_to_the_athlete()
    {
        var athlete = await AthleteAsync("hevy-revoked-eli");
        var key = _hevy.NewKey();
        await ConnectAsync(athlete, key);
        await Harness.DrainAllAsync();
        var (_, token) = _hevy.Subscription!.Value;

        _hevy.Revoke(key);
        Harness.Clock.Advance(TimeSpan.FromHours(1));
        await Harness.Services.GetRequiredService<ConnectionPolls>().RunAsync(default);
        await Harness.DrainAllAsync();

        var page = await PageAsync(athlete, "me");
        Assert.Contains("Hevy no longer accepts the API key", page);
        Assert.Empty(Directory.GetFiles(Harness.Configuration["Secrets:Directory"]!));
        var late = await _hevy.DeliverAsync(Http, "any", authToken: token, url: Api("hooks/hevy").ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        // The settings page offers to paste a new key.
        Assert.Contains("Connect Hevy", await PageAsync(athlete, "settings"));
    }

    [Fact]
    public async Task A_key_Hevy_refuses_is_not_kept_and_the_athlete_is_told_why()
    {
        var athlete = await AthleteAsync("hevy-badkey-fay");
        var answer = await ConnectAsync(athlete, Guid.NewGuid().ToString());
        Assert.Contains("Hevy did not accept this key", answer);
        Assert.Contains("Hevy Pro", answer);
        Assert.Null(await Connections.FindAsync(athlete, "hevy", default));
        Assert.Empty(Directory.GetFiles(Harness.Configuration["Secrets:Directory"]!));
        Assert.Contains("is not a Hevy API key", await ConnectAsync(athlete, "<script>"));
    }

    [Fact]
    public async Task Disconnecting_removes_the_webhook_and_the_secret_and_keeps_the_workouts_and_erasure_disconnects()
    {
        var athlete = await AthleteAsync("hevy-leave-gus");
        _hevy.AddWorkout(Now.AddDays(-1), "Push", ("Bench Press (Barbell)", 80, 8));
        await ConnectAsync(athlete, _hevy.NewKey());
        await Harness.DrainAllAsync();

        var settings = await PageAsync(athlete, "settings");
        var nonce = Regex.Match(
            settings,
            "action=\"/api/connect/disconnect\\?t=[^\"]+\"><input type=\"hidden\" name=\"nonce\" value=\"([^\"]+)\""
        );
        Assert.True(nonce.Success);
        var answer = await Http.PostAsync(
            Api($"connect/disconnect?t={await TokenAsync(athlete, AccessPurpose.Me, LinkPurpose.Me)}"),
            new FormUrlEncodedContent([
                new("nonce", WebUtility.HtmlDecode(nonce.Groups[1].Value)),
                new("provider", "hevy"),
            ])
        );
        Assert.Contains("Hevy is disconnected", await answer.Content.ReadAsStringAsync());
        Assert.Null(_hevy.Subscription);
        Assert.Empty(Directory.GetFiles(Harness.Configuration["Secrets:Directory"]!));
        Assert.Single(await Harness.RowsAsync(athlete, RowKeys.Workout));

        // Erasing an account disconnects it first.
        var other = await AthleteAsync("hevy-erased-hal");
        await ConnectAsync(other, _hevy.NewKey());
        await Harness.DrainAllAsync();
        Assert.NotNull(_hevy.Subscription);
        await Harness.Services.GetRequiredService<AthleteData>().DeleteAsync(other, default);
        Assert.Null(_hevy.Subscription);
        Assert.Empty(Directory.GetFiles(Harness.Configuration["Secrets:Directory"]!));
        Assert.Null(await Connections.FindAsync(other, "hevy", default));
    }

    [Fact]
    public async Task In_a_browser_the_settings_page_connects_Hevy_and_the_athletes_page_shows_the_connection()
    {
        var athlete = await AthleteAsync("hevy-browser-ivy");
        _hevy.AddWorkout(Now.AddDays(-1), "Pull", ("Deadlift (Barbell)", 120, 5), ("Deadlift (Barbell)", 120, 5));
        var key = _hevy.NewKey();
        await using var browser = await PhoneBrowser.LaunchAsync();
        var page = await browser.NewPageAsync();
        var token = await TokenAsync(athlete, AccessPurpose.Me, LinkPurpose.Me);

        await page.GotoAsync(Api($"settings?t={token}").ToString());
        await page.GetByLabel("Your Hevy API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Hevy" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Hevy is connected");
        await Harness.DrainAllAsync();

        await page.GotoAsync(Api($"me?t={token}").ToString());
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Hevy: connected since");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1 workout imported");
        await page.GotoAsync(Api($"settings?t={token}").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Disconnect Hevy" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Hevy is disconnected");
    }

    private ConnectionStore Connections => Harness.Services.GetRequiredService<ConnectionStore>();

    private Task<string> AthleteAsync(string id) => Harness.AddAthleteWithoutConnectionsAsync(id);

    private async Task<string> TokenAsync(string athleteId, AccessPurpose access, LinkPurpose purpose)
    {
        var reference = await Harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(athleteId, access, default);
        return Harness.Services.GetRequiredService<LinkTokens>().Issue(purpose, reference, TimeSpan.FromDays(1));
    }

    private async Task<string> PageAsync(string athleteId, string route) =>
        await (
            await Http.GetAsync(Api($"{route}?t={await TokenAsync(athleteId, AccessPurpose.Me, LinkPurpose.Me)}"))
        ).Content.ReadAsStringAsync();

    /// <summary>The settings page's Hevy form, as a browser sends it.</summary>
    private async Task<string> ConnectAsync(string athleteId, string key)
    {
        var token = await TokenAsync(athleteId, AccessPurpose.Me, LinkPurpose.Me);
        var settings = await (await Http.GetAsync(Api($"settings?t={token}"))).Content.ReadAsStringAsync();
        var nonce = HevyForm().Match(settings);
        Assert.True(nonce.Success, "no Hevy form on the settings page");
        var response = await Http.PostAsync(
            Api($"connect/hevy?t={token}"),
            new FormUrlEncodedContent([new("nonce", WebUtility.HtmlDecode(nonce.Groups[1].Value)), new("apiKey", key)])
        );
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<int> QueuedAsync() =>
        (await Harness.Queue.GetQueue(Core.Messaging.QueueNames.Connections).GetPropertiesAsync())
            .Value
            .ApproximateMessagesCount;

    [GeneratedRegex("action=\"/api/connect/hevy\\?t=[^\"]+\"><input type=\"hidden\" name=\"nonce\" value=\"([^\"]+)\"")]
    private static partial Regex HevyForm();
}

/// <summary>`backsignal connect` and `disconnect` as an operator runs them, against the same local Hevy.</summary>
[Collection(StorageCollection.Name)]
public sealed class ConnectCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_CLI_connects_Hevy_with_a_key_read_from_standard_input_lists_it_and_disconnects()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await using var hevy = await FakeHevy.StartAsync(() => harness.Clock.GetUtcNow());
        await harness.AddAthleteWithoutConnectionsAsync("cli-hevy-joe");
        var secrets = Path.Combine(Path.GetTempPath(), "backsignal-cli-secrets-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            [StorageClients.SettingName] = azurite.ConnectionString,
            ["Hevy__BaseUrl"] = hevy.BaseAddress.ToString(),
            ["Secrets__Directory"] = secrets,
            ["Secrets__LocalKey"] = TestKeys.Of('k'),
        };
        var key = hevy.NewKey();
        try
        {
            var (exit, output, error) = Backsignal.RunWithInput(
                environment,
                key + "\n",
                "connect",
                "hevy",
                "--athlete",
                "cli-hevy-joe"
            );
            Assert.True(exit == 0, output + error);
            Assert.Contains("Hevy is connected for 'cli-hevy-joe'", output);
            Assert.DoesNotContain(key, output + error);
            Assert.Single(Directory.GetFiles(secrets));
            Assert.NotNull(hevy.Subscription);

            (exit, output, _) = Backsignal.Run(environment, "connect", "list", "--athlete", "cli-hevy-joe");
            Assert.Equal(0, exit);
            Assert.Contains("Hevy: connected since", output);

            (exit, output, _) = Backsignal.Run(environment, "disconnect", "hevy", "--athlete", "cli-hevy-joe");
            Assert.Equal(0, exit);
            Assert.Contains("Hevy is disconnected", output);
            Assert.Null(hevy.Subscription);
            Assert.Empty(Directory.GetFiles(secrets));

            (exit, output, _) = Backsignal.Run(environment, "connect", "strava", "--athlete", "cli-hevy-joe");
            Assert.Equal(2, exit);
            Assert.Contains("Strava is not set up", output);
        }
        finally
        {
            if (Directory.Exists(secrets))
                Directory.Delete(secrets, recursive: true);
        }
    }
}
