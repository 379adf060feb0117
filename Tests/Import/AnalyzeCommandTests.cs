using System.Text.Json;
using BackSignal.Tests.Infrastructure;

namespace BackSignal.Tests.Import;

/// <summary>
/// `backsignal analyze` as a user runs it: a separate process, JSON on stdout, progress and warnings on stderr.
/// </summary>
public class AnalyzeCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => Backsignal.Run(null, args);

    [Fact]
    public void A_generated_strong_year_gives_every_workout_and_set_and_one_entry_per_calendar_day()
    {
        var (exit, stdout, _) = Run("analyze", "--format", "json", "--athlete", "ana", Fixtures.StrongYear);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var year = Fixtures.StrongYearContents;
        Assert.Equal(year.Workouts, root.GetProperty("workouts").GetInt32());
        Assert.Equal(year.Sets, root.GetProperty("sets").GetInt32());
        Assert.Empty(root.GetProperty("rejected").EnumerateArray());
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());
        var days = root.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(year.LastDay.DayNumber - year.FirstDay.DayNumber + 1, days.Count);
        Assert.Equal(year.FirstDay.ToString("yyyy-MM-dd"), days[0].GetProperty("date").GetString());
        Assert.Contains(days[0].GetProperty("loadMethod").GetString(), new[] { "srpe", "duration" });
        Assert.Equal(JsonValueKind.Null, days[0].GetProperty("acwrCoupled").ValueKind);
        Assert.All(
            root.GetProperty("alerts").EnumerateArray(),
            a => Assert.False(string.IsNullOrEmpty(a.GetProperty("rule").GetString()))
        );
    }

    [RealDataFact]
    public void The_strong_sample_gives_129_workouts_2078_sets_and_the_design_numbers_for_its_first_day()
    {
        var (exit, stdout, _) = Run("analyze", "--format", "json", "--athlete", "ana", Samples.StrongBreinsp);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(129, root.GetProperty("workouts").GetInt32());
        Assert.Equal(2078, root.GetProperty("sets").GetInt32());
        Assert.Empty(root.GetProperty("rejected").EnumerateArray());
        Assert.Empty(root.GetProperty("unknownExercises").EnumerateArray());
        var days = root.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal("2021-02-10", days[0].GetProperty("date").GetString());
        // No RPE: 18 working sets × 21 AU, not 138 minutes × 5 (docs: load without an RPE).
        Assert.Equal(378.0, days[0].GetProperty("load").GetDouble());
        Assert.Equal("sets", days[0].GetProperty("loadMethod").GetString());
        Assert.Equal(6570.0, days[0].GetProperty("volumeLoadKg").GetDouble());
        Assert.Equal(1950.0, days[0].GetProperty("spinalLoadKg").GetDouble());
        Assert.Equal(8.89, days[0].GetProperty("ctl").GetDouble());
        Assert.Equal(50.32, days[0].GetProperty("atl").GetDouble());
        Assert.Equal(JsonValueKind.Null, days[0].GetProperty("acwrCoupled").ValueKind);
        // Rest days are included: one entry per calendar day from the first to the last workout.
        var last = DateOnly.Parse(days[^1].GetProperty("date").GetString()!);
        Assert.Equal(last.DayNumber - new DateOnly(2021, 2, 10).DayNumber + 1, days.Count);
    }

    [Fact]
    public void Dropped_values_are_listed_with_file_line_and_field_and_unreadable_files_fail_clearly()
    {
        using var temp = new TempFolder();
        var bad = temp.File(
            "bad.csv",
            "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
                + "2021-02-10 16:46:13,\"A\",1h,\"Landmine 180\",1,abc,5,0,0,,,\n"
                + "2021-02-10 16:46:13,\"A\",1h,\"Landmine 180\",2,50,5,0,0,,,\n"
        );
        var garbage = temp.File("garbage.bin", [0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1, 2, 3]);

        var (exit, stdout, stderr) = Run("analyze", "--format", "json", bad, garbage);

        Assert.Equal(1, exit);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Empty(root.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, root.GetProperty("sets").GetInt32());
        var row = Assert.Single(root.GetProperty("warnings").EnumerateArray());
        Assert.Equal(
            ("bad.csv", 2, "Weight"),
            (
                row.GetProperty("file").GetString(),
                row.GetProperty("line").GetInt32(),
                row.GetProperty("field").GetString()
            )
        );
        Assert.Equal("dropped", row.GetProperty("action").GetString());
        Assert.Equal(
            ["Landmine 180"],
            root.GetProperty("unknownExercises").EnumerateArray().Select(e => e.GetString())
        );
        Assert.Contains("garbage.bin", stderr);
        Assert.Contains("binary", stderr);
    }
}

