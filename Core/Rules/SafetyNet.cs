namespace BackSignal.Core.Rules;

/// <summary>
/// The words every email and page ends with (docs/checkin.md, Delivery): BackSignal does not diagnose and nobody reads
/// its messages; the emergency signs call for the emergency number, pain that keeps getting worse for a GP or an
/// urgent-care line — two different calls, never one.
/// </summary>
public static class SafetyNet
{
    public const string EmergencyNumbers = "112 in Europe, 999 in the UK, 911 in North America";

    public const string NotADiagnosis =
        "BackSignal is not a medical service and does not diagnose; nobody reads replies or watches these messages.";

    public const string WhenToCall =
        "Call the emergency number ("
        + EmergencyNumbers
        + ") at once for: "
        + SeeADoctorRule.EmergencySignsLine
        + ". For back pain that keeps getting worse, or is not easing within two weeks, contact a GP or an "
        + "urgent-care line (such as 111 in England).";

    public const string Footer = NotADiagnosis + " " + WhenToCall;
}
