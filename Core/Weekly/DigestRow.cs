using System.Globalization;
using System.Text;
using BackSignal.Core.Email;
using BackSignal.Core.Rules;

namespace BackSignal.Core.Weekly;

/// <summary>
/// One athlete in the coach's digest: the coach-safe view. Training figures and the plain titles of overload alerts;
/// alerts derived from pain and see-a-doctor alerts only when the athlete shares with the coach, and then only
/// their tier and day (<see cref="SharedDoctorAlert"/>): never a pain score, symptom or note.
/// </summary>
public sealed record DigestRow(
    string Athlete,
    double WeeklyLoad,
    double? LoadChange,
    double? AcwrEwma,
    double? SpinalLoadChange,
    IReadOnlyList<string> OverloadAlerts,
    string? SharedDoctorAlert
)
{
    public bool DoctorAlertShared => SharedDoctorAlert is not null;

    /// <summary>
    /// Who needs attention first: a shared doctor alert, then overload alerts, then the highest ratio.
    /// </summary>
    public double Priority => (DoctorAlertShared ? 1000 : 0) + OverloadAlerts.Count * 10 + (AcwrEwma ?? 0);
}
