using BackSignal.Core.Configuration;
using BackSignal.Core.Hosting;
using BackSignal.Core.Messaging;
using BackSignal.Core.Metrics;
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

/// <summary>The services of one command, and the Azurite it started (stopped on dispose; its data stays).</summary>
public sealed class ConnectedServices(ServiceProvider services, Azurite? azurite) : IServiceProvider, IAsyncDisposable
{
    public object? GetService(Type serviceType) => services.GetService(serviceType);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        if (azurite is not null)
            await azurite.DisposeAsync();
    }
}

internal static class Tables
{
    public static Table Days(IReadOnlyList<DayMetrics> metrics, AlertOptions alerting)
    {
        var table = new Table()
            .RoundedBorder()
            .AddColumns(
                "date",
                "load (AU)",
                "acute (7-d EWMA)",
                "chronic (28-d EWMA)",
                "ACWR",
                "spinal kg*",
                "spinal ACWR",
                "week vs week"
            )
            .Caption(
                $"ACWR (acute:chronic ratio) above {alerting.AcwrSpike:0.0#} is a warning sign, not a prediction; it "
                    + $"means "
                    + "little in the first "
                    + "4 weeks or after a break. *spinal load is BackSignal's relative weighting, not a measured force."
            );
        foreach (var m in metrics)
        {
            var ratio = m.AcwrEwma is { } r ? r.ToString("0.00") : "–";
            ratio = Coloured(ratio, alerting.BandOf(m.AcwrEwma));
            table.AddRow(
                m.Date.ToString("yyyy-MM-dd ddd"),
                m.Load.ToString("0"),
                m.AcuteEwma.ToString("0"),
                m.ChronicEwma.ToString("0"),
                ratio,
                m.SpinalLoad.ToString("0"),
                m.SpinalAcwrEwma?.ToString("0.00") ?? "–",
                m.WeeklyLoadChange is { } w ? w.ToString("+0%;-0%;0%") : "–"
            );
        }
        return table;
    }

    public static Table Analysis(IReadOnlyList<ComputedDay> days, AlertOptions alerting)
    {
        var table = new Table()
            .RoundedBorder()
            .AddColumns(
                "date",
                "load (AU)",
                "method",
                "volume kg",
                "spinal kg*",
                "ACWR",
                "monotony",
                "CTL",
                "ATL",
                "TSB"
            )
            .Caption(
                $"ACWR: 7-day over 28-day EWMA; above {alerting.AcwrSpike:0.0#} is a spike. *spinal load is a "
                    + "heuristic of BackSignal."
            );
        foreach (var d in days)
        {
            var m = d.Metrics;
            var ratio = m.AcwrEwma is { } r ? r.ToString("0.00") : "–";
            ratio = Coloured(ratio, alerting.BandOf(m.AcwrEwma));
            table.AddRow(
                d.Day.Date.ToString("yyyy-MM-dd ddd"),
                d.Day.Load.ToString("0"),
                d.Day.LoadMethod is { } lm ? LoadMethods.Name(lm) : "–",
                d.Day.VolumeLoadKg.ToString("0"),
                d.Day.SpinalLoadKg.ToString("0"),
                ratio,
                m.Monotony?.ToString("0.00") ?? "–",
                m.Ctl.ToString("0.0"),
                m.Atl.ToString("0.0"),
                m.Tsb.ToString("0.0")
            );
        }
        return table;
    }

    private static string Coloured(string ratio, AcwrBand band) =>
        band switch
        {
            AcwrBand.Warning => $"[red]{ratio}[/]",
            AcwrBand.Rising => $"[yellow]{ratio}[/]",
            _ => ratio,
        };

