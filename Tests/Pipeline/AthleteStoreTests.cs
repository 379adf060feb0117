using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Pipeline;

/// <summary>Profile changes made at once from the pages (settings, unsubscribe, plans) all hold.</summary>
[Collection(StorageCollection.Name)]
public class AthleteStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Changes_at_once_to_one_profile_are_all_kept()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var athlete = Scenarios.Athlete("store-pia");
        await harness.AddAthleteAsync(athlete);
        var store = harness.Services.GetRequiredService<AthleteStore>();
        var monday = new DateOnly(2026, 1, 5);

        await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(i =>
                    Task.Run(() =>
                        store.UpdateAsync(
                            athlete.AthleteId,
                            p =>
                                p.WithPlan(
                                    new PlannedPeriod(
                                        PlanKind.Deload,
                                        monday.AddDays(7 * i),
                                        monday.AddDays(7 * i + 6),
                                        "athlete"
                                    )
                                ),
                            default
                        )
                    )
                )
                .Append(
                    store.UpdateAsync(athlete.AthleteId, p => p.WithOptOut(EmailChoices.WeeklySummary, true), default)
                )
        );

        var stored = await store.FindAsync(athlete.AthleteId, default);
        Assert.Equal(8, stored!.Plans!.Count);
        Assert.True(stored.OptsOut(EmailChoices.WeeklySummary));
        Assert.Null(await store.UpdateAsync("store-nobody", p => p, default));
    }
}
