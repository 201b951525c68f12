using ContactCenter.Citizens;
using ContactCenter.Interactions;
using ContactCenter.Model;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

/// <summary>
/// The interaction card as an operator's desk reads it. The calling number is masked wherever it
/// appears: the full number is personal data, read only through the citizen card, where the
/// privacy rules decide and every read is audited.
/// </summary>
public static class DeskMapping
{
    public static P.Interaction ToDeskProto(this InteractionView view)
    {
        var card = view.ToProto();
        var number = card.CallerNumber;
        if (number.Length == 0)
        {
            return card;
        }

        var masked = PersonalDataMask.Phone(number);
        card.CallerNumber = masked;
        foreach (var entry in card.Timeline)
        {
            entry.Detail = entry.Detail.Replace(number, masked, StringComparison.Ordinal);
        }

        return card;
    }

    /// <summary>An operator reads the cards of interactions offered to or held by them now, or that they acted on before.</summary>
    public static InteractionView EnsureSeenBy(this InteractionView view, string operatorId)
    {
        var actor = $"operator:{operatorId}";
        if (view.OperatorId == operatorId || view.Timeline.Any(e => e.Actor == actor))
        {
            return view;
        }

        throw new ContactCenterException(ErrorKind.PermissionDenied, $"operator {operatorId} has had no part in interaction '{view.Id}'");
    }
}
