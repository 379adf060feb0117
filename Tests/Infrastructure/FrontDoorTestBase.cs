using BackSignal.DevHost;
using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Tests.Infrastructure;

/// <summary>
/// A pipeline on the test Azurite with the front door served over HTTP beside it (links signed with a test key, the
/// pipeline's clock for "today"): what the tests of pages and routes stand on.
/// </summary>
public abstract class FrontDoorTestBase(AzuriteFixture azurite, char signingKey) : IAsyncLifetime
{
    protected PipelineHarness Harness { get; private set; } = null!;
    protected FrontDoorServer Server { get; private set; } = null!;
    protected HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["Links:SigningKey"] = TestKeys.Of(signingKey) };
        foreach (var (key, value) in await SettingsAsync())
            settings[key] = value;
        Harness = await PipelineHarness.StartAsync(azurite, settings: settings);
        Server = await FrontDoorServer.StartAsync(
            Harness.Configuration,
            0,
            CancellationToken.None,
            s => s.AddKeyedSingleton<TimeProvider>(Core.Configuration.Clock.Key, Harness.Clock)
        );
    }

    /// <summary>More settings for the pipeline (outside services a test class starts first).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>Stops what <see cref="SettingsAsync"/> started.</summary>
    protected virtual ValueTask DisposeMoreAsync() => ValueTask.CompletedTask;

    public async Task DisposeAsync()
    {
        await DisposeMoreAsync();
        Http.Dispose();
        await Server.DisposeAsync();
        await Harness.DisposeAsync();
    }

    protected Uri Api(string path) => new(Server.BaseUri, "api/" + path);
}
