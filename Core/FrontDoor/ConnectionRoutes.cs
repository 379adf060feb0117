namespace BackSignal.Core.FrontDoor;

/// <summary>
/// The routes of connected accounts (docs/design.md#connected-accounts): connecting from the athlete's settings, and
/// the providers' webhooks. Part of <see cref="FrontDoorRoutes.All"/>.
/// </summary>
public static class ConnectionRoutes
{
    public static readonly FrontDoorRoutes.Route ConnectHevy = new FrontDoorRoutes.Route(
        "ConnectHevy",
        "POST",
        "connect/hevy",
        FrontDoorRoutes.By<ConnectionPages>(),
        FormBody: true,
        MaxFormBytes: FrontDoorRoutes.MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Me
    );

    public static readonly FrontDoorRoutes.Route Disconnect = new FrontDoorRoutes.Route(
        "Disconnect",
        "POST",
        "connect/disconnect",
        FrontDoorRoutes.By<ConnectionPages>(),
        FormBody: true,
        MaxFormBytes: FrontDoorRoutes.MaxCheckinFormBytes,
        Token: Access.LinkPurpose.Me
    );

    /// <summary>Off to Strava's authorization page (a redirect), with a state bound to the athlete.</summary>
    public static readonly FrontDoorRoutes.Route ConnectStrava = new FrontDoorRoutes.Route(
        "ConnectStrava",
        "GET",
        "connect/strava",
        FrontDoorRoutes.By<ConnectionPages>(),
        Token: Access.LinkPurpose.Me
    );

    /// <summary>Strava's redirect back: no link of ours, the single-use state names the athlete.</summary>
    public static readonly FrontDoorRoutes.Route StravaCallback = new FrontDoorRoutes.Route(
        "StravaCallback",
        "GET",
        "connect/strava/callback",
        FrontDoorRoutes.By<ConnectionPages>()
    );

    /// <summary>Hevy's webhook: the Authorization header is the token BackSignal registered, checked first.</summary>
    public static readonly FrontDoorRoutes.Route HevyHook = new FrontDoorRoutes.Route(
        "HevyHook",
        "POST",
        "hooks/hevy",
        FrontDoorRoutes.By<ProviderHooks>()
    );

    public static readonly FrontDoorRoutes.Route StravaHookChallenge = new FrontDoorRoutes.Route(
        "StravaHookChallenge",
        "GET",
        "hooks/strava",
        FrontDoorRoutes.By<ProviderHooks>()
    );

    public static readonly FrontDoorRoutes.Route StravaHookEvent = new FrontDoorRoutes.Route(
        "StravaHookEvent",
        "POST",
        "hooks/strava",
        FrontDoorRoutes.By<ProviderHooks>()
    );
}
