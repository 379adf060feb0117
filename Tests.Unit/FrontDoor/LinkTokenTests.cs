using BackSignal.Core.Access;
using BackSignal.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackSignal.Tests.FrontDoor;

/// <summary>
/// Signed links (docs/design.md#front-door): purpose-bound, expiring, unforgeable, and rotatable without breaking
/// links.
/// </summary>
public class LinkTokenTests
{
    private static readonly string OldKey = TestKeys.Of('o');
    private static readonly string NewKey = TestKeys.Of('n');
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private LinkTokens Tokens(string key, string? previous = null) =>
        new(Options.Create(new LinkOptions { SigningKey = key, PreviousSigningKey = previous }), _clock);

    [Fact]
    public void A_token_opens_its_purpose_until_it_expires_and_names_no_one_in_clear_text_but_its_reference()
    {
        var tokens = Tokens(NewKey);
        var token = tokens.Issue(LinkPurpose.Checkin, "abcdefghijklmnopqrst", TimeSpan.FromDays(2));

        var (claims, problem) = tokens.Verify(token, LinkPurpose.Checkin);
        Assert.Null(problem);
        Assert.Equal("abcdefghijklmnopqrst", claims!.Subject);
        Assert.Contains("something else", tokens.Verify(token, LinkPurpose.Coach).Problem);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Contains("expired", tokens.Verify(token, LinkPurpose.Checkin).Problem);
    }

    [Fact]
    public void A_changed_token_or_one_signed_with_another_key_opens_nothing()
    {
        var token = Tokens(NewKey).Issue(LinkPurpose.Upload, "abcdefghijklmnopqrst", TimeSpan.FromDays(1));
        var flipped = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];

        Assert.Contains("not valid", Tokens(NewKey).Verify(flipped, LinkPurpose.Upload).Problem);
        Assert.Contains("not valid", Tokens(TestKeys.Of('x')).Verify(token, LinkPurpose.Upload).Problem);
        Assert.Contains("incomplete", Tokens(NewKey).Verify("garbage", LinkPurpose.Upload).Problem);
        Assert.Contains("incomplete", Tokens(NewKey).Verify(new string('a', 5000), LinkPurpose.Upload).Problem);
    }

    [Fact]
    public void After_a_rotation_links_signed_with_the_previous_key_keep_working_and_new_ones_use_the_new_key()
    {
        var old = Tokens(OldKey).Issue(LinkPurpose.Coach, "abcdefghijklmnopqrst", TimeSpan.FromDays(1));
        var rotated = Tokens(NewKey, previous: OldKey);

        Assert.Null(rotated.Verify(old, LinkPurpose.Coach).Problem);
        var fresh = rotated.Issue(LinkPurpose.Coach, "abcdefghijklmnopqrst", TimeSpan.FromDays(1));
        Assert.Null(Tokens(NewKey).Verify(fresh, LinkPurpose.Coach).Problem);
        Assert.NotNull(Tokens(OldKey).Verify(fresh, LinkPurpose.Coach).Problem);
    }

    [Fact]
    public void A_form_nonce_is_bound_to_its_token_and_lasts_two_hours()
    {
        var tokens = Tokens(NewKey);
        var token = tokens.Issue(LinkPurpose.Checkin, "abcdefghijklmnopqrst", TimeSpan.FromDays(1));
        var other = tokens.Issue(LinkPurpose.Checkin, "zyxwvutsrqponmlkjihg", TimeSpan.FromDays(1));
        var nonce = tokens.FormNonce(token);

        Assert.True(tokens.VerifyFormNonce(token, nonce));
        Assert.False(tokens.VerifyFormNonce(other, nonce));
        Assert.False(tokens.VerifyFormNonce(token, null));
        _clock.Advance(TimeSpan.FromMinutes(121));
        Assert.False(tokens.VerifyFormNonce(token, nonce));
    }
}
