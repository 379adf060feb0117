using BackSignal.Core.Configuration;
using BackSignal.Core.Email;
using BackSignal.Core.Import;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
using BackSignal.Core.Observability;
using BackSignal.Core.Pipeline;
using BackSignal.Core.Rules;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackSignal.Core.Hosting;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Everything the handlers need; the Functions app and `backsignal run` call this alike.</summary>
    public static IServiceCollection AddBackSignalCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Keyed, one-way athlete references in logs (a Key Vault secret in Azure).
        LogIds.UseKey(configuration[LogIds.Setting]);
        services.TryAddSingleton(TimeProvider.System);
        // The hosts register their configuration; a bare container (the tests' harness) gets this one.
        services.TryAddSingleton(configuration);
        services.TryAddKeyedSingleton(Clock.Key, TimeProvider.System);
        // Resolved at each use of the key: a test's FakeTimeProvider registered after this still wins.
        services.AddSingleton(sp => new TrainingClock(sp.GetRequiredKeyedService<TimeProvider>(Clock.Key)));
        services.TryAddSingleton(_ => StorageClients.FromConfiguration(configuration));
        // Settings are checked when the host starts (ranges and required values), not when first used.
        services
            .AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<PipelineOptions>()
            .Bind(configuration.GetSection(PipelineOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<UploadOptions>()
            .Bind(configuration.GetSection(UploadOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<PrivacyOptions>()
            .Bind(configuration.GetSection(PrivacyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<Access.LinkOptions>()
            .Bind(configuration.GetSection(Access.LinkOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<FrontDoor.InboundOptions>()
            .Bind(configuration.GetSection(FrontDoor.InboundOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddEmailSending();
        services
            .AddOptions<Connections.HevyOptions>()
            .Bind(configuration.GetSection(Connections.HevyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<Connections.StravaOptions>()
            .Bind(configuration.GetSection(Connections.StravaOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<Connections.SecretStoreOptions>()
            .Bind(configuration.GetSection(Connections.SecretStoreOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // No retries in the client: a provider's refusal or rate limit goes back through the queue.
        services.AddHttpClient(Connections.HevyOptions.HttpClientName);
        services.AddHttpClient(Connections.StravaOptions.HttpClientName);
        services.AddSingleton<Connections.HevyClient>();
        services.AddSingleton<Connections.StravaClient>();
        services.TryAddSingleton(sp =>
            Connections.SecretStores.From(
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Connections.SecretStoreOptions>>().Value,
                configuration
            )
        );
        services.AddSingleton<ConnectionStore>();
        services.AddSingleton<ProviderImport>();
        services.AddSingleton<ConnectedAccounts>();
        services.AddSingleton<ConnectionSync>();
        services.AddSingleton<ConnectionPolls>();
        services.AddSingleton<FrontDoor.ConnectionPages>();
        services.AddSingleton<FrontDoor.ProviderHooks>();

        services.AddSingleton<AthleteStore>();
        services.AddSingleton<TrainingStore>();
        services.AddSingleton<UsedNonces>();
        services.AddSingleton<WeeklyMarks>();
        services.AddSingleton<WaitingReports>();
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<ErasedAthletes>();
        services.AddSingleton<Messaging.QueuePurge>();
        services.AddSingleton<Housekeeping>();
        services.AddSingleton<RecomputeLeases>();
        services.AddSingleton<EmailLedger>();
        services.AddSingleton<RejectionStore>();
        services.AddSingleton<IngestionStore>();
        services.AddSingleton<AthleteData>();
        services.AddSingleton(sp => new UploadRetention(sp.GetRequiredService<StorageClients>(), configuration));
        services.AddSingleton<ExportUploads>();
        services.AddSingleton<MessageQueue>();
        services.AddSingleton<PoisonReplay>();
        foreach (var rule in AlertRuleSet.All)
            services.AddSingleton(rule);

        // Import limits follow the instance size (Import__InstanceMemoryMb: 512, 2048 or 4096 on Flex Consumption).
        var limits = int.TryParse(configuration["Import:InstanceMemoryMb"], out var instanceMemoryMb)
            ? ImportLimits.ForInstanceMemory(instanceMemoryMb)
            : ImportLimits.Default;
        services.AddSingleton<ExportIngestion>();
        services.AddSingleton(limits);
        services.AddSingleton<Access.LinkTokens>();
        services.AddSingleton<AccessRefs>();
        services.AddSingleton<FrontDoor.UploadLink>();
        services.AddSingleton<FrontDoor.InboundEmail>();
        services.AddSingleton<FrontDoor.CheckinPage>();
        services.AddSingleton<FrontDoor.LinkHolders>();
        services.AddSingleton<FrontDoor.PlannedPage>();
        services.AddSingleton<FrontDoor.UnsubscribePage>();
        services.AddSingleton<FrontDoor.AthletePage>();
        services.AddSingleton<FrontDoor.SettingsPage>();
        services.AddSingleton<FrontDoor.DataRightsPage>();
        services.AddSingleton<FrontDoor.SignupPages>();
        services.AddSingleton<FrontDoor.FreshLinks>();
        services.AddSingleton<FrontDoor.CoachActions>();
        services.AddSingleton<FrontDoor.PlanForm>();
        services.AddSingleton<FrontDoor.FrontDoorGate>();
        services.AddSingleton<FrontDoor.CoachPage>();
        services.AddSingleton<Recalculation>();
        services.AddSingleton<CheckinTriage>();
        services.AddSingleton<LatestDayStore>();
        services.AddSingleton<LatestDayUpdate>();
        services.AddSingleton<WorkoutIntake>();
        services.AddSingleton<CheckinIntake>();
        services.AddSingleton<ErasureGuard>();
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<RecomputeHandler>();
        services.AddSingleton<CoachPreferences>();
        services.AddSingleton<LedgeredSender>();
        services.AddSingleton<SignedEmailLinks>();
        services.AddSingleton<AlertEmailComposer>();
        services.AddSingleton<WeeklySummaryComposer>();
        services.AddSingleton<CoachDigestComposer>();
        services.AddSingleton<ImportReportComposer>();
        services.AddSingleton<DataRightsComposer>();
        services.AddSingleton<SignupEmailComposers>();
        services.AddSingleton<FreshLinkComposer>();
        services.AddSingleton<SquadNoticeComposer>();
        services.AddSingleton<Invitations>();
        services.AddSingleton<EmailDispatch>();
        services.AddSingleton<Weekly.WeeklyReports>();
        services.AddSingleton<Weekly.WeeklyFanOut>();
        services.AddSingleton<PipelineDispatcher>();
        return services;
    }
}
