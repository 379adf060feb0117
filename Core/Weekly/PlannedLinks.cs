using BackSignal.Core.Model;

namespace BackSignal.Core.Weekly;

/// <summary>
/// The subject of a "this was planned" link: the athlete's access reference (never the id), the ISO week, and who
/// got the email, signed together so that a link marks only its own week.
/// </summary>
public static class PlannedLinks
{
    public static string Subject(string reference, IsoWeek week, Recipient recipient) =>
        $"{reference}|{week}|{(recipient == Recipient.Coach ? "coach" : "athlete")}";

    public static (string Reference, IsoWeek Week, string By)? Read(string subject) =>
        subject.Split('|') is [var reference, var week, var by and ("coach" or "athlete")]
        && IsoWeek.TryParse(week, out var parsed)
            ? (reference, parsed, by)
            : null;
}
