using Google.Protobuf;

namespace ContactCenter.Api.Security;

/// <summary>A request's identity fields by their proto names, whatever the message type: every desk request names its operator_id.</summary>
public static class RequestFields
{
    /// <summary>The string field's value; empty when the message has no such field.</summary>
    public static string Text(IMessage request, string field) =>
        request.Descriptor.FindFieldByName(field)?.Accessor.GetValue(request) as string ?? string.Empty;
}
