using System.ComponentModel;
using BackSignal.Cli.Infrastructure;
using BackSignal.Core.Access;
using BackSignal.Core.FrontDoor;
using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BackSignal.Cli.Commands;

public class AthleteLinkSettings : CommandSettings
{
    [CommandOption("--athlete <ID>")]
    [Description("The athlete")]
    public string Athlete { get; init; } = "";

    [CommandOption("--days <N>")]
    [Description("How long the link works. Default: Links__DefaultDays (30)")]
    public int? Days { get; init; }

    public override ValidationResult Validate() =>
        !AthleteIds.IsValid(Athlete) ? ValidationResult.Error("--athlete is required: a valid athlete id.")
        : Days is < 1 or > 400 ? ValidationResult.Error("--days is 1 to 400.")
        : ValidationResult.Success();
}

/// <summary>Shared by the link commands: the athlete's access reference, made on first use.</summary>
internal static class Links
{
    public static async Task<string?> AccessRefAsync(
        ConnectedServices services,
        string athlete,
        AccessPurpose purpose,
        CancellationToken ct
    )
    {
        if (await services.RequireAthleteAsync(athlete, ct) is null)
            return null;
        return await services.Access.GetOrCreateAsync(athlete, purpose, ct);
    }

    /// <summary>
    /// A signed URL of <paramref name="path"/> for <paramref name="reference"/>, and how long it lasts.
    /// </summary>
    public static (string Url, int Days) Signed(
        ConnectedServices services,
        LinkPurpose purpose,
        string reference,
        string path,
        int? days
    )
    {
        var valid = days ?? services.GetRequiredService<IOptions<LinkOptions>>().Value.DefaultDays;
        return (services.Links.Url(purpose, reference, path, TimeSpan.FromDays(valid)), valid);
    }
}

/// <summary>
/// A link command of the athlete's own pages: their access reference for the purpose (made on first use), the signed
/// URL on standard output, how long it lasts and how it is used on standard error.
/// </summary>
public abstract class AthleteLinkCommand(
    StorageConnector connector,
    AccessPurpose access,
    LinkPurpose purpose,
    string route
) : AsyncCommand<AthleteLinkSettings>
{
    protected abstract string Note(string url, int days);

    public override async Task<int> ExecuteAsync(CommandContext context, AthleteLinkSettings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        if (await Links.AccessRefAsync(services, s.Athlete, access, ct) is not { } reference)
            return 2;
        var (url, days) = Links.Signed(services, purpose, reference, route, s.Days);
        Console.WriteLine(url);
        Console.Error.WriteLine(Note(url, days));
        return 0;
    }
}

/// <summary>`backsignal link upload`: the athlete's signed upload URL.</summary>
public sealed class LinkUploadCommand(StorageConnector connector)
    : AthleteLinkCommand(connector, AccessPurpose.Upload, LinkPurpose.Upload, "upload")
{
    protected override string Note(string url, int days) =>
        $"Valid {days} days. Send a file with: curl -T strong.csv \"{url}&name=strong.csv\"";
}

/// <summary>`backsignal link checkin`: the athlete's signed check-in page.</summary>
public sealed class LinkCheckinCommand(StorageConnector connector)
    : AthleteLinkCommand(connector, AccessPurpose.Checkin, LinkPurpose.Checkin, "checkin")
{
    protected override string Note(string url, int days) =>
        $"Valid {days} days. Every email to the athlete carries one too.";
}

/// <summary>`backsignal link me`: the athlete's own page.</summary>
public sealed class LinkMeCommand(StorageConnector connector)
    : AthleteLinkCommand(connector, AccessPurpose.Me, LinkPurpose.Me, "me")
{
    protected override string Note(string url, int days) =>
        $"Valid {days} days: the athlete's week, chart, alerts, check-ins and upload link.";
}

/// <summary>
/// `backsignal link invite --coach-email E --email A`: a coach's invitation, mailed to the athlete (as the coach's
/// page sends it) and printed.
/// </summary>
public sealed class LinkInviteCommand(StorageConnector connector) : AsyncCommand<LinkInviteCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--coach-email <EMAIL>")]
        [Description("The coach who invites")]
        public string CoachEmail { get; init; } = "";

        [CommandOption("--email <EMAIL>")]
        [Description("The athlete's address: the invitation is mailed there")]
        public string Email { get; init; } = "";

        [CommandOption("--name <NAME>")]
        [Description("The athlete's name, for the invitation")]
        public string? Name { get; init; }

        public override ValidationResult Validate() =>
            !CoachEmail.Contains('@') ? ValidationResult.Error("--coach-email is an email address.")
            : !Email.Contains('@') ? ValidationResult.Error("--email is the athlete's email address.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        var invitation = await services
            .GetRequiredService<Invitations>()
            .CreateAsync(s.CoachEmail, s.Email, s.Name, DateTimeOffset.UtcNow, ct);
        await services.Queue.SendAsync(new InvitationEmail(invitation.CoachRef, invitation.Id), ct);
        Console.WriteLine(
            services.Links.Url(
                LinkPurpose.Invite,
                $"{invitation.CoachRef}|{invitation.Id}",
                "signup",
                Invitations.InvitationValidFor
            )
        );
        Console.Error.WriteLine(
            $"Invitation queued for {s.Email} (mailed by `run`); valid until {invitation.Expires:yyyy-MM-dd}."
        );
        return 0;
    }
}

