using System.Net;
using System.Text;
using System.Text.Json;
using BackSignal.Core.Connections;
using BackSignal.Core.Import;
using BackSignal.Core.Model;

namespace BackSignal.Tests.Connections;

/// <summary>
/// The providers' documented payloads read into the canonical shape, Strava's rate-limit windows, and the identity
/// that makes an API workout and a CSV export of it one workout.
/// </summary>
public class ProviderPayloadTests
{
    /// <summary>Hevy's example Workout (api.hevyapp.com/docs), with a warm-up and an unknown set type added.</summary>
    private const string HevyWorkoutJson = """
        {
          "id": "b459cba5-cd6d-463c-abd6-54f8eafcadcb",
          "title": "Morning Workout 💪",
          "routine_id": "b459cba5-cd6d-463c-abd6-54f8eafcadcb",
          "description": "Pushed myself to the limit today!",
          "start_time": "2021-09-14T12:00:00Z",
          "end_time": "2021-09-14T12:45:30Z",
          "updated_at": "2021-09-14T12:00:00Z",
          "created_at": "2021-09-14T12:00:00Z",
          "exercises": [
            {
              "index": 0,
              "title": "Bench Press (Barbell)",
              "notes": "Paid closer attention to form today. Felt great!",
              "exercise_template_id": "05293BCA",
              "supersets_id": 0,
              "sets": [
                { "index": 0, "type": "warmup", "weight_kg": 60, "reps": 10, "distance_meters": null,
                  "duration_seconds": null, "rpe": null, "custom_metric": null },
                { "index": 1, "type": "normal", "weight_kg": 100, "reps": 10, "distance_meters": null,
                  "duration_seconds": null, "rpe": 9.5, "custom_metric": 50 },
                { "index": 2, "type": "cluster", "weight_kg": 100, "reps": 8.5, "distance_meters": null,
                  "duration_seconds": null, "rpe": null, "custom_metric": null }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void A_Hevy_workout_reads_set_for_set_as_its_CSV_does()
    {
        var workout = JsonSerializer.Deserialize<HevyWorkout>(HevyWorkoutJson, ProviderHttp.Wire)!;
        var summary = HevyWorkouts.ToSummary(workout, "ana");

        Assert.Equal("hevy", summary.Source);
        Assert.Equal("b459cba5-cd6d-463c-abd6-54f8eafcadcb", summary.SourceId);
        Assert.Equal(new DateTimeOffset(2021, 9, 14, 12, 0, 0, TimeSpan.Zero), summary.Start);
        Assert.Equal(45.5, summary.DurationMin);
        Assert.Equal(3, summary.Sets.Count);
        Assert.Equal(SetKind.Warmup, summary.Sets[0].Kind);
        Assert.Equal([1, 2, 3], summary.Sets.Select(s => s.SetIndex));
        Assert.Equal(9.5, summary.Sets[1].Rpe);
        // An unknown type is left for validation to read as normal (with its warning); 8.5 reps is no rep count.
        Assert.Equal(SetKind.Unrecognised, summary.Sets[2].Kind);
        Assert.Null(summary.Sets[2].Reps);
        var (repaired, warnings) = WorkoutValidation.Repair(summary);
        Assert.Equal(SetKind.Normal, repaired.Sets[2].Kind);
        Assert.Contains(warnings, w => w.Field!.Contains("kind"));
    }

    [Fact]
    public void Hevys_webhook_delivery_names_the_workout()
    {
        var delivery = JsonSerializer.Deserialize<HevyWebhookDelivery>(
            """{"id": "00000000-0000-0000-0000-000000000001", "payload": {"workoutId": "f1085cdb-32b2-4003"}}""",
            ProviderHttp.Wire
        );
        Assert.Equal("f1085cdb-32b2-4003", delivery!.Payload!.WorkoutId);
    }

    [Fact]
    public void An_API_workout_and_the_CSV_export_of_it_are_one_workout()
    {
        var api = HevyWorkouts.ToSummary(
            JsonSerializer.Deserialize<HevyWorkout>(HevyWorkoutJson, ProviderHttp.Wire)!,
            "ana"
        );
        // The CSV writes the same start in the athlete's local time, to the minute (Berlin: 14:00 in September).
        var csv =
            "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
            + "weight_kg,reps,distance_km,duration_seconds,rpe\n"
            + "Morning Workout,\"14 Sep 2021, 14:00\",\"14 Sep 2021, 14:45\",,Bench Press (Barbell),,,0,normal,"
            + "100,10,,,\n";
        var context = ImportContext.For(
            new AthleteProfile
            {
                AthleteId = "ana",
                Email = "ana@example.com",
                TimeZone = "Europe/Berlin",
            },
            "hevy.csv",
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)
        );
        var fromCsv = Assert.Single(ExportReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), context).Workouts);
        Assert.Equal(api.WorkoutId, fromCsv.WorkoutId);
        // Another minute is another workout.
        Assert.NotEqual(api.WorkoutId, (api with { Start = api.Start.AddMinutes(1) }).WorkoutId);
    }

    [Fact]
    public void A_Strava_activity_reads_as_the_bulk_export_does()
    {
        var activity = JsonSerializer.Deserialize<StravaActivity>(
            """
            {"id": 12345678987654321, "name": "Lunch lift", "type": "WeightTraining", "sport_type": "WeightTraining",
             "start_date": "2026-11-18T11:02:00Z", "start_date_local": "2026-11-18T12:02:00Z", "elapsed_time": 4200,
             "moving_time": 3900, "has_heartrate": true, "average_heartrate": 118.4, "max_heartrate": 161,
             "perceived_exertion": 7}
            """,
            ProviderHttp.Wire
        )!;
        var summary = StravaActivities.ToSummary(activity, "ana");
        Assert.Equal("strava", summary.Source);
        Assert.Equal("12345678987654321", summary.SourceId);
        Assert.Equal("strength", summary.Sport);
        Assert.Equal(70, summary.DurationMin);
        Assert.Equal(7, summary.SessionRpe);
        Assert.Equal(118.4, summary.AvgHr);
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 11, 2, 0, TimeSpan.Zero), summary.Start);
        Assert.Equal("cycling", StravaActivities.ToSummary(new StravaActivity { Type = "VirtualRide" }, "a").Sport);
    }

    [Fact]
    public void A_deauthorization_is_an_athlete_event_with_authorized_false()
    {
        var deauth = JsonSerializer.Deserialize<StravaWebhookEvent>(
            """
            {"aspect_type": "update", "object_id": 134815, "object_type": "athlete", "owner_id": 134815,
             "subscription_id": 120475, "updates": {"authorized": "false"}}
            """,
            ProviderHttp.Wire
        )!;
        Assert.True(deauth.Deauthorizes);
        var rename = JsonSerializer.Deserialize<StravaWebhookEvent>(
            """{"aspect_type":"update","object_id":1,"object_type":"activity","owner_id":2,"updates":{"title":"x"}}""",
            ProviderHttp.Wire
        )!;
        Assert.False(rename.Deauthorizes);
    }

    [Theory]
    [InlineData("2026-11-20T10:07:00Z", "201,300", 8 * 60)]
    [InlineData("2026-11-20T10:59:30Z", "201,300", 30)]
    [InlineData("2026-11-20T10:07:00Z", "150,2000", 13 * 3600 + 53 * 60)]
    public void Strava_is_asked_again_when_its_window_resets(string now, string usage, int seconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("X-RateLimit-Limit", "200,2000");
        response.Headers.Add("X-RateLimit-Usage", usage);
        var wait = RateLimits.StravaWait(response, DateTimeOffset.Parse(now));
        // The window's reset, then 5 to 30 s more so that waiting steps do not all come back at once.
        Assert.InRange(wait.TotalSeconds, seconds + 5, seconds + 30);
    }

    [Fact]
    public void A_Retry_After_is_honoured_as_given()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(90));
        Assert.Equal(TimeSpan.FromSeconds(90), RateLimits.StravaWait(response, DateTimeOffset.UtcNow));
    }
}
