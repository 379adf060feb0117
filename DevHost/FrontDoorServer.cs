using BackSignal.Core.FrontDoor;
using BackSignal.Core.Hosting;
using BackSignal.FrontDoorHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackSignal.DevHost;

/// <summary>
/// The HTTP front door on one machine: Kestrel on 127.0.0.1 serving /api/{route} for every route of
/// <see cref="FrontDoorRoutes"/> through the same adapter and Core handlers as the Functions app.
/// </summary>
public sealed class FrontDoorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FrontDoorServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>http://127.0.0.1:{port}, without /api.</summary>
    public Uri BaseUri { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="port">0 for any free port.</param>
    /// <param name="configureServices">Replacements after Core's services (a test's clock).</param>
    /// <param name="logs">Where log lines go (every level, through the hosts' filters); none when null.</param>
    public static async Task<FrontDoorServer> StartAsync(
        IConfiguration configuration,
        int port,
        CancellationToken ct,
        Action<IServiceCollection>? configureServices = null,
        ILoggerProvider? logs = null
    )
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        if (logs is not null)
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Logging.AddBackSignalFilters();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.Services.AddBackSignalCore(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        foreach (var route in FrontDoorRoutes.All)
            app.MapMethods(
                $"/api/{route.Path}",
                [route.Method],
                (Microsoft.AspNetCore.Http.HttpContext c) => AspNetCoreFrontDoor.HandleAsync(c, route)
            );
        // Any other path gets the front door's own 404, with its headers.
        app.MapFallback((Microsoft.AspNetCore.Http.HttpContext c) => AspNetCoreFrontDoor.HandleAsync(c, route: null));
        await app.StartAsync(ct);
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new FrontDoorServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
