using BackSignal.Core.Model;

namespace BackSignal.Core.Weekly;

/// <summary>
/// The subject of an unsubscribe link: the person's access reference (an athlete's or a coach's, never an id or an
/// address) and the kind of email, signed together so that a link stops only its own kind.
/// </summary>
public static class UnsubscribeLinks
{
    public static string Subject(string reference, string kind) => $"{reference}|{kind}";

    public static (string Reference, string Kind)? Read(string subject) =>
        subject.Split('|') is [var reference, var kind] && EmailChoices.Describe(kind) is not null
            ? (reference, kind)
            : null;
}
