using System.Net;
using System.Text.RegularExpressions;
using BackSignal.Core.Access;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.FrontDoor;

/// <summary>A coach runs their squad from their page: removes an athlete (who is told), signs out of the link, and
/// hears when an athlete leaves.</summary>
[Collection(StorageCollection.Name)]
public partial class CoachActionsTests(AzuriteFixture azurite) : FrontDoorTestBase(azurite, 'c')
{
    private const string Coach = "coach.squad@example.com";

    [Fact]
    public async Task A_coach_removes_an_athlete_who_is_told_then_signs_out_and_the_link_no_longer_opens()
    {
        await Harness.AddAthleteAsync(Scenarios.Athlete("squad-max", Coach, share: true) with { DisplayName = "Max" });
        await Harness.AddAthleteAsync(Scenarios.Athlete("squad-nia", Coach) with { DisplayName = "Nia" });
        var page = new Uri(Server.BaseUri, $"api/coach?t={await CoachTokenAsync()}");

        var html = await Http.GetStringAsync(page);
        var remove = Regex.Match(
            html,
            "action=\"(/api/coach/remove[^\"]+)\"><input type=\"hidden\" name=\"nonce\" value=\"([^\"]+)\">"
                + "<input type=\"hidden\" name=\"athlete\" value=\"([^\"]+)\"><p><button type=\"submit\">Remove Max"
        );
        Assert.True(remove.Success);
        Assert.DoesNotContain("squad-max", html); // the form names the athlete by a one-way key
        var removed = await Http.PostAsync(
            new Uri(Server.BaseUri, WebUtility.HtmlDecode(remove.Groups[1].Value)),
            new FormUrlEncodedContent([
                new("nonce", WebUtility.HtmlDecode(remove.Groups[2].Value)),
                new("athlete", remove.Groups[3].Value),
            ])
        );
        Assert.Contains("Max is no longer on your page", await removed.Content.ReadAsStringAsync());
        await Harness.DrainAllAsync();
        var max = await Harness.Services.GetRequiredService<AthleteStore>().FindAsync("squad-max", default);
        Assert.Null(max!.CoachEmail);
        Assert.False(max.ShareWithCoach);
        var told = Assert.Single(Harness.Sink.Messages, m => m.Categories.Contains("removed-from-squad"));
        Assert.Equal([max.Email], told.To);
        html = await Http.GetStringAsync(page);
        Assert.DoesNotContain(">Max<", html);
        Assert.Contains(">Nia<", html);

        var signOut = Regex.Match(
            html,
            "action=\"(/api/coach/signout[^\"]+)\"><input type=\"hidden\" name=\"nonce\" value=\"([^\"]+)\""
        );
        var signedOut = await Http.PostAsync(
            new Uri(Server.BaseUri, WebUtility.HtmlDecode(signOut.Groups[1].Value)),
            new FormUrlEncodedContent([new("nonce", WebUtility.HtmlDecode(signOut.Groups[2].Value))])
        );
        Assert.Contains("no longer opens", await signedOut.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task When_an_athlete_deletes_their_account_the_coach_is_told_their_name_and_nothing_else()
    {
        await Harness.AddAthleteAsync(Scenarios.Athlete("squad-ola", Coach) with { DisplayName = "Ola" });
        await Harness.Services.GetRequiredService<Core.Pipeline.AthleteData>().DeleteAsync("squad-ola", default);
        await Harness.Services.GetRequiredService<Core.Pipeline.AthleteData>().DeleteAsync("squad-ola", default);
        await Harness.DrainAllAsync();

        var told = Assert.Single(Harness.Sink.Messages, m => m.Categories.Contains("athlete-left"));
        Assert.Equal([Coach], told.To);
        Assert.Contains("Ola deleted their BackSignal account", told.Text);
        Assert.DoesNotContain("squad-ola", told.Text + told.Html);
    }

    private async Task<string> CoachTokenAsync()
    {
        var reference = await Harness
            .Services.GetRequiredService<AccessRefs>()
            .GetOrCreateAsync(LinkSubjects.CoachPrefix + CoachRefs.Of(Coach), AccessPurpose.Coach, default);
        return Harness
            .Services.GetRequiredService<LinkTokens>()
            .Issue(LinkPurpose.Coach, reference, TimeSpan.FromDays(1));
    }
}
