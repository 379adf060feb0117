using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Pipeline;

/// <summary>The `backsignal` commands as a user runs them, against the test Azurite.</summary>
[Collection(StorageCollection.Name)]
public class CliTests(AzuriteFixture azurite)
{
    private (int Exit, string Out) Run(params string[] args)
    {
        var (exit, stdout, stderr) = Backsignal.Run(
            new Dictionary<string, string> { [StorageClients.SettingName] = azurite.ConnectionString },
            args
        );
        return (exit, stdout + stderr);
    }

    [Fact]
    public async Task Link_invite_queues_the_invitation_and_prints_its_sign_up_link()
    {
        var (exit, output) = Run(
            "link",
            "invite",
            "--coach-email",
            "coach.cli@example.com",
            "--email",
            "cli-invitee@example.com",
            "--name",
            "Ina"
        );
        Assert.Equal(0, exit);
        Assert.Contains("/api/signup?t=", output);
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var pending = await harness
            .Services.GetRequiredService<Invitations>()
            .PendingAsync(CoachRefs.Of("coach.cli@example.com"), DateTimeOffset.UtcNow, default);
        Assert.Contains(pending, i => i.Email == "cli-invitee@example.com" && i.Name == "Ina");
    }

    [Theory]
    [InlineData("alerts", "--athlete")]
    [InlineData("plan list", "--athlete")]
    [InlineData("report", "--athlete")]
    [InlineData("athlete show", "")]
    [InlineData("link checkin", "--athlete")]
    public void Every_command_that_names_an_athlete_says_the_same_when_there_is_none(string command, string option)
    {
        string[] args = [.. command.Split(' '), .. option.Length > 0 ? new[] { option } : [], "cli-nobody"];
        var (exit, output) = Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("No athlete 'cli-nobody': add them first with", output.ReplaceLineEndings(" "));
    }

    [Fact]
    public async Task Athlete_add_stores_opt_outs_and_thresholds_and_refuses_unknown_ones()
    {
        var (exit, _) = Run(
            "athlete",
            "add",
            "cli-ada",
            "--email",
            "cli-ada@example.com",
            "--time-zone",
            "Pacific/Auckland",
            "--opt-out",
            "weekly-summary",
            "--threshold",
            "AcwrSpike=1.4"
        );
        Assert.Equal(0, exit);

        await using var harness = await PipelineHarness.StartAsync(azurite);
        var profile = await harness.Services.GetRequiredService<AthleteStore>().FindAsync("cli-ada", default);
        Assert.NotNull(profile);
        Assert.Equal(["weekly-summary"], profile.EmailOptOuts!);
        Assert.Equal(1.4, profile.Thresholds!["AcwrSpike"]);
        Assert.Equal("Pacific/Auckland", profile.TimeZone);

        var (refused, output) = Run(
            "athlete",
            "add",
            "cli-ben",
            "--email",
            "b@example.com",
            "--opt-out",
            "doctor-alerts"
        );
        Assert.NotEqual(0, refused);
        Assert.Contains("see-a-doctor emails cannot be turned off", output);
        Assert.Null(await harness.Services.GetRequiredService<AthleteStore>().FindAsync("cli-ben", default));
    }

