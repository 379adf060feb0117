using BackSignal.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("backsignal");
    config.AddCommand<DemoCommand>("demo").WithDescription("Start Azurite and the email sink, run a sample athlete through the pipeline, show the results.");
    config.AddCommand<RunCommand>("run").WithDescription("Run the pipeline locally (the WebJobs SDK on the Functions' queues).");
    config.AddBranch("athlete", athlete =>
    {
        athlete.SetDescription("Manage athletes.");
        athlete.AddCommand<AthleteAddCommand>("add").WithDescription("Add or update an athlete.");
        athlete.AddCommand<AthleteListCommand>("list").WithDescription("List athletes.");
        athlete.AddCommand<AthleteShowCommand>("show").WithDescription("Show an athlete's profile and recent days.");
    });
    config.AddCommand<ImportCommand>("import").WithDescription("Upload export files for an athlete and queue them (--process to run them through now).");
    config.AddBranch("ingestion", ingestion =>
    {
        ingestion.SetDescription("What uploads produced.");
        ingestion.AddCommand<IngestionShowCommand>("show").WithDescription("Print an upload's report: counts, rejected rows, unknown exercises.");
        ingestion.AddCommand<IngestionListCommand>("list").WithDescription("List an athlete's uploads.");
    });
    config.AddCommand<CheckinCommand>("checkin").WithDescription("Queue a pain check-in (flags) or check-ins from a JSON / JSON-lines file.");
    config.AddCommand<AlertsCommand>("alerts").WithDescription("List an athlete's stored alerts with their evidence and send status.");
    config.AddCommand<ReportCommand>("report").WithDescription("Write an athlete's weekly summary as a local HTML page (chart embedded).");
    config.AddCommand<AnalyzeCommand>("analyze").WithDescription("Analyse export files in memory (no storage): days, metrics and alerts as a table or JSON.");
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks that print their figures and write them as JSON.");
        bench.AddCommand<BenchReadCommand>("read").IsHidden();
        bench.AddCommand<BenchMetricsCommand>("metrics").WithDescription("Metrics engine: full recompute of 10 years of daily data and an incremental recompute, time and allocations.");
        bench.AddCommand<BenchPipelineCommand>("pipeline").WithDescription("The pipeline under load: throughput vs the storage ceiling, transactions per workout, latencies, a 100,000-set import.");
        bench.AddCommand<BenchAlertsCommand>("alerts").WithDescription("Overload alert rates on the real histories in ../shared/samples and the must-fire and quiet scenarios.");
        bench.AddCommand<BenchFitCommand>("fit").WithDescription("FIT decoder: a generated 10 MB activity file, decoding time.");
        bench.AddCommand<BenchImportCommand>("import").WithDescription("Importer speed (Strong sample, 1M-row Strong file vs bare CsvHelper) and memory (300 MB Apple Health).");
    });
    config.AddCommand<ReplayCommand>("replay").WithDescription("Move poison messages back to their queue once the cause is fixed.");
    config.AddCommand<SendWorkoutCommand>("send-workout").WithDescription("Queue canonical workout summaries (an object, an array or JSON lines).");
});
return await app.RunAsync(args);
