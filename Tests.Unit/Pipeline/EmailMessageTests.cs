using BackSignal.Core.Messaging;
using BackSignal.Core.Model;
using BackSignal.Core.Pipeline;

namespace BackSignal.Tests.Pipeline;

/// <summary>
/// One type per email kind on the `emails` queue, with the kind on the wire as before: messages queued by the
/// previous version read into the right type with the same ledger keys, so nothing already sent goes again.
/// </summary>
public class EmailMessageTests
{
    [Theory]
    [InlineData(
        """{"kind":"alert","athleteId":"ana","recipient":"coach","alertKey":"k1","v":1}""",
        typeof(AlertEmail),
        "ana",
        "alert|k1|coach"
    )]
    [InlineData(
        """{"kind":"alert","athleteId":"ana","recipient":"athlete","alertKey":"k1","v":1,"alertKeys":["k1","k2"]}""",
        typeof(AlertEmail),
        "ana",
        "alert|k1|athlete"
    )]
    [InlineData(
        """{"kind":"weekly","athleteId":"ana","recipient":"athlete","v":1,"week":"2026-W46"}""",
        typeof(WeeklySummaryEmail),
        "ana",
        "weekly|2026-W46|athlete"
    )]
    [InlineData(
        """
            {"kind":"import-report","athleteId":"ana","recipient":"athlete","v":1,
             "reply":{"key":"r1","uploadIds":["u"]}}
            """,
        typeof(ImportReportEmail),
        "ana",
        "import-report|r1|athlete"
    )]
    [InlineData(
        """{"athleteId":"","recipient":"coach","v":1,"week":"2026-W46","coachRef":"c0ffee","kind":"coach-digest"}""",
        typeof(CoachDigestEmail),
        "coach-c0ffee",
        "coach-digest|2026-W46|coach"
    )]
    public void Messages_of_the_previous_version_read_with_the_same_ledger_keys(
        string body,
        Type type,
        string partition,
        string key
    )
    {
        var message = MessageBody.Parse<EmailMessage>(body);
        Assert.IsType(type, message);
        Assert.Equal(partition, message.LedgerPartition);
        Assert.Equal(key, message.LedgerKey);
        // Written again, the kind goes first and the message reads back the same.
        Assert.StartsWith("""{"kind":""", message.ToJson());
        Assert.Equal(message.ToJson(), MessageBody.Parse<EmailMessage>(message.ToJson()).ToJson());
    }

    [Fact]
    public void Several_alerts_keep_their_keys_and_one_alert_reads_from_either_field()
    {
        var many = Assert.IsType<AlertEmail>(
            MessageBody.Parse<EmailMessage>(new AlertEmail("ana", Recipient.Athlete, ["k1", "k2"]).ToJson())
        );
        Assert.Equal(["k1", "k2"], many.Alerts);
        Assert.Equal("alert|k2|athlete", many.LedgerKeyOf("k2"));
        var old = Assert.IsType<AlertEmail>(
            MessageBody.Parse<EmailMessage>(
                """{"kind":"alert","athleteId":"ana","recipient":"athlete","alertKey":"k"}"""
            )
        );
        Assert.Equal(["k"], old.Alerts);
    }

    [Theory]
    [InlineData("""{"kind":"fax","athleteId":"ana"}""")]
    [InlineData("""{"athleteId":"ana","week":"2026-W46"}""")]
    public void A_kind_nobody_knows_is_a_message_that_can_never_succeed(string body) =>
        Assert.Throws<PermanentMessageException>(() => MessageBody.Parse<EmailMessage>(body));
}
