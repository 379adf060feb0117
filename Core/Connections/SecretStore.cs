using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace BackSignal.Core.Connections;

/// <summary>
/// The secrets of connected accounts (a Hevy API key, Strava's tokens), by name. Names carry the connection's own
/// random part, so that a vault's soft-deleted secret (kept 90 days under purge protection) never blocks connecting
/// again.
/// </summary>
public interface ISecretStore
{
    Task<string?> GetAsync(string name, CancellationToken ct);

    Task SetAsync(string name, string value, CancellationToken ct);

    /// <summary>Deletes the secret; one already gone is no error.</summary>
    Task DeleteAsync(string name, CancellationToken ct);
}

/// <summary>Key Vault, reached with the app's managed identity.</summary>
public sealed class KeyVaultSecretStore(SecretClient client) : ISecretStore
{
    public async Task<string?> GetAsync(string name, CancellationToken ct)
    {
        try
        {
            return (await client.GetSecretAsync(name, cancellationToken: ct)).Value.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task SetAsync(string name, string value, CancellationToken ct) =>
        client.SetSecretAsync(
            new KeyVaultSecret(name, value) { Properties = { ContentType = "BackSignal connection" } },
            ct
        );

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        try
        {
            await client.StartDeleteSecretAsync(name, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }
}

/// <summary>
/// One machine's store (`backsignal run`, the tests): a file per secret, AES-256-GCM with the name as associated
/// data (a file copied under another name does not open), readable by its owner only.
/// </summary>
public sealed class FileSecretStore : ISecretStore
{
    private readonly string _directory;
    private readonly byte[] _key;

    public FileSecretStore(string directory, string base64Key)
    {
        _directory = directory;
        _key = SHA256.HashData(Convert.FromBase64String(base64Key));
        Directory.CreateDirectory(directory);
    }

    public async Task<string?> GetAsync(string name, CancellationToken ct)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
            return null;
        byte[] sealedBytes;
        try
        {
            sealedBytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        if (sealedBytes.Length < 28)
            throw new InvalidDataException("A secret file is damaged.");
        var plain = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plain, Aad(name));
        return Encoding.UTF8.GetString(plain);
    }

    public async Task SetAsync(string name, string value, CancellationToken ct)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[28 + plain.Length];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
        using (var aes = new AesGcm(_key, 16))
            aes.Encrypt(
                sealedBytes.AsSpan(0, 12),
                plain,
                sealedBytes.AsSpan(28),
                sealedBytes.AsSpan(12, 16),
                Aad(name)
            );
        // Written aside and moved over: a reader never sees half a file.
        var temp = PathOf(name) + "." + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(temp, options))
            await file.WriteAsync(sealedBytes, ct);
        File.Move(temp, PathOf(name), overwrite: true);
    }

    public Task DeleteAsync(string name, CancellationToken ct)
    {
        File.Delete(PathOf(name));
        return Task.CompletedTask;
    }

    private string PathOf(string name)
    {
        if (name.Length is 0 or > 127 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException("A secret's name is letters, digits and dashes.", nameof(name));
        return Path.Combine(_directory, name + ".secret");
    }

    private static byte[] Aad(string name) => Encoding.UTF8.GetBytes("backsignal-secret|" + name);
}

/// <summary>
/// Where no store is set up: nothing can be connected (saying how to set one up), and an erasure's disconnect finds
/// nothing to delete.
/// </summary>
public sealed class NoSecretStore : ISecretStore
{
    public Task<string?> GetAsync(string name, CancellationToken ct) => Task.FromResult<string?>(null);

    public Task SetAsync(string name, string value, CancellationToken ct) =>
        throw new InvalidOperationException(
            "Connections need a secret store: set Secrets__VaultUri (Key Vault), or Secrets__Directory and "
                + "Secrets__LocalKey (one machine)."
        );

    public Task DeleteAsync(string name, CancellationToken ct) => Task.CompletedTask;
}

public static class SecretStores
{
    /// <summary>Key Vault with the app's identity (the same one storage uses), else local files, else none.</summary>
    public static ISecretStore From(
        SecretStoreOptions options,
        Microsoft.Extensions.Configuration.IConfiguration configuration
    )
    {
        if (options.VaultUri is { Length: > 0 } vault)
        {
            var clientId = configuration["AzureWebJobsStorage:clientId"];
            Azure.Core.TokenCredential credential = clientId is { Length: > 0 }
                ? new Azure.Identity.ManagedIdentityCredential(
                    Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(clientId)
                )
                : new Azure.Identity.DefaultAzureCredential();
            return new KeyVaultSecretStore(new SecretClient(new Uri(vault), credential));
        }
        return options.Directory is { Length: > 0 } directory && options.LocalKey is { Length: > 0 } key
            ? new FileSecretStore(directory, key)
            : new NoSecretStore();
    }
}
