using Azure.Data.Tables;
using BackSignal.Core.Messaging;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.FrontDoor;

/// <summary>The small defences: names that climb folders, secret files others can read, rows kept forever.</summary>
[Collection(StorageCollection.Name)]
public class HousekeepingTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(".", "export")]
    [InlineData("..", "export")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("...", "export")]
    [InlineData("strong.csv", "strong.csv")]
    public void A_file_name_never_names_a_folder(string name, string safe)
    {
        Assert.Equal(safe, ExportUploads.SafeName(name));
    }

    [Fact]
    public void A_local_secret_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
            return;
        var secret = LocalEnvironment.LocalSecret("test-secret-mode");
        var path = Directory
            .EnumerateFiles(LocalEnvironment.DefaultAzuriteData, ".test-secret-mode", SearchOption.TopDirectoryOnly)
            .Single();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(32, Convert.FromBase64String(secret).Length);
    }

    [Fact]
    public async Task Housekeeping_forgets_old_rejections_and_used_nonces_and_keeps_recent_ones()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        // The sweeps read the wall clock: a fake one here, far from any other test's rows.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(
            new DateTimeOffset(2031, 5, 1, 9, 0, 0, TimeSpan.Zero)
        );
        var erased = new ErasedAthletes(harness.Storage, clock);
        var rejections = new RejectionStore(harness.Storage, erased);
        var nonces = new UsedNonces(harness.Storage, clock);
        var housekeeping = new Housekeeping(
            nonces,
            rejections,
            erased,
            new WaitingReports(harness.Storage),
            harness.Queue,
            harness.Configuration,
            clock
        );
        var now = clock.GetUtcNow();
        await rejections.RecordAsync("housekeeping", "old body", "old reason", now.AddDays(-91), default);
        await rejections.RecordAsync("housekeeping", "new body", "new reason", now.AddDays(-1), default);
        Assert.True(await nonces.TryUseAsync("nonce-old", default));
        Assert.False(await nonces.TryUseAsync("nonce-old", default));

        clock.Advance(TimeSpan.FromHours(4));
        await housekeeping.RunAsync(default);

        var kept = await rejections.ListAsync("housekeeping", default);
        Assert.Equal(["new reason"], kept.Select(r => r.Reason));
        // Its hour swept, the nonce is forgotten (its form expired long before).
        Assert.True(await nonces.TryUseAsync("nonce-old", default));
    }
}