/// <summary>The CLI forgives no typo and says what went wrong in the option's own words.</summary>
public class StrictCliTests
{
    private static (int Exit, string Out) Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var (exit, stdout, stderr) = Backsignal.Run(environment, args);
        return (exit, System.Text.RegularExpressions.Regex.Replace(stdout + stderr, @"\s+", " "));
    }

    [Fact]
    public void An_unknown_option_is_an_error_with_a_suggestion()
    {
        var (exit, output) = Run(null, "analyze", "--fromat", "json", Fixtures.StrongSmall);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown option 'fromat'", output);
        Assert.Contains("Did you mean --format?", output);
    }

    [Fact]
    public void A_bad_value_names_the_option_and_suggests_the_nearest_value()
    {
        var (exit, output) = Run(null, "checkin", "--athlete", "ana", "--pain", "3", "--leg-pain", "lef");

        Assert.Equal(2, exit);
        Assert.Contains("--leg-pain 'lef' is not one of none, left, right, both (did you mean left?)", output);
        Assert.DoesNotContain("$.", output); // never a JSON path
    }

    [Fact]
    public void An_unreachable_storage_account_is_one_clear_line()
    {
        var account =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
            + DevHost.Azurite.AccountKey
            + ";BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;"
            + "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (exit, output) = Run(
            new Dictionary<string, string> { [Core.Storage.StorageClients.SettingName] = account },
            "athlete",
            "list"
        );

        Assert.Equal(2, exit);
        Assert.Contains("Storage at http://127.0.0.1:9 does not answer", output);
        Assert.DoesNotContain("Retry failed", output);
        Assert.DoesNotContain(" at ", output.Replace("Storage at", "", StringComparison.Ordinal)); // no stack trace
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "one clear line within seconds, not the SDK's retries");
    }

    [Fact]
    public void Analyze_help_lists_every_format()
    {
        var (_, output) = Run(null, "analyze", "--help");

        foreach (
            var format in new[]
            {
                "Strong",
                "Hevy",
                "Garmin Connect",
                "FIT",
                "Strava",
                "Apple Health",
                "canonical JSON",
            }
        )
            Assert.Contains(format, output);
    }

    [Fact]
    public void A_missing_file_is_an_error_not_an_empty_result()
    {
        var (exit, output) = Run(null, "analyze", "no-such-export.csv");

        Assert.Equal(2, exit);
        Assert.Contains("no-such-export.csv: no such file", output);
    }
}

/// <summary>
/// The `analyze --format json` contract (docs/design.md#analyze-json, with `warnings`): names and kinds pinned.
/// </summary>
public class AnalyzeJsonShapeTests
{
    [Fact]
    public void The_json_document_has_the_design_fields_with_plain_json_types()
    {
        using var temp = new TempFolder();
        var checkins = temp.File(
            "checkins.json",
            $$"""
            {"v":1,"athleteId":"ana","date":"{{Fixtures.StrongYearLastDay:yyyy-MM-dd}}",
             "pain":4,"numbness":"saddle"}
            """
        );
        var (exit, stdout, _) = Backsignal.Run(
            null,
            "analyze",
            "--format",
            "json",
            "--athlete",
            "ana",
            "--checkins",
            checkins,
            Fixtures.StrongYear
        );

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(
            [
                "alerts",
                "athleteId",
                "checkins",
                "days",
                "formats",
                "rejected",
                "rejectedCount",
                "sets",
                "unknownExercises",
                "warningCount",
                "warnings",
                "workouts",
            ],
            root.EnumerateObject().Select(p => p.Name).Order()
        );
        Assert.Equal(JsonValueKind.Number, root.GetProperty("workouts").ValueKind);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);
        var day = root.GetProperty("days")[0];
        foreach (
            var field in new[]
            {
                "date",
                "load",
                "loadMethod",
                "volumeLoadKg",
                "spinalLoadKg",
                "acwrEwma",
                "acwrCoupled",
                "acwrUncoupled",
                "spinalAcwrEwma",
                "monotony",
                "strain",
                "ctl",
                "atl",
                "tsb",
                "pain",
            }
        )
            Assert.True(day.TryGetProperty(field, out _), $"days[] lacks {field}");
        Assert.Equal(JsonValueKind.Number, day.GetProperty("load").ValueKind); // numbers, not rounded strings
        var alert = Assert.Single(
            root.GetProperty("alerts").EnumerateArray(),
            a => a.GetProperty("tier").GetString() == "emergency"
        );
        Assert.Equal(
            ["advice", "date", "evidence", "rule", "tier"],
            alert.EnumerateObject().Select(p => p.Name).Order()
        );
        Assert.Equal("see-doctor-emergency", alert.GetProperty("rule").GetString());
        Assert.Equal(1, root.GetProperty("checkins").GetInt32());
    }
}
