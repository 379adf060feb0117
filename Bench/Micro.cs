using System.ComponentModel;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Spectre.Console.Cli;

namespace BackSignal.Bench;

/// <summary>
/// `bench metrics`, `bench fit`, `bench parse`: the pure code on BenchmarkDotNet (warm-up, repetitions, outliers,
/// allocations per call), in this process so that no project has to be generated and restored.
/// </summary>
public sealed class MicroCommand<T> : Command<MicroCommand<T>.Settings>
    where T : class
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--quick")]
        [Description("A short run (3 iterations): for trying the command, not for figures.")]
        public bool Quick { get; init; }

        [CommandOption("--artifacts <DIR>")]
        [Description("Where BenchmarkDotNet writes its reports. Default: BenchmarkDotNet.Artifacts")]
        public string Artifacts { get; init; } = "BenchmarkDotNet.Artifacts";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var job = (s.Quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig
            .Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(s.Artifacts);
        var summary = BenchmarkRunner.Run<T>(config);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}
