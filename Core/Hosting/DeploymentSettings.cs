using System.ComponentModel.DataAnnotations;
using BackSignal.Core.Metrics;
using BackSignal.Core.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BackSignal.Core.Hosting;

/// <summary>
/// The deployment's metric and alert settings read and checked outside a host (for `analyze`), with the same
/// sections and the same checks as the hosts' <c>ValidateOnStart</c>.
/// </summary>
public static class DeploymentSettings
{
    public static (MetricsOptions Metrics, AlertOptions Alerts) Read(IConfiguration configuration) =>
        (
            Bound<MetricsOptions>(configuration, MetricsOptions.Section),
            Bound<AlertOptions>(configuration, AlertOptions.Section)
        );

    public static T Bound<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        var problems = new List<ValidationResult>();
        if (
            !Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true)
        )
            throw new OptionsValidationException(
                section,
                typeof(T),
                problems.Select(p => $"{section}: {p.ErrorMessage}")
            );
        return options;
    }
}
