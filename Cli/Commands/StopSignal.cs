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
