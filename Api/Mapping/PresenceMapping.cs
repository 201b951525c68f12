using ContactCenter.Operators;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

/// <summary>Presence records (time in status, supervisor views) to wire messages.</summary>
public static class PresenceMapping
{
    public static P.StatusTime ToProto(StatusTime time) => new()
    {
        Status = time.Status.ToProto(),
        Reason = time.Reason.ToProto(),
        Total = Duration.FromTimeSpan(time.Total),
    };
}
