using System.Security.Cryptography;
using System.Text;
using BackSignal.Core.Connections;

namespace BackSignal.Tests.Connections;

/// <summary>The local secret store: sealed files, opened only under their own name and key.</summary>
public sealed class SecretStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(
        Path.GetTempPath(),
        "backsignal-secrets-" + Guid.NewGuid().ToString("N")
    );
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_secret_reads_back_and_its_file_does_not_hold_it_in_clear()
    {
        var store = new FileSecretStore(_folder, Key);
        await store.SetAsync("hevy-abc-1", "3f1c2d7e-key-of-the-athlete", default);
        Assert.Equal("3f1c2d7e-key-of-the-athlete", await store.GetAsync("hevy-abc-1", default));
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_folder, "hevy-abc-1.secret"));
        Assert.DoesNotContain("key-of-the-athlete", Encoding.Latin1.GetString(bytes));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(_folder, "hevy-abc-1.secret"))
            );

        await store.SetAsync("hevy-abc-1", "replaced", default);
        Assert.Equal("replaced", await store.GetAsync("hevy-abc-1", default));
        await store.DeleteAsync("hevy-abc-1", default);
        Assert.Null(await store.GetAsync("hevy-abc-1", default));
        await store.DeleteAsync("hevy-abc-1", default);
    }

    [Fact]
    public async Task A_file_copied_under_another_name_or_opened_with_another_key_does_not_open()
    {
        var store = new FileSecretStore(_folder, Key);
        await store.SetAsync("strava-a-1", "tokens of a", default);
        File.Copy(Path.Combine(_folder, "strava-a-1.secret"), Path.Combine(_folder, "strava-b-1.secret"));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.GetAsync("strava-b-1", default));
        var other = new FileSecretStore(_folder, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => other.GetAsync("strava-a-1", default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync("../escape", "x", default));
    }

    [Fact]
    public async Task Without_a_store_nothing_can_be_connected_and_the_reason_says_how_to_set_one_up()
    {
        var none = new NoSecretStore();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => none.SetAsync("x", "y", default));
        Assert.Contains("Secrets__VaultUri", refused.Message);
        Assert.Null(await none.GetAsync("x", default));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
