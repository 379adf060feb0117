using BackSignal.Core.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackSignal.Tests.Hosting;

/// <summary>Settings out of range stop a host at start with the setting's name, instead of misbehaving later.</summary>
public class SettingsValidationTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value))
            .Build();

    [Fact]
    public async Task A_host_with_an_alert_threshold_out_of_range_does_not_start()
    {
        var configuration = Settings(("Alerts:AcwrSpike", "0.4"), ("SendGrid:ApiKey", "SG.test"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBackSignalCore(configuration);
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("AcwrSpike", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_without_a_SendGrid_key_does_not_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBackSignalCore(Settings());
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ApiKey", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(
        "Links:SigningKey",
        "@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/links-signing-key)",
        "Key Vault reference"
    )]
    [InlineData("Links:SigningKey", "c2hvcnQta2V5LW9mLTIwLWJ5dGVz", "fewer than 32")]
    [InlineData("Links:SigningKey", "this is forty characters of plain text!!", "not base64")]
    [InlineData(
        "Inbound:WebhookSecret",
        "@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/inbound-webhook-secret)",
        "Key Vault reference"
    )]
    [InlineData(
        "Privacy:LogReferenceKey",
        "@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/log-reference-key)",
        "Key Vault reference"
    )]
    public async Task A_host_with_a_guessable_key_does_not_start_and_names_the_setting(
        string setting,
        string value,
        string problem
    )
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBackSignalCore(Settings((setting, value), ("SendGrid:ApiKey", "SG.test")));
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(setting.Split(':')[1], e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_real_keys_starts_and_an_unresolved_previous_link_key_counts_as_none()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBackSignalCore(
            Settings(
                ("Links:SigningKey", Tests.Infrastructure.TestKeys.Of('s')),
                (
                    "Links:PreviousSigningKey",
                    "@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/links-signing-key-previous)"
                ),
                ("Inbound:WebhookSecret", Tests.Infrastructure.TestKeys.Of('w')),
                ("Privacy:LogReferenceKey", Tests.Infrastructure.TestKeys.Of('l')),
                ("SendGrid:ApiKey", "SG.test")
            )
        );
        using var host = builder.Build();
        await host.StartAsync();

        var tokens = host.Services.GetRequiredService<Core.Access.LinkTokens>();
        Assert.True(tokens.Configured);
        var token = tokens.Issue(Core.Access.LinkPurpose.Checkin, "abcdefghijklmnopqrst", TimeSpan.FromDays(1));
        Assert.NotNull(tokens.Verify(token, Core.Access.LinkPurpose.Checkin).Claims);
        await host.StopAsync();
    }

    [Fact]
    public void The_deployment_settings_outside_a_host_are_read_and_checked_the_same_way()
    {
        var (metrics, alerts) = DeploymentSettings.Read(
            Settings(("Alerts:AcwrSpike", "1.7"), ("Metrics:AcuteDays", "5"))
        );
        Assert.Equal(1.7, alerts.AcwrSpike);
        Assert.Equal(5, metrics.AcuteDays);

        var e = Assert.Throws<OptionsValidationException>(() =>
            DeploymentSettings.Read(Settings(("Alerts:AcwrRising", "1.6"), ("Alerts:AcwrSpike", "1.5")))
        );
        Assert.Contains("AcwrRising", e.Message, StringComparison.Ordinal);
        Assert.Equal("rising faster than usual", alerts.Band(1.6));
        Assert.Equal("a warning sign", alerts.Band(1.71));
    }
}