    /// <summary>
    /// Calendar weeks (Monday to Sunday) of load and spinal load, with a bar: the story in 80 columns.
    /// </summary>
    public static Table Weeks(IReadOnlyList<DayMetrics> metrics)
    {
        var weeks = metrics
            .GroupBy(m => Core.Weekly.IsoWeek.Of(m.Date))
            .OrderBy(g => g.Key.Monday)
            .Select(g => (Week: g.Key, Load: g.Sum(m => m.Load), Spinal: g.Sum(m => m.SpinalLoad), Days: g.Count()))
            .ToList();
        var top = Math.Max(1, weeks.Count == 0 ? 1 : weeks.Max(w => w.Load));
        var table = new Table()
            .RoundedBorder()
            .AddColumns("week of", "load (AU)", "spinal kg*", "")
            .Caption("*spinal load is BackSignal's relative weighting, not a measured force.");
        foreach (var w in weeks)
        {
            var bar = new string('█', (int)Math.Round(20 * w.Load / top));
            var label =
                w.Days == 7 ? $"{w.Week.Monday:yyyy-MM-dd}"
                : w.Week == weeks[^1].Week ? $"{w.Week.Monday:yyyy-MM-dd} (so far)"
                : $"{w.Week.Monday:yyyy-MM-dd} (part)";
            table.AddRow(label, w.Load.ToString("0"), w.Spinal.ToString("0"), bar);
        }
        return table;
    }

    public static Table Alerts(IReadOnlyList<StoredAlert> alerts, IReadOnlyList<LedgerEntry> ledger)
    {
        var table = new Table().RoundedBorder().AddColumns("date", "rule", "tier", "email", "evidence");
        foreach (var a in alerts)
        {
            var sends = ledger
                .Where(l => l.Key.StartsWith(LedgerKeys.AlertPrefix(a.Alert.Key), StringComparison.Ordinal))
                .Select(l => $"{l.Key[(l.Key.LastIndexOf('|') + 1)..]}: {l.Status.ToString().ToLowerInvariant()}")
                .ToList();
            var email =
                sends.Count > 0 ? string.Join(", ", sends)
                : a.Notify ? "queued"
                : $"not sent ({a.SuppressedBecause})";
            table.AddRow(
                Markup.Escape(a.Alert.Date.ToString("yyyy-MM-dd")),
                Markup.Escape(a.Alert.Rule),
                a.Alert.Tier.ToString().ToLowerInvariant(),
                Markup.Escape(email),
                Markup.Escape(a.Alert.Evidence)
            );
        }
        return table;
    }
}

/// <summary>
/// A markup line written in several interpolated parts (each part's values escaped, as MarkupLineInterpolated does).
/// </summary>
internal static class Say
{
    public static void Line(params FormattableString[] parts) =>
        AnsiConsole.MarkupLine(string.Concat(parts.Select(p => p.ToString(EscapingFormatter.Instance))));

    /// <summary>Formats each value as usual, then escapes it so that a '[' in a name is text, not markup.</summary>
    private sealed class EscapingFormatter : IFormatProvider, ICustomFormatter
    {
        public static readonly EscapingFormatter Instance = new();

        public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

        public string Format(string? format, object? arg, IFormatProvider? formatProvider) =>
            Markup.Escape(
                arg is IFormattable formattable
                    ? formattable.ToString(format, System.Globalization.CultureInfo.CurrentCulture)
                    : arg?.ToString() ?? ""
            );
    }
}

/// <summary>
/// How a long-running command (`run`, `demo --serve`) learns that it should stop: Ctrl+C, SIGTERM (a service
/// manager, `kill`) or the command's cancellation. While it is listening, Ctrl+C and SIGTERM are handled here
/// instead of ending the process (a second Ctrl+C during a clean stop too); disposing it gives them back.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly TaskCompletionSource _stop = new();
    private readonly CancellationTokenRegistration _registration;
    private readonly ConsoleCancelEventHandler _onCancel;
    private readonly System.Runtime.InteropServices.PosixSignalRegistration _sigterm;

    private StopSignal(CancellationToken ct)
    {
        _registration = ct.Register(() => _stop.TrySetResult());
        _onCancel = (_, e) =>
        {
            e.Cancel = true;
            _stop.TrySetResult();
        };
        Console.CancelKeyPress += _onCancel;
        _sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            c =>
            {
                c.Cancel = true;
                _stop.TrySetResult();
            }
        );
    }

    public static StopSignal Listen(CancellationToken ct) => new(ct);

    /// <summary>Completes on the first of Ctrl+C, SIGTERM or cancellation.</summary>
    public Task Stopped => _stop.Task;

    public void Dispose()
    {
        Console.CancelKeyPress -= _onCancel;
        _sigterm.Dispose();
        _registration.Dispose();
    }
}
