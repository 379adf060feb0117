using System.Net;
using System.Text;
using BackSignal.Core.Access;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Connections;

/// <summary>
/// Apple Health has no server API: the README's iOS Shortcut automation posts each day's workouts to the athlete's
/// upload link as canonical JSON. This posts exactly what that Shortcut sends.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class AppleHealthShortcutTests(AzuriteFixture azurite) : FrontDoorTestBase(azurite, 'a')
{
    /// <summary>The Shortcut's Text action, filled in for two workouts of one day (Health's own type names).</summary>
    public const string ShortcutBody = """
        [
        {"v": 1, "source": "apple-health", "start": "2026-11-19T18:02:00+01:00", "durationMin": 52.5,
         "title": "Traditional Strength Training", "sport": "Traditional Strength Training", "avgHr": 121},
        {"v": 1, "source": "apple-health", "start": "2026-11-19T07:15:00+01:00", "durationMin": 31,
         "title": "Running", "sport": "Running", "avgHr": 148}
        ]
        """;

    [Fact]
    public async Task The_daily_Shortcut_post_imports_the_days_workouts_and_a_second_post_adds_nothing()
    {
        await Harness.AddAthleteAsync(Scenarios.Athlete("shortcut-ida"));
        var reference = await Harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync("shortcut-ida", AccessPurpose.Upload, default);
        var token = Harness
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Upload, reference, TimeSpan.FromDays(30));

        for (var i = 0; i < 2; i++)
        {
            // "Get Contents of URL": POST, the Text as the request body, its Content-Type header set.
            var response = await Http.PostAsync(
                Api($"upload?t={token}&name=health-2026-11-19.json"),
                new StringContent(ShortcutBody, Encoding.UTF8, "application/json")
            );
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Harness.DrainAllAsync();
        }

        var workouts = await Harness.RowsAsync("shortcut-ida", RowKeys.Workout);
        Assert.Equal(2, workouts.Count);
        Assert.All(workouts, w => Assert.Equal("apple-health", w.GetString("Source")));
        Assert.Contains(workouts, w => w.GetString("Json")!.Contains("\"sport\":\"strength\""));
        Assert.Contains(workouts, w => w.GetString("Json")!.Contains("\"sport\":\"running\""));
        var day = Assert.Single(await Harness.RowsAsync("shortcut-ida", RowKeys.Day + "20261119"));
        Assert.Equal(2, day.GetInt32("Sessions"));
    }
}