    [Fact]
    public async Task Athlete_add_stores_health_context_and_refuses_a_less_sensitive_doctor_threshold()
    {
        var (exit, _) = Run(
            "athlete",
            "add",
            "cli-gus",
            "--email",
            "gus@example.com",
            "--birth-year",
            "1960",
            "--health",
            "osteoporosis,cancer-history",
            "--threshold",
            "SoonPain=5"
        );
        Assert.Equal(0, exit);
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var profile = (await harness.Services.GetRequiredService<AthleteStore>().FindAsync("cli-gus", default))!;
        Assert.Equal(
            (1960, true, true, false, false),
            (
                profile.BirthYear,
                profile.Osteoporosis,
                profile.CancerHistory,
                profile.LongTermSteroids,
                profile.Immunosuppressed
            )
        );

        var (refused, output) = Run(
            "athlete",
            "add",
            "cli-hal",
            "--email",
            "hal@example.com",
            "--threshold",
            "SoonPain=9"
        );
        Assert.NotEqual(0, refused);
        // The console wraps long lines at 80 columns: compare the words, not the line breaks.
        Assert.Contains(
            "less sensitive",
            string.Join(' ', output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        );
        var (badHealth, healthOutput) = Run(
            "athlete",
            "add",
            "cli-hal",
            "--email",
            "hal@example.com",
            "--health",
            "diabetes"
        );
        Assert.NotEqual(0, badHealth);
        Assert.Contains("'diabetes' is not one of cancer-history", healthOutput);
        Assert.Null(await harness.Services.GetRequiredService<AthleteStore>().FindAsync("cli-hal", default));
    }

    [Fact]
    public async Task Checkin_shows_the_emergency_advice_before_it_queues_anything()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.AddAthleteAsync(Scenarios.Athlete("cli-ida", coach: null));

        var (exit, output) = Run(
            "checkin",
            "--athlete",
            "cli-ida",
            "--pain",
            "3",
            "--numbness",
            "saddle",
            "--trauma",
            "minor"
        );

        Assert.Equal(0, exit);
        var emergency = output.IndexOf("EMERGENCY: Call the emergency number now", StringComparison.Ordinal);
        Assert.True(emergency >= 0, output);
        Assert.True(emergency < output.IndexOf("Queued 1 check-in", StringComparison.Ordinal));
        Assert.Contains("saddle area", output);
        Assert.Contains("not a medical service", output);

        var (quiet, calm) = Run("checkin", "--athlete", "cli-ida", "--pain", "2", "--date", "2026-11-19");
        Assert.Equal(0, quiet);
        Assert.DoesNotContain("EMERGENCY", calm);
        Assert.DoesNotContain("See a doctor", calm);
        // A calm check-in keeps its safety net.
        // The console wraps long lines: compare the words.
        Assert.Contains(
            "Call the emergency number at once (112 in Europe, 999 in the UK, 911 in North America) for:",
            System.Text.RegularExpressions.Regex.Replace(calm, @"\s+", " ")
        );
        Assert.Contains("not easing within two weeks", calm);
    }

    [Fact]
    public async Task A_German_athlete_gets_the_check_in_advice_in_German_with_112_and_116117()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var (added, addOutput) = Run(
            "athlete",
            "add",
            "cli-de",
            "--email",
            "lena@example.com",
            "--language",
            "de",
            "--country",
            "de"
        );
        Assert.Equal(0, added);
        var profile = await harness.Services.GetRequiredService<AthleteStore>().FindAsync("cli-de", default);
        Assert.Equal(("de", "DE"), (profile!.Language, profile.Country));
        var (refused, why) = Run("athlete", "add", "cli-xx", "--email", "x@example.com", "--language", "xx");
        Assert.NotEqual(0, refused);
        Assert.Contains("--language 'xx' is not one of en, de, fr, es", why);

        var (exit, wrapped) = Run("checkin", "--athlete", "cli-de", "--pain", "3", "--saddle-numbness");
        var output = System.Text.RegularExpressions.Regex.Replace(wrapped, @"\s+", " ");

