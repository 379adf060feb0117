using BackSignal.Core.Access;
using BackSignal.Core.Configuration;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using BackSignal.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackSignal.Cli.Commands;

/// <summary>Connects a command to the configured storage (registered with the CLI's type registrar).</summary>
public sealed class StorageConnector(IConfiguration configuration)
{
    /// <summary>
    /// Core's services against the configured storage, with tables and queues created. On the development storage
    /// (the default) it uses the Azurite that listens on 127.0.0.1:10000-10002, or starts one on the repository's
    /// `.azurite/` data (the same store `run` and `demo` use) for the length of the command. A storage account that
    /// does not answer is one clear line (<see cref="StorageUnreachableException"/>) within seconds.
    /// </summary>
    public async Task<ConnectedServices> ConnectAsync(CancellationToken ct)
    {
        Azurite? started = null;
        if (LocalEnvironment.UsesDevelopmentStorage(configuration) && !Azurite.DefaultPortsInUse())
        {
            Console.Error.WriteLine(
                $"Starting Azurite (data in {LocalEnvironment.DefaultAzuriteData}) for this command…"
            );
            started = await Azurite.StartAsync(10000, 10001, 10002, LocalEnvironment.DefaultAzuriteData, ct);
        }
        try
        {
            await LocalEnvironment.EnsureReachableAsync(configuration, ct);
            var services = new ServiceCollection().AddLogging().AddBackSignalCore(configuration).BuildServiceProvider();
            await StorageInitializer.EnsureCreatedAsync(services.GetRequiredService<StorageClients>(), ct);
            return new ConnectedServices(services, started);
        }
        catch
        {
            if (started is not null)
                await started.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// The services of one command, and the Azurite it started (stopped on dispose; its data stays), with the stores by
/// name.
/// </summary>
public sealed class ConnectedServices(ServiceProvider services, Azurite? azurite) : IServiceProvider, IAsyncDisposable
{
    public object? GetService(Type serviceType) => services.GetService(serviceType);

    public AthleteStore Athletes => services.GetRequiredService<AthleteStore>();

    public TrainingStore Training => services.GetRequiredService<TrainingStore>();

    public EmailLedger Ledger => services.GetRequiredService<EmailLedger>();

    public IngestionStore Ingestions => services.GetRequiredService<IngestionStore>();

    public MessageQueue Queue => services.GetRequiredService<MessageQueue>();

    public AccessRefs Access => services.GetRequiredService<AccessRefs>();

    public LinkTokens Links => services.GetRequiredService<LinkTokens>();

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        if (azurite is not null)
            await azurite.DisposeAsync();
    }
}

/// <summary>The one "no such athlete" check of every command that names one.</summary>
public static class AthleteChecks
{
    /// <summary>
    /// The athlete's profile; when there is none, says so in one line with how to add one, and gives null (the
    /// command then exits 2).
    /// </summary>
    public static async Task<AthleteProfile?> RequireAthleteAsync(
        this IServiceProvider services,
        string athleteId,
        CancellationToken ct
    )
    {
        if (await services.GetRequiredService<AthleteStore>().FindAsync(athleteId, ct) is { } profile)
            return profile;
        AnsiConsole.MarkupLineInterpolated(
            $"[red]No athlete '{athleteId}': add them first with `{Invocation.Of("athlete add")}`.[/]"
        );
        return null;
    }
}
