using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The routes of the HTTP front door (DESIGN §9), the one table both hosts serve: the Functions app declares one
/// HTTP trigger per route, `backsignal run` maps the same paths, and a test compares the two.
/// </summary>
public static class FrontDoorRoutes
{
    public sealed record Route(string Name, string Method, string Path, bool FormBody, bool FunctionKey);

    public static readonly IReadOnlyList<Route> All =
    [
        new("Health", "GET", "health", FormBody: false, FunctionKey: false),
        new("Upload", "POST", "upload", FormBody: false, FunctionKey: false),
        new("InboundEmail", "POST", "inbound/email", FormBody: true, FunctionKey: true),
    ];

    public static Route? Find(string method, string path) =>
        All.FirstOrDefault(r =>
            r.Method.Equals(method, StringComparison.OrdinalIgnoreCase)
            && r.Path.Equals(path.Trim('/'), StringComparison.OrdinalIgnoreCase)
        );

    /// <summary>Runs the route's handler; a route without one is 404.</summary>
    public static Task<FrontDoorResponse> HandleAsync(
        IServiceProvider services,
        Route route,
        FrontDoorRequest request,
        CancellationToken ct
    ) =>
        route.Name switch
        {
            "Health" => Task.FromResult(FrontDoorResponse.Text(200, "ok")),
            "Upload" => services.GetRequiredService<UploadLink>().HandleAsync(request, ct),
            "InboundEmail" => services.GetRequiredService<InboundEmail>().HandleAsync(request, ct),
            _ => Task.FromResult(FrontDoorResponse.Text(404, "Not found.")),
        };
}
