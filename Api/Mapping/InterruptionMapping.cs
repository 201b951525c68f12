using ContactCenter.Api.Services;
using ContactCenter.Directory;
using ContactCenter.Model;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

public static class InterruptionMapping
{
    public static P.ServiceInterruption ToProto(this ServiceInterruption interruption)
    {
        var message = new P.ServiceInterruption
        {
            Id = interruption.Id,
            OrganisationId = interruption.OrganisationId,
            QueueId = interruption.QueueId ?? string.Empty,
            Kind = (P.InterruptionKind)(int)interruption.Kind,
            Reason = interruption.Reason,
            StartedAt = Timestamp.FromDateTimeOffset(interruption.StartedAt),
            ExpectedRestorationAt = interruption.ExpectedRestorationAt is { } restoration ? Timestamp.FromDateTimeOffset(restoration) : null,
            EndedAt = interruption.EndedAt is { } ended ? Timestamp.FromDateTimeOffset(ended) : null,
        };
        message.AlternativeChannels.Add(interruption.AlternativeChannels);
        return message;
    }

    public static P.ServiceStatus ToProto(this ServiceStatus status)
    {
        var message = new P.ServiceStatus { Interrupted = status.Interruptions.Any(status.IsActive) };
        message.Interruptions.Add(status.Interruptions.Select(ToProto));
        return message;
    }

    public static InterruptionDeclaration ToDomain(this P.DeclareInterruptionRequest request) => new(
        Require.Optional(request.OrganisationId, "organisation_id"),
        Require.Optional(request.QueueId, "queue_id"),
        request.Kind switch
        {
            P.InterruptionKind.Planned => InterruptionKind.Planned,
            P.InterruptionKind.Unplanned => InterruptionKind.Unplanned,
            _ => throw ContactCenterException.Invalid("kind: INTERRUPTION_KIND_PLANNED or INTERRUPTION_KIND_UNPLANNED is required"),
        },
        request.Reason,
        request.StartedAt?.ToDateTimeOffset(),
        request.ExpectedRestorationAt?.ToDateTimeOffset(),
        [.. request.AlternativeChannels]);
}
