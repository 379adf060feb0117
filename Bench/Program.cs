using BackSignal.Bench;
using Spectre.Console;
using Spectre.Console.Cli;

// The same command lines as when the benchmarks lived in the product CLI, so that figures stay comparable:
// `dotnet run -c Release --project Bench -- bench pipeline --athletes 200`.
if (args is ["bench", "read", var file])
    return ReadCommand.Run(file);

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("BackSignal.Bench");
    config.UseStrictParsing();
    config.SetExceptionHandler(
        (exception, _) =>
        {
            AnsiConsole.WriteException(exception, ExceptionFormats.ShortenEverything);
            return 1;
        }
    );
    config.AddBranch(
        "bench",
        bench =>
        {
            bench.SetDescription("Benchmarks that print their figures and write them as JSON.");
            bench
                .AddCommand<PipelineCommand>("pipeline")
                .WithDescription(
                    "The pipeline under load: throughput vs the storage ceiling, transactions per workout, latencies, "
                        + "a 100,000-set import, the weekly fan-out."
                );
            bench
                .AddCommand<ImportCommand>("import")
                .WithDescription(
                    "Importer speed (Strong sample, 1M-row Strong file vs bare CsvHelper), memory (300 MB Apple "
                        + "Health) and the hostile inputs."
                );
            bench
                .AddCommand<AlertsCommand>("alerts")
                .WithDescription(
                    "Overload alert rates on the real histories in ../shared/samples, on generated lifters, and the "
                        + "must-fire and quiet scenarios."
                );
            bench
                .AddCommand<MicroCommand<MetricsBenchmarks>>("metrics")
                .WithDescription("BenchmarkDotNet: the metrics engine, ten years recomputed and one new day.");
            bench
                .AddCommand<MicroCommand<FitBenchmarks>>("fit")
                .WithDescription("BenchmarkDotNet: the FIT decoder on a generated 10 MB activity.");
            bench
                .AddCommand<MicroCommand<ParseBenchmarks>>("parse")
                .WithDescription("BenchmarkDotNet: the export readers on generated Strong, Hevy and Apple Health.");
        }
    );
});
return await app.RunAsync(args);
