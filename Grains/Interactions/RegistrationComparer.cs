namespace ContactCenter.Interactions;

/// <summary>Whether a retried registration carries the same details as the stored one.</summary>
public static class RegistrationComparer
{
    public static bool Same(Registration a, Registration b) =>
        a.Channel == b.Channel
        && a.CallerNumber == b.CallerNumber
        && a.RegionId == b.RegionId
        && a.Language == b.Language
        && a.TopicId == b.TopicId
        && a.OrganisationId == b.OrganisationId
        && a.RobotDuration == b.RobotDuration
        && a.RobotTranscript.SequenceEqual(b.RobotTranscript);
}
