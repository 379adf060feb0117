using Microsoft.Extensions.DependencyInjection;

namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The routes of the HTTP front door (docs/design.md#front-door), the one table both hosts serve: each route carries
/// its handler; the Functions app declares one HTTP trigger per route and hands that route over, `backsignal run` maps
/// every route, and a test compares the two.
/// </summary>
public static class FrontDoorRoutes
{
    /// <param name="Serve">Runs the route: resolves its handler from the request's services.</param>
    /// <param name="MaxFormBytes">
    /// For routes that take a form: the most the form may weigh (null: the mail-in limit of InboundOptions).
    /// </param>
    /// <param name="Token">The signed link a request must carry as ?t= before its body is read.</param>
    /// <param name="WebhookKey">The request must carry the webhook secret as ?code= before its body is read.</param>
    public sealed record Route(
        string Name,
        string Method,
        string Path,
        Func<IServiceProvider, FrontDoorRequest, CancellationToken, Task<FrontDoorResponse>> Serve,
        bool FormBody = false,
        bool FunctionKey = false,
        long? MaxFormBytes = null,
        Access.LinkPurpose? Token = null,
        bool WebhookKey = false
    );

    /// <summary>A check-in form is a few hundred bytes; 16 KB leaves room for a long note, nothing more.</summary>
    public const long MaxCheckinFormBytes = 16 * 1024;

    public static readonly Route Health = new(
        "Health",
        "GET",
        "health",
        (_, _, _) => Task.FromResult(FrontDoorResponse.Text(200, "ok"))
    );

    public static readonly Route Upload = new(
        "Upload",
        "POST",
        "upload",
        By<UploadLink>(),
        Token: Access.LinkPurpose.Upload
    );

    public static readonly Route InboundMail = new(
        "InboundEmail",
        "POST",
        "inbound/email",
        By<InboundEmail>(),
        FormBody: true,
        FunctionKey: true,
        WebhookKey: true
    );

    public static readonly Route CheckinForm = new("CheckinForm", "GET", "checkin", By<CheckinPage>());

    public static readonly Route CheckinSubmit = new(
        "CheckinSubmit",
        "POST",
        "checkin",
        By<CheckinPage>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Checkin
    );

    public static readonly Route Coach = new("CoachPage", "GET", "coach", By<CoachPage>());

    public static readonly Route PlannedForm = new("PlannedForm", "GET", "planned", By<PlannedPage>());

    public static readonly Route PlannedSubmit = new(
        "PlannedSubmit",
        "POST",
        "planned",
        By<PlannedPage>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Planned
    );

    /// <summary>Asks before it stops an email (a GET stops nothing: mail scanners open links).</summary>
    public static readonly Route UnsubscribeForm = new(
        "UnsubscribeForm",
        "GET",
        "unsubscribe",
        By<UnsubscribePage>(),
        Token: Access.LinkPurpose.Unsubscribe
    );

    /// <summary>RFC 8058 one-click (the body "List-Unsubscribe=One-Click"), or the page's own button.</summary>
    public static readonly Route UnsubscribeSubmit = new(
        "UnsubscribeSubmit",
        "POST",
        "unsubscribe",
        By<UnsubscribePage>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Unsubscribe
    );

    public static readonly Route Me = new("AthletePage", "GET", "me", By<AthletePage>(), Token: Access.LinkPurpose.Me);

    public static readonly Route SettingsForm = new(
        "SettingsForm",
        "GET",
        "settings",
        By<SettingsPage>(),
        Token: Access.LinkPurpose.Me
    );

    public static readonly Route SettingsSubmit = new(
        "SettingsSubmit",
        "POST",
        "settings",
        By<SettingsPage>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Me
    );

    public static readonly Route DataExportRequest = new(
        "DataExportRequest",
        "POST",
        "me/export",
        By<DataRightsPage>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Me
    );

    public static readonly Route DataDeleteRequest = new(
        "DataDeleteRequest",
        "POST",
        "me/delete",
        By<DataRightsPage>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Me
    );

    public static readonly Route DataRightsConfirm = new(
        "DataRightsConfirm",
        "GET",
        "me/data",
        By<DataRightsPage>(),
        Token: Access.LinkPurpose.DataRights
    );

    public static readonly Route DataRightsDo = new(
        "DataRightsDo",
        "POST",
        "me/data",
        By<DataRightsPage>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.DataRights
    );

    public static readonly Route Invite = new(
        "Invite",
        "POST",
        "invite",
        By<SignupPages>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Coach
    );

    /// <summary>The invitation's link, or none where sign-up is open: the handler checks which.</summary>
    public static readonly Route SignupForm = new("SignupForm", "GET", "signup", By<SignupPages>());

    public static readonly Route SignupSubmit = new(
        "SignupSubmit",
        "POST",
        "signup",
        By<SignupPages>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes
    );

    public static readonly Route VerifyForm = new(
        "VerifyForm",
        "GET",
        "signup/verify",
        By<SignupPages>(),
        Token: Access.LinkPurpose.Verify
    );

    public static readonly Route VerifySubmit = new(
        "VerifySubmit",
        "POST",
        "signup/verify",
        By<SignupPages>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Verify
    );

    /// <summary>An expired link asks for a fresh one (the handler checks the link, expired or not).</summary>
    public static readonly Route FreshLink = new(
        "FreshLink",
        "POST",
        "fresh",
        By<FreshLinks>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes
    );

    public static readonly Route CoachSignOut = new(
        "CoachSignOut",
        "POST",
        "coach/signout",
        By<CoachActions>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Coach
    );

    public static readonly Route CoachRemove = new(
        "CoachRemove",
        "POST",
        "coach/remove",
        By<CoachActions>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Coach
    );

    public static readonly Route PlanAdd = new(
        "PlanAdd",
        "POST",
        "me/plan",
        By<PlanForm>(),
        FormBody: true,
        MaxFormBytes: MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Me
    );

    // After the routes: static fields are initialised in the order they are written.
    public static readonly IReadOnlyList<Route> All =
    [
        Health,
        Upload,
        InboundMail,
        CheckinForm,
        CheckinSubmit,
        Coach,
        PlannedForm,
        PlannedSubmit,
        UnsubscribeForm,
        UnsubscribeSubmit,
        Me,
        SettingsForm,
        SettingsSubmit,
        DataExportRequest,
        DataDeleteRequest,
        DataRightsConfirm,
        DataRightsDo,
        Invite,
        SignupForm,
        SignupSubmit,
        VerifyForm,
        VerifySubmit,
        FreshLink,
        CoachSignOut,
        CoachRemove,
        PlanAdd,
        // Another class: its fields are initialised when first read, here.
        ConnectionRoutes.ConnectHevy,
        ConnectionRoutes.Disconnect,
        ConnectionRoutes.ConnectStrava,
        ConnectionRoutes.StravaCallback,
        ConnectionRoutes.HevyHook,
        ConnectionRoutes.StravaHookChallenge,
        ConnectionRoutes.StravaHookEvent,
    ];

    internal static Func<IServiceProvider, FrontDoorRequest, CancellationToken, Task<FrontDoorResponse>> By<T>()
        where T : IFrontDoorHandler =>
        (services, request, ct) => services.GetRequiredService<T>().HandleAsync(request, ct);
}
