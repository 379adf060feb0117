using BackSignal.Core.FrontDoor;
using BackSignal.FrontDoorHost;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BackSignal.Functions;

/// <summary>
/// The HTTP front door (docs/design.md#front-door), one trigger per route of Core's FrontDoorRoutes, each handed to the
/// one ASP.NET Core adapter that `backsignal run` uses too. Only the SendGrid webhook needs the function key.
/// </summary>
public sealed class FrontDoor
{
    [Function("Health")]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.Health);

    [Function("Upload")]
    public Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "upload")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.Upload);

    [Function("InboundEmail")]
    public Task<IActionResult> InboundEmail(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "inbound/email")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.InboundMail);

    [Function("CheckinForm")]
    public Task<IActionResult> CheckinForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "checkin")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.CheckinForm);

    [Function("CheckinSubmit")]
    public Task<IActionResult> CheckinSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "checkin")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.CheckinSubmit);

    [Function("CoachPage")]
    public Task<IActionResult> CoachPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "coach")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.Coach);

    [Function("PlannedForm")]
    public Task<IActionResult> PlannedForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "planned")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.PlannedForm);

    [Function("PlannedSubmit")]
    public Task<IActionResult> PlannedSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "planned")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.PlannedSubmit);

    [Function("UnsubscribeForm")]
    public Task<IActionResult> UnsubscribeForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unsubscribe")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.UnsubscribeForm);

    [Function("UnsubscribeSubmit")]
    public Task<IActionResult> UnsubscribeSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unsubscribe")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.UnsubscribeSubmit);

    [Function("AthletePage")]
    public Task<IActionResult> AthletePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.Me);

    [Function("SettingsForm")]
    public Task<IActionResult> SettingsForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.SettingsForm);

    [Function("SettingsSubmit")]
    public Task<IActionResult> SettingsSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "settings")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.SettingsSubmit);

    [Function("DataExportRequest")]
    public Task<IActionResult> DataExportRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/export")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.DataExportRequest);

    [Function("DataDeleteRequest")]
    public Task<IActionResult> DataDeleteRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/delete")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.DataDeleteRequest);

    [Function("DataRightsConfirm")]
    public Task<IActionResult> DataRightsConfirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/data")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.DataRightsConfirm);

    [Function("DataRightsDo")]
    public Task<IActionResult> DataRightsDo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/data")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.DataRightsDo);

    [Function("Invite")]
    public Task<IActionResult> Invite(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "invite")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.Invite);

    [Function("SignupForm")]
    public Task<IActionResult> SignupForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signup")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.SignupForm);

    [Function("SignupSubmit")]
    public Task<IActionResult> SignupSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signup")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.SignupSubmit);

    [Function("VerifyForm")]
    public Task<IActionResult> VerifyForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signup/verify")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.VerifyForm);

    [Function("VerifySubmit")]
    public Task<IActionResult> VerifySubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signup/verify")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.VerifySubmit);

    [Function("FreshLink")]
    public Task<IActionResult> FreshLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "fresh")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.FreshLink);

    [Function("CoachSignOut")]
    public Task<IActionResult> CoachSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "coach/signout")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.CoachSignOut);

    [Function("CoachRemove")]
    public Task<IActionResult> CoachRemove(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "coach/remove")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.CoachRemove);

    [Function("PlanAdd")]
    public Task<IActionResult> PlanAdd(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/plan")] HttpRequest request
    ) => RunAsync(request, FrontDoorRoutes.PlanAdd);

    [Function("ConnectHevy")]
    public Task<IActionResult> ConnectHevy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "connect/hevy")] HttpRequest request
    ) => RunAsync(request, ConnectionRoutes.ConnectHevy);

    [Function("Disconnect")]
    public Task<IActionResult> Disconnect(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "connect/disconnect")] HttpRequest request
    ) => RunAsync(request, ConnectionRoutes.Disconnect);

    [Function("ConnectStrava")]
    public Task<IActionResult> ConnectStrava(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connect/strava")] HttpRequest request
    ) => RunAsync(request, ConnectionRoutes.ConnectStrava);

    [Function("StravaCallback")]
    public Task<IActionResult> StravaCallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connect/strava/callback")] HttpRequest request
    ) => RunAsync(request, ConnectionRoutes.StravaCallback);

    [Function("HevyHook")]
    public Task<IActionResult> HevyHook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "hooks/hevy")] HttpRequest request
    ) => RunAsync(request, ConnectionRoutes.HevyHook);

    [Function("StravaHookChallenge")]
    public Task<IActionResult> StravaHookChallenge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hooks/strava")] HttpRequest request
    ) => RunAsync(request, ConnectionRoutes.StravaHookChallenge);

    [Function("StravaHookEvent")]
    public Task<IActionResult> StravaHookEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "hooks/strava")] HttpRequest request
    ) => RunAsync(request, ConnectionRoutes.StravaHookEvent);

    private static async Task<IActionResult> RunAsync(HttpRequest request, FrontDoorRoutes.Route route)
    {
        // The adapter writes the response itself; nothing is left for the result to do.
        await AspNetCoreFrontDoor.HandleAsync(request.HttpContext, route);
        return new EmptyResult();
    }
}
