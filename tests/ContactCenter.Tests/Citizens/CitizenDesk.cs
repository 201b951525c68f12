using ContactCenter.Citizens;
using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Citizens;

/// <summary>
/// One organisation with a 1st-line operator ("first") and a 2nd-line operator ("second"), and
/// the ways a citizen's call reaches them, with numbers and SNILS unique to the test.
/// </summary>
internal sealed class CitizenDesk(IGrainFactory grains, TestDirectory dir)
{
    public const string Surname = "Иванова";
    public const string Name = "Ольга";
    public const string Patronymic = "Петровна";
    public const string Code = "Береза42";

    public static readonly IdentityDocument Passport = new(DocumentKind.Passport, "4510 123456");

    public TestDirectory Dir => dir;

    public string First => dir.Id("first");

    public string Second => dir.Id("second");

    public ICitizenAccessGrain Access => grains.GetGrain<ICitizenAccessGrain>(0);

    public static async Task<CitizenDesk> StaffAsync(IGrainFactory grains)
    {
        var dir = TestDirectory.Create()
            .Queue("l1")
            .Queue("l2", line: Line.Second)
            .Operator("first")
            .Operator("second", lines: [Line.Second]);
        await dir.ApplyAsync(grains);
        await grains.GetGrain<IOperatorGrain>(dir.Id("first")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        await grains.GetGrain<IOperatorGrain>(dir.Id("second")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        return new CitizenDesk(grains, dir);
    }

    public static string NewPhone() => $"+7918{Random.Shared.Next(0, 10_000_000):D7}";

    public static string NewSnils()
    {
        var number = $"{Random.Shared.Next(100_000_000, 1_000_000_000):D9}";
        return $"{number}{Snils.CheckNumber(number):D2}";
    }

    public IInteractionGrain Interaction(string id) => grains.GetGrain<IInteractionGrain>(id);

    /// <summary>A call from <paramref name="phone"/> in conversation with the 1st line.</summary>
    public async Task<string> OnFirstLineAsync(string phone)
    {
        var id = await TestCalls.RegisterAsync(grains, dir, Channel.Voice, phone);
        await TestCalls.OfferedToAsync(grains, id, First);
        await Interaction(id).AcceptAsync(First);
        return id;
    }

    /// <summary>A call from <paramref name="phone"/> that the 1st line transferred to the 2nd line, in conversation there.</summary>
    public async Task<string> OnSecondLineAsync(string phone)
    {
        var id = await OnFirstLineAsync(phone);
        await Interaction(id).TransferAsync(First, new TransferRequest(TransferKind.SecondLine, dir.Organisation));
        await TestCalls.OfferedToAsync(grains, id, Second);
        await Interaction(id).AcceptAsync(Second);
        return id;
    }

    public Task<InteractionView> CompleteAsync(string id, string operatorId, params string[] topics) =>
        Interaction(id).CompleteAsync(operatorId, new Completion(topics, "explained", null)).AsTask();

    public Task<IdentificationResult> IdentifyAsync(
        string id, string snils, string? code = null, IdentityDocument? document = null, string surname = Surname) =>
        Access.IdentifyAsync(Second, id, new IdentificationClaim(snils, surname, Name, Patronymic, code, document)).AsTask();

    /// <summary>A citizen identified by SNILS and name on a 2nd-line call, who then sets a secret code bound to the calling number.</summary>
    public async Task<string> RegisteredCitizenAsync(string phone, string snils, IdentityDocument? document = null)
    {
        var id = await OnSecondLineAsync(phone);
        await IdentifyAsync(id, snils);
        await Access.SetSecretCodeAsync(Second, id, new SecretCodeRegistration(Code, string.Empty, document));
        await CompleteAsync(id, Second, "pension");
        return id;
    }
}
