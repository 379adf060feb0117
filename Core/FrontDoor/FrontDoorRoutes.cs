using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The routes of the HTTP front door (DESIGN §9), the one table both hosts serve: the Functions app declares one
/// HTTP trigger per route, `backsignal run` maps the same paths, and a test compares the two.
/// </summary>
public static class FrontDoorRoutes
{
    /// <param name="MaxFormBytes">
    /// For routes that take a form: the most the form may weigh (null: the mail-in limit of InboundOptions).
    /// </param>
    /// <param name="Token">The signed link a request must carry as ?t= before its body is read.</param>
    /// <param name="WebhookKey">The request must carry the webhook secret as ?code= before its body is read.</param>
    public sealed record Route(
        string Name,
        string Method,
        string Path,
        bool FormBody,
        bool FunctionKey,
        long? MaxFormBytes = null,
        Access.LinkPurpose? Token = null,
        bool WebhookKey = false
    );

    /// <summary>A check-in form is a few hundred bytes; 16 KB leaves room for a long note, nothing more.</summary>
    public const long MaxCheckinFormBytes = 16 * 1024;

    public static readonly IReadOnlyList<Route> All =
    [
        new("Health", "GET", "health", FormBody: false, FunctionKey: false),
        new("Upload", "POST", "upload", FormBody: false, FunctionKey: false, Token: Access.LinkPurpose.Upload),
        new("InboundEmail", "POST", "inbound/email", FormBody: true, FunctionKey: true, WebhookKey: true),
        new("CheckinForm", "GET", "checkin", FormBody: false, FunctionKey: false),
        new(
            "CheckinSubmit",
            "POST",
            "checkin",
            FormBody: true,
            FunctionKey: false,
            MaxCheckinFormBytes,
            Access.LinkPurpose.Checkin
        ),
        new("CoachPage", "GET", "coach", FormBody: false, FunctionKey: false),
        new("PlannedForm", "GET", "planned", FormBody: false, FunctionKey: false),
        new(
            "PlannedSubmit",
            "POST",
            "planned",
            FormBody: true,
            FunctionKey: false,
            MaxCheckinFormBytes,
            Access.LinkPurpose.Planned
        ),
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
            "CheckinForm" or "CheckinSubmit" => services.GetRequiredService<CheckinPage>().HandleAsync(request, ct),
            "CoachPage" => services.GetRequiredService<CoachPage>().HandleAsync(request, ct),
            "PlannedForm" or "PlannedSubmit" => services.GetRequiredService<PlannedPage>().HandleAsync(request, ct),
            _ => Task.FromResult(FrontDoorResponse.Text(404, "Not found.")),
        };
}
