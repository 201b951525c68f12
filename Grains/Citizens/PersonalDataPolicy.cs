using ContactCenter.Directory;
using ContactCenter.Interactions;
using ContactCenter.Model;

namespace ContactCenter.Citizens;

/// <summary>
/// Who may see a citizen's personal data for an interaction (seed 002 §11, §33; seed 003):
/// in full, a 2nd-line operator of the responsible organisation who holds the interaction, once the
/// citizen is identified for personal data on it, and that organisation's supervisors; masked, any
/// other operator of that organisation who holds the interaction; nobody else.
/// </summary>
public static class PersonalDataPolicy
{
    public static PersonalDataAccess Decide(Caller caller, InteractionView interaction, DirectoryIndex directory)
    {
        if (caller.Role == CallerRole.Supervisor)
        {
            if (caller.OrganisationId is null || caller.OrganisationId != interaction.OrganisationId)
            {
                throw Denied($"supervisor '{caller.Id}' of '{caller.OrganisationId}' may not read the citizen of interaction '{interaction.Id}', which belongs to '{interaction.OrganisationId}'");
            }

            return PersonalDataAccess.Full;
        }

        var profile = HoldingOperator(caller.Id, interaction, directory);
        return ServesOnSecondLine(profile, interaction, directory) && interaction.Identification == IdentificationLevel.PersonalData
            ? PersonalDataAccess.Full
            : PersonalDataAccess.Masked;
    }

    /// <summary>Identification and secret codes: only the 2nd-line operator in conversation with the citizen.</summary>
    public static void RequireSecondLineInConversation(string operatorId, InteractionView interaction, DirectoryIndex directory)
    {
        var profile = HoldingOperator(operatorId, interaction, directory);
        if (!ServesOnSecondLine(profile, interaction, directory))
        {
            throw Denied($"operator '{operatorId}' serves interaction '{interaction.Id}' on the 1st line; identification is done on the 2nd line");
        }

        if (interaction.State != InteractionState.Connected)
        {
            throw ContactCenterException.Precondition($"interaction '{interaction.Id}' is {interaction.State}: identification needs the citizen in conversation");
        }
    }

    /// <summary>The operator's profile, if the operator belongs to the responsible organisation and holds the interaction.</summary>
    private static OperatorProfile HoldingOperator(string operatorId, InteractionView interaction, DirectoryIndex directory)
    {
        var profile = directory.FindOperator(operatorId)
            ?? throw Denied($"operator '{operatorId}' is not in the directory");
        if (profile.OrganisationId != interaction.OrganisationId)
        {
            throw Denied($"operator '{operatorId}' of '{profile.OrganisationId}' may not read the citizen of interaction '{interaction.Id}', which belongs to '{interaction.OrganisationId}'");
        }

        if (interaction.OperatorId != operatorId || interaction.State is not (InteractionState.Connected or InteractionState.WrapUp))
        {
            throw Denied($"operator '{operatorId}' does not hold interaction '{interaction.Id}'");
        }

        return profile;
    }

    /// <summary>A 2nd-line operator taking the interaction from a 2nd-line queue.</summary>
    private static bool ServesOnSecondLine(OperatorProfile profile, InteractionView interaction, DirectoryIndex directory) =>
        profile.Lines.Contains(Line.Second)
        && interaction.QueueId is { } queueId
        && directory.FindQueue(queueId)?.Line == Line.Second;

    private static ContactCenterException Denied(string detail) => new(ErrorKind.PermissionDenied, detail);
}