        Assert.Equal(0, exit);
        Assert.Contains("NOTFALL: Rufen Sie jetzt den Notruf (112) an oder gehen Sie in eine Notaufnahme.", output);
        Assert.Contains("116117 (ärztlicher Bereitschaftsdienst)", output);
        Assert.DoesNotContain("999", output);
        Assert.Contains(addOutput.Trim(), "Saved athlete cli-de.");
    }

    [Fact]
    public async Task Checkin_acts_on_two_signs_at_once_even_with_a_pain_score_out_of_range()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.AddAthleteAsync(Scenarios.Athlete("cli-jo", coach: null));

        var (exit, output) = Run(
            "checkin",
            "--athlete",
            "cli-jo",
            "--date",
            "2026-11-20",
            "--pain",
            "11",
            "--saddle-numbness",
            "--numbness",
            "one-leg"
        );

        // The advice first, the check-in queued without the bad score, then the message naming the field.
        Assert.Equal(1, exit);
        var emergency = output.IndexOf("EMERGENCY: Call the emergency number now", StringComparison.Ordinal);
        var problem = output.IndexOf("Not saved: pain: 11 is outside 0..10", StringComparison.Ordinal);
        Assert.True(emergency >= 0 && problem > emergency, output);
        Assert.Contains("numbness or tingling in one leg", output);
        Assert.Contains("Queued 1 check-in", output);
        await harness.DrainAsync();
        var stored = Assert.Single(
            await harness
                .Services.GetRequiredService<TrainingStore>()
                .GetCheckinsAsync("cli-jo", new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1), default)
        );
        Assert.Equal((true, Numbness.OneLeg, (int?)null), (stored.SaddleNumbness, stored.Numbness, stored.Pain));
    }

    [Fact]
    public async Task Plan_add_marks_a_period_and_plan_list_shows_it()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.AddAthleteAsync(Scenarios.Athlete("cli-pla", coach: null));

        var (exit, output) = Run(
            "plan",
            "add",
            "--athlete",
            "cli-pla",
            "--kind",
            "overreach",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-29"
        );
        Assert.Equal(0, exit);
        Assert.Contains("overreach 2026-11-16 to 2026-11-29 (set by coach)", output);
        Assert.Contains("stored, not emailed", output);
        var (_, listed) = Run("plan", "list", "--athlete", "cli-pla");
        Assert.Contains("overreach 2026-11-16 to 2026-11-29", listed);
        var (bad, refused) = Run(
            "plan",
            "add",
            "--athlete",
            "cli-pla",
            "--kind",
            "peak",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-29"
        );
        Assert.NotEqual(0, bad);
        Assert.Contains("overreach", refused);
    }

    [Fact]
    public async Task Link_revoke_retires_a_coachs_page_link()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var access = harness.Services.GetRequiredService<AccessRefs>();
        var subject = Core.Access.LinkSubjects.CoachPrefix + CoachRefs.Of("kim.left@example.com");
        var reference = await access.GetOrCreateAsync(subject, AccessPurpose.Coach, default);

        var (exit, output) = Run("link", "revoke", "--coach-email", "kim.left@example.com");

        Assert.Equal(0, exit);
        Assert.Contains("Revoked every link and address of", output);
        Assert.Null(await access.FindAthleteAsync(reference, AccessPurpose.Coach, default));
        // An option of another command is not suggested back as itself.
        var (_, misplaced) = Run("plan", "list", "--athlete", "x", "--days", "3");
        Assert.DoesNotContain("Did you mean --days", misplaced);
        var (both, refused) = Run("link", "revoke");
        Assert.NotEqual(0, both);
        Assert.Contains("--athlete ID or --coach-email E", refused);
    }

    [Fact]
    public async Task Alerts_lists_the_stored_alerts_with_their_send_status()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.AddAthleteAsync(Scenarios.Athlete("cli-cem", coach: null));
        var today = new DateOnly(2026, 11, 20);
        await harness.Queue.SendAsync(
            Core.Messaging.QueueNames.Checkins,
            new Core.Model.PainCheckin
            {
                AthleteId = "cli-cem",
                Date = today,
                Pain = 4,
                NightPain = true,
                NotEasedByRest = true,
            },
            default
        );
        await harness.DrainAsync();

        var (exit, output) = Run("alerts", "--athlete", "cli-cem");

        Assert.Equal(0, exit);
        Assert.Contains("cli-cem: 1 alerts", output);
        Assert.Contains("urgent", output);
        Assert.Contains("sent", output);
    }

    [Fact]
    public async Task Import_with_process_runs_the_pipeline_and_ingestion_show_prints_the_report()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.AddAthleteAsync(Scenarios.Athlete("cli-dan", coach: null));
        using var temp = new TempFolder();
        var bad = temp.File(
            "hevy-bad.csv",
            string.Join('\n', File.ReadLines(Fixtures.HevySmall).Take(4))
                + "\n\"Test Workout A\",\"30 Jan 2025, 12:34\",\"30 Jan 2025, 13:23\",\"\",\"Test Exercise "
                + "A\",,\"\",3,\"normal\",heavy,10,,,\n"
                + "\"Test Workout C\",\"someday\",\"30 Jan 2025, 13:23\",\"\",\"Test Exercise "
                + "A\",,\"\",0,\"normal\",50,10,,,\n"
        );

        var (exit, output) = Run("import", Fixtures.StrongSmall, bad, "--athlete", "cli-dan", "--process");

        Assert.Equal(1, exit); // one row was rejected
        Assert.Contains("strong-small.csv", output);
        // Spectre wraps at the console width.
        var flat = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
        Assert.Contains("4 workouts, 48 sets, 0 rows rejected, 0 values dropped", flat);
        Assert.Contains("1 rows rejected, 1 values dropped", flat);
        // 4 + Upper + Test Workout A
        Assert.Equal(6, (await harness.RowsAsync("cli-dan", Core.Storage.RowKeys.Workout)).Count);

        var upload = (await harness.Services.GetRequiredService<IngestionStore>().ListAsync("cli-dan", default)).Single(
            r => r.RejectedCount == 1
        );
        Assert.Equal(1, upload.WarningCount);
        var (shown, report) = Run("ingestion", "show", upload.UploadId);
        Assert.Equal(0, shown);
        Assert.Contains("hevy-bad.csv:5: weight_kg: 'heavy' is not a number; dropped", report);
        Assert.Contains("hevy-bad.csv:6: start_time: 'someday' is not a date", report);
    }

    [Fact]
    public async Task The_link_commands_print_signed_urls_that_open_their_page_and_name_no_one()
    {
        var key = TestKeys.Of('c');
        var environment = new Dictionary<string, string>
        {
            [StorageClients.SettingName] = azurite.ConnectionString,
            ["Links__SigningKey"] = key,
            ["Links__PublicBaseUrl"] = "https://backsignal.example",
            ["Inbound__Domain"] = "in.example",
        };
        Assert.Equal(0, Backsignal.Run(environment, "athlete", "add", "cli-link", "--email", "ida@example.com").Exit);

        string Url(params string[] args) => Backsignal.Run(environment, ["link", .. args]).Out.Trim();
        var upload = Url("upload", "--athlete", "cli-link", "--days", "2");
        var checkin = Url("checkin", "--athlete", "cli-link");
        var coach = Url("coach", "--coach-email", "kim@example.com");
        var address = Url("inbound", "--athlete", "cli-link");

        var tokens = new Core.Access.LinkTokens(
            Microsoft.Extensions.Options.Options.Create(new Core.Access.LinkOptions { SigningKey = key }),
            TimeProvider.System
        );
        string Token(string url) => url[(url.IndexOf("?t=", StringComparison.Ordinal) + 3)..];
        Assert.StartsWith("https://backsignal.example/api/upload?t=", upload);
        Assert.StartsWith("https://backsignal.example/api/checkin?t=", checkin);
        Assert.StartsWith("https://backsignal.example/api/coach?t=", coach);
        var claims = tokens.Verify(Token(upload), Core.Access.LinkPurpose.Upload).Claims!;
        Assert.InRange(claims.Expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(1.9), TimeSpan.FromDays(2));
        Assert.Null(tokens.Verify(Token(checkin), Core.Access.LinkPurpose.Checkin).Problem);
        Assert.Null(tokens.Verify(Token(coach), Core.Access.LinkPurpose.Coach).Problem);
        // The athlete's address and each kind of link carry a random reference of their own, never the id or the
        // email: a forwarded check-in email does not give away the import address.
        Assert.Matches("^[a-z2-7]{20}@in.example$", address);
        Assert.NotEqual(address.Split('@')[0], claims.Subject);
        Assert.NotEqual(tokens.Verify(Token(checkin), Core.Access.LinkPurpose.Checkin).Claims!.Subject, claims.Subject);
        foreach (var printed in new[] { upload, checkin, coach, address })
        {
            Assert.DoesNotContain("cli-link", printed);
            Assert.DoesNotContain("ida", printed);
        }

        await using var harness = await PipelineHarness.StartAsync(azurite);
        Assert.Equal(
            "cli-link",
            await harness
                .Services.GetRequiredService<AccessRefs>()
                .FindAthleteAsync(claims.Subject, AccessPurpose.Upload, default)
        );
    }
}