/// <summary>`backsignal link inbound`: the athlete's personal import address.</summary>
public sealed class LinkInboundCommand(StorageConnector connector) : AsyncCommand<AthleteLinkSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AthleteLinkSettings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        if (await Links.AccessRefAsync(services, s.Athlete, AccessPurpose.Inbound, ct) is not { } reference)
            return 2;
        Console.WriteLine($"{reference}@{services.GetRequiredService<IOptions<InboundOptions>>().Value.Domain}");
        Console.Error.WriteLine(
            "Exports mailed to this address from the athlete's own email address are imported; "
                + $"`{Invocation.Of($"link revoke --athlete {s.Athlete} --purpose inbound")}` retires it alone."
        );
        return 0;
    }
}

/// <summary>`backsignal link revoke`: retires the athlete's import address and every link made for them.</summary>
public sealed class LinkRevokeCommand(StorageConnector connector) : AsyncCommand<LinkRevokeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--athlete <ID>")]
        [Description("The athlete whose address or links to retire")]
        public string? Athlete { get; init; }

        [CommandOption("--coach-email <EMAIL>")]
        [Description("The coach whose page links to retire (a forwarded digest, a coach who left)")]
        public string? CoachEmail { get; init; }

        [CommandOption("--purpose <PURPOSE>")]
        [Description(
            "Only this one: inbound, upload, checkin, coach, planned, unsubscribe or me. Default: all of them"
        )]
        [TypeConverter(typeof(KebabEnumConverter<AccessPurpose>))]
        public AccessPurpose? Purpose { get; init; }

        public override ValidationResult Validate() =>
            (Athlete is null) == (CoachEmail is null) ? ValidationResult.Error("Give --athlete ID or --coach-email E.")
            : Athlete is not null && !AthleteIds.IsValid(Athlete)
                ? ValidationResult.Error("--athlete is not a valid athlete id.")
            : CoachEmail is not null && !CoachEmail.Contains('@')
                ? ValidationResult.Error("--coach-email is an email address.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        var subject = s.Athlete ?? LinkSubjects.CoachPrefix + Core.Model.CoachRefs.Of(s.CoachEmail!);
        await services.Access.RevokeAsync(subject, ct, s.Purpose);
        var what = s.Purpose is { } one ? $"the {one.ToString().ToLowerInvariant()} links" : "every link and address";
        var whose = s.Athlete ?? "the coach";
        AnsiConsole.MarkupLineInterpolated(
            $"Revoked {what} of [bold]{whose}[/]: they no longer work; new ones differ."
        );
        return 0;
    }
}

/// <summary>
/// `backsignal link inbound-webhook`: the URL to paste into SendGrid Inbound Parse, its key included.
/// </summary>
public sealed class LinkInboundWebhookCommand(Microsoft.Extensions.Configuration.IConfiguration configuration)
    : Command<LinkInboundWebhookCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--function-key <KEY>")]
        [Description(
            "In Azure: the InboundEmail function's key (az functionapp function keys list). "
                + "Default: Inbound__WebhookSecret"
        )]
        public string? FunctionKey { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken ct)
    {
        var links = new LinkOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(
            configuration.GetSection(LinkOptions.Section),
            links
        );
        var key = s.FunctionKey ?? configuration["Inbound:WebhookSecret"];
        if (string.IsNullOrEmpty(key))
        {
            AnsiConsole.MarkupLine("[red]No key: give --function-key or set Inbound__WebhookSecret.[/]");
            return 2;
        }
        Console.WriteLine($"{links.PublicBaseUrl.TrimEnd('/')}/api/inbound/email?code={Uri.EscapeDataString(key)}");
        Console.Error.WriteLine(
            "Paste it into SendGrid (Settings → Inbound Parse) for the host "
                + (configuration["Inbound:Domain"] ?? new InboundOptions().Domain)
                + "."
        );
        return 0;
    }
}

/// <summary>`backsignal link coach`: the coach's signed page of their athletes.</summary>
public sealed class LinkCoachCommand(StorageConnector connector) : AsyncCommand<LinkCoachCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--coach-email <EMAIL>")]
        [Description("The coach, as athletes name them")]
        public string CoachEmail { get; init; } = "";

        [CommandOption("--days <N>")]
        [Description("How long the link works. Default: Links__DefaultDays (30)")]
        public int? Days { get; init; }

        public override ValidationResult Validate() =>
            !CoachEmail.Contains('@') ? ValidationResult.Error("--coach-email is required: an email address.")
            : Days is < 1 or > 400 ? ValidationResult.Error("--days is 1 to 400.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        await using var services = await connector.ConnectAsync(ct);
        var coachRef = Core.Model.CoachRefs.Of(s.CoachEmail);
        var reference = await services.Access.GetOrCreateAsync(
            LinkSubjects.CoachPrefix + coachRef,
            AccessPurpose.Coach,
            ct
        );
        var (url, days) = Links.Signed(services, LinkPurpose.Coach, reference, "coach", s.Days);
        Console.WriteLine(url);
        Console.Error.WriteLine($"Valid {days} days. The Monday digest carries one too.");
        return 0;
    }
}
