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
    config.AddCommand<SendWorkoutCommand>("send-workout").WithDescription("Queue canonical workout summaries (an object, an array or JSON lines).");
});
return await app.RunAsync(args);
