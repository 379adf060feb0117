using System.Reflection;
using System.Text.Json;
using BackSignal.DevHost;
using Microsoft.Azure.WebJobs;

namespace BackSignal.Tests.Pipeline;

public class RuntimeParityTests
{
    /// <summary>The functions.metadata the Functions SDK generated for the build beside these tests.</summary>
    private static JsonDocument FunctionsMetadata()
    {
        var configuration = AppContext.BaseDirectory.Contains(
            $"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal
        )
            ? "Release"
            : "Debug";
        var path = Path.Combine(
            RepositoryRoot.Find(),
            "Functions",
            "bin",
            configuration,
            "net10.0",
            "functions.metadata"
        );
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    [Fact]
    public void The_functions_app_and_the_local_runtime_listen_on_the_same_queues()
    {
        using var metadata = FunctionsMetadata();
        var functionsApp = metadata
            .RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "queueTrigger")
            .Select(b => b.GetProperty("queueName").GetString()!)
            .Order()
            .ToList();

        var local = typeof(LocalFunctions)
            .GetMethods()
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName)
            .OfType<string>()
            .Order()
            .ToList();

        Assert.NotEmpty(functionsApp);
        Assert.Equal(functionsApp, local);
        Assert.Equal(Core.Messaging.QueueNames.All.Order(), local);
    }

    [Fact]
    public void The_functions_app_and_the_local_host_serve_the_same_http_routes()
    {
        using var metadata = FunctionsMetadata();
        var functionsApp = metadata
            .RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .Select(b =>
                $"{b.GetProperty("methods")[0].GetString()!.ToUpperInvariant()} {b.GetProperty("route").GetString()}"
            )
            .Order()
            .ToList();

        // `backsignal run` maps every route of this table (DevHost's FrontDoorServer).
        var local = Core.FrontDoor.FrontDoorRoutes.All.Select(r => $"{r.Method} {r.Path}").Order().ToList();

        Assert.NotEmpty(functionsApp);
        Assert.Equal(local, functionsApp);
    }
}
