using BackSignal.Core.Email;
using BackSignal.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace BackSignal.DevHost;

/// <summary>
/// What a local run needs beside the program: Azurite on the development ports when the storage setting is the
/// development storage and nothing listens there yet, and the SendGrid sink when no SendGrid key is configured.
/// Whatever it started, it stops on dispose.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";
    public const string SinkApiKey = "local-sink";

    private LocalEnvironment(IConfiguration configuration, Azurite? azurite, SendGridSink? sink)
    {
        Configuration = configuration;
        StartedAzurite = azurite;
        Sink = sink;
    }

    /// <summary>The setting that names the local data folder (Azurite's data and this machine's secrets).</summary>
    public const string DataSetting = "BACKSIGNAL_DATA";

    /// <summary>
    /// Where a started Azurite keeps its data, one store for `run`, `demo` and every other command:
    /// <c>BACKSIGNAL_DATA</c>, else <c>.azurite/</c> of the clone the command runs in, else a per-user folder, so that
    /// the CLI works from any folder (a command that needs no storage never starts one).
    /// </summary>
    public static string DefaultAzuriteData =>
        Environment.GetEnvironmentVariable(DataSetting) is { Length: > 0 } data ? Path.GetFullPath(data)
        : RepositoryRoot.TryFind() is { } root ? Path.Combine(root, ".azurite")
        : Path.Combine(
            Environment.GetFolderPath(
                Environment.SpecialFolder.LocalApplicationData,
                Environment.SpecialFolderOption.Create
            ),
            "backsignal"
        );

    public static bool UsesDevelopmentStorage(IConfiguration configuration) =>
        string.Equals(
            configuration[StorageClients.SettingName],
            DevelopmentStorage,
            StringComparison.OrdinalIgnoreCase
        );

    /// <summary>
    /// Throws <see cref="StorageUnreachableException"/> naming the endpoint when the table endpoint of the
    /// configured account does not accept a connection within 3 s (the SDK's own retries take far longer to fail).
    /// </summary>
    public static async Task EnsureReachableAsync(IConfiguration configuration, CancellationToken ct)
    {
        Uri endpoint;
        try
        {
            endpoint = StorageClients.FromConfiguration(configuration).Tables.Uri;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new StorageUnreachableException(
                $"Storage is not configured right ({StorageClients.SettingName}): {e.Message}"
            );
        }
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        }
        catch (Exception e)
            when (e is System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new StorageUnreachableException(
                $"Storage at {endpoint.GetLeftPart(UriPartial.Authority)} does not answer "
                    + $"({(e is OperationCanceledException ? "no answer in 3 s" : e.Message)}). Check "
                    + $"{StorageClients.SettingName}, "
                    + "or unset it to use the local Azurite that BackSignal starts itself."
            );
        }
    }

    public IConfiguration Configuration { get; }
    public Azurite? StartedAzurite { get; }
    public SendGridSink? Sink { get; }

    /// <summary>
    /// The CLI's settings: defaults for a local run, then environment variables (SendGrid__ApiKey...).
    /// </summary>
    public static IConfiguration BaseConfiguration(string[]? overrides = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    [StorageClients.SettingName] = DevelopmentStorage,
                    [Core.Weekly.WeeklySchedule.Setting] = Core.Weekly.WeeklySchedule.Default,
                    // Links and the mail-in webhook on this machine: secrets made once and kept beside its data.
                    ["Links:SigningKey"] = LocalSecret("links-signing-key"),
                    ["Inbound:WebhookSecret"] = LocalSecret("inbound-webhook-secret"),
                    // Connected accounts' keys and tokens: encrypted files beside the data, never a table.
                    ["Secrets:Directory"] = Path.Combine(DefaultAzuriteData, "secrets"),
                    ["Secrets:LocalKey"] = LocalSecret("secrets-key"),
                }
            )
            .AddEnvironmentVariables()
            .AddCommandLine(overrides ?? [])
            .Build();

    /// <summary>
    /// A random secret for this machine, kept in .azurite/ (ignored by git) so that links printed yesterday still
    /// open today; never a value written in the repository.
    /// </summary>
    public static string LocalSecret(string name)
    {
        var folder = DefaultAzuriteData;
        var path = Path.Combine(folder, $".{name}");
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 32 } existing)
        {
            // Files written before they were made private: make them so.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return existing;
        }
        Directory.CreateDirectory(folder);
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        try
        {
            // Readable by its owner only: a secret file others on the machine can read is no secret.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var file = new FileStream(path, options);
            file.Write(System.Text.Encoding.ASCII.GetBytes(secret));
            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first.
            Thread.Sleep(50);
            return File.ReadAllText(path).Trim();
        }
    }

    public static async Task<LocalEnvironment> StartAsync(
        IConfiguration configuration,
        string outbox,
        string? azuriteLocation,
        Action<string> say,
        int sinkPort = 7090
    )
    {
        Azurite? azurite = null;
        SendGridSink? sink = null;
        var overrides = new Dictionary<string, string?>();
        try
        {
            if (UsesDevelopmentStorage(configuration))
            {
                if (Azurite.DefaultPortsInUse())
                    say("Using the Azurite already listening on 127.0.0.1:10000-10002.");
                else
                {
                    if (!File.Exists(Path.Combine(RepositoryRoot.Find(), "node_modules", ".bin", "azurite")))
                        say("Installing Azurite with `npm ci` (first run only; about a minute)…");
                    say(
                        azuriteLocation is null
                            ? "Starting Azurite (in memory) on 127.0.0.1:10000-10002…"
                            : $"Starting Azurite (data in {azuriteLocation}) on 127.0.0.1:10000-10002…"
                    );
                    azurite = await Azurite.StartAsync(10000, 10001, 10002, azuriteLocation);
                }
            }

            if (string.IsNullOrWhiteSpace(configuration[$"{EmailOptions.Section}:{nameof(EmailOptions.ApiKey)}"]))
            {
                sink = await SendGridSink.StartAsync(outbox, Azurite.IsListening(sinkPort) ? 0 : sinkPort);
                say($"Email goes to the local SendGrid sink at {sink.BaseAddress}, written to {sink.Outbox}.");
                overrides[$"{EmailOptions.Section}:{nameof(EmailOptions.ApiKey)}"] = SinkApiKey;
                overrides[$"{EmailOptions.Section}:{nameof(EmailOptions.Host)}"] = sink
                    .BaseAddress.ToString()
                    .TrimEnd('/');
            }
        }
        catch
        {
            if (sink is not null)
                await sink.DisposeAsync();
            if (azurite is not null)
                await azurite.DisposeAsync();
            throw;
        }

        var merged = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(overrides)
            .Build();
        return new LocalEnvironment(merged, azurite, sink);
    }

    public async ValueTask DisposeAsync()
    {
        if (Sink is not null)
            await Sink.DisposeAsync();
        if (StartedAzurite is not null)
            await StartedAzurite.DisposeAsync();
    }
}

/// <summary>
/// The configured storage account does not answer: shown as one line, never as the SDK's retry trace.
/// </summary>
public sealed class StorageUnreachableException(string message) : Exception(message);
