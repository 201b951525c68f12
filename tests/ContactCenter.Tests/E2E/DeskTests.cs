using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContactCenter.Tests.E2E;

/// <summary>The operator desk in headless Chromium: offer, card, transfer to the 2nd line.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskTests(BrowserFixture web)
{
    // SFR 1st line in the demo directory; op-sidorova also works SFR's 2nd line for Moscow.
    private const string FirstLine = "op-petrov";
    private const string SecondLine = "op-sidorova";

    [Fact]
    public async Task An_operator_accepts_an_offer_sees_the_card_and_transfers_it_to_the_second_line()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync(new Uri(web.HttpBase, "/desk").ToString());
        await page.GetByLabel("Operator id").FillAsync(FirstLine);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Available");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");

        var registered = await web.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = Channel.Voice,
            CallerNumber = "+79001234567",
            RegionId = "RU-MOW",
            Language = "ru",
            TopicId = "pension",
            OrganisationId = "SFR",
            RobotTranscript = { "Robot: How can I help?", "Citizen: My pension was not recalculated" },
            RobotDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(40)),
        });
        var id = registered.Interaction.Id;

        // The offer arrives on the desk stream; the operator accepts it from the keyboard.
        var offer = page.Locator($"#offers li[data-interaction='{id}']");
        await Expect(offer).ToContainTextAsync("Voice · RU-MOW · sfr-l1 · pension");
        await offer.GetByRole(AriaRole.Button, new() { Name = $"Accept {id}" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        // The card: what was recorded automatically (the calling number masked on desks), the robot's
        // level, the timeline, the citizen masked for the 1st line.
        await Expect(page.Locator("#card-id")).ToHaveTextAsync(id);
        await Expect(page.Locator("#card-fields")).ToContainTextAsync("Connected");
        await Expect(page.Locator("#card-fields")).ToContainTextAsync("+7 *** *** 45 67");
        await Expect(page.Locator("#robot-transcript")).ToContainTextAsync("My pension was not recalculated");
        await Expect(page.Locator("#timeline tbody")).ToContainTextAsync("Connected");
        await Expect(page.Locator($"#assignments li[data-interaction='{id}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#offers li")).ToHaveCountAsync(0);
        await Expect(page.Locator("#citizen [data-access]")).ToHaveAttributeAsync("data-access", "PERSONAL_DATA_ACCESS_MASKED");
        await web.ScreenshotAsync(page, "desk.png");
        await BrowserFixture.AssertAccessibleAsync(page);

        // The 2nd line of SFR for Moscow is staffed; the 1st-line operator hands the citizen on with a note.
        await web.Desk.SignInAsync(new SignInRequest { OperatorId = SecondLine });
        await page.GetByLabel("Transfer to").SelectOptionAsync("TRANSFER_KIND_SECOND_LINE");
        await Expect(page.GetByLabel("Target", new() { Exact = true })).ToHaveValueAsync("SFR");
        await page.GetByLabel("Note for the next level").FillAsync("Needs the recalculation details: identify by SNILS");
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();

        await Expect(page.Locator("#card-notice")).ToHaveTextAsync("Transferred: 2nd line of an organisation → SFR");
        var transfer = page.Locator("#transfer-table tbody tr");
        await Expect(transfer).ToContainTextAsync("sfr-l2-mow");
        await Expect(transfer).ToContainTextAsync("Needs the recalculation details: identify by SNILS");
        await Expect(page.Locator("#assignments li")).ToHaveCountAsync(0);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Available");
        await web.ScreenshotAsync(page, "desk-transferred.png");

        var card = await Eventually.MatchAsync(
            () => web.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id }).ResponseAsync,
            c => c.State == InteractionState.Offered && c.OperatorId == SecondLine,
            $"{id} offered to the 2nd line");
        Assert.Equal("sfr-l2-mow", card.QueueId);
        Assert.Equal(FirstLine, Assert.Single(card.Transfers).FromOperatorId);
    }
}
