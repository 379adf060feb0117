namespace BackSignal.Core.Model;

/// <summary>What an email is about; on the wire in kebab-case ("alert", "weekly", "coach-digest").</summary>
public enum EmailKind { Alert, Weekly, CoachDigest }

/// <summary>Who an email goes to; on the wire "athlete" or "coach".</summary>
public enum Recipient { Athlete, Coach }
