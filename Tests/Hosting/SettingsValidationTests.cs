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
