using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContactCenter.Tests.E2E;

/// <summary>The supervisor wallboard in headless Chromium, fed by the live Watch stream.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WallboardTests(BrowserFixture web)
{
    // MSE's 1st line has one operator in the demo directory, so nothing else routes here.
    private const string Organisation = "MSE";
    private const string Queue = "mse-l1";
    private const string Operator = "op-kuznetsov";

    [Fact]
    public async Task A_supervisor_sees_a_call_arrive_be_answered_and_a_lost_call_raise_alerts()
    {
        await web.Desk.SignInAsync(new SignInRequest { OperatorId = Operator, InitialStatus = OperatorStatus.NotReady, Reason = NotReadyReason.Break });

        var page = await web.NewPageAsync();
        await page.GotoAsync(new Uri(web.HttpBase, "/wallboard").ToString());
        await page.GetByLabel("Supervisor id").FillAsync("sup-mse");
        await page.GetByLabel("Organisation", new() { Exact = true }).FillAsync(Organisation);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var queue = page.Locator($"#queues tr[data-queue='{Queue}']");
        var operatorRow = page.Locator($"#operators tr[data-operator='{Operator}']");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        await Expect(queue.Locator("[data-field=waiting]")).ToHaveTextAsync("0");
        await Expect(operatorRow.Locator("[data-field=status]")).ToHaveTextAsync("Not ready (break)");

        // A call arrives while the only operator is on a break: it waits.
        var first = await RegisterAsync();
        await Expect(queue.Locator("[data-field=waiting]")).ToHaveTextAsync("1");

        // The operator comes back, is offered the call and answers it.
        await web.Desk.SetStatusAsync(new SetStatusRequest { OperatorId = Operator, Status = OperatorStatus.Available });
        await AcceptWhenOfferedAsync(first);
        await Expect(queue.Locator("[data-field=waiting]")).ToHaveTextAsync("0");
        await Expect(queue.Locator("[data-field=answered]")).ToHaveTextAsync("1");
        await Expect(operatorRow.Locator("[data-field=status]")).ToHaveTextAsync("Busy");
        await Expect(page.Locator("#no-alerts")).ToBeVisibleAsync();

        // A second caller gives up after half a minute: lost share and service level leave their bounds.
        var second = await RegisterAsync();
        await Expect(queue.Locator("[data-field=waiting]")).ToHaveTextAsync("1");
        web.Time.Advance(TimeSpan.FromSeconds(30));
        await web.Routing.EndInteractionAsync(new EndInteractionRequest { InteractionId = second, Ending = CitizenEnding.HangUp });
        await Expect(queue.Locator("[data-field=abandoned]")).ToHaveTextAsync("1");
        // In working hours the lost caller's callback task is due at once and waits in the same queue.
        await Expect(queue.Locator("[data-field=waiting]")).ToHaveTextAsync("1");
        await Expect(page.Locator($"#alerts li[data-scope='{Queue}'][data-kpi=abandonedShare]")).ToContainTextAsync("Lost share 50%");
        await Expect(page.Locator($"#alerts li[data-scope='{Queue}'][data-kpi=serviceLevel]")).ToContainTextAsync("Service level 50%");
        await Expect(page.Locator("#no-alerts")).ToBeHiddenAsync();
        await web.ScreenshotAsync(page, "wallboard.png");
        await BrowserFixture.AssertAccessibleAsync(page);

        // The same board in Russian, live as before.
        await page.GetByRole(AriaRole.Button, new() { Name = "Русский" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Панель супервизора");
        await Expect(operatorRow.Locator("[data-field=status]")).ToHaveTextAsync("Занят");
    }

    private async Task<string> RegisterAsync()
    {
        var registered = await web.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = Channel.Voice,
            CallerNumber = "+79131234567",
            RegionId = "RU-NVS",
            Language = "ru",
            OrganisationId = Organisation,
        });
        Assert.Equal(InteractionState.Queued, registered.Interaction.State);
        return registered.Interaction.Id;
    }

    private async Task AcceptWhenOfferedAsync(string id)
    {
        await Eventually.MatchAsync(
            () => web.Routing.GetInteractionAsync(new GetInteractionRequest { InteractionId = id }).ResponseAsync,
            c => c.State == InteractionState.Offered && c.OperatorId == Operator,
            $"{id} offered to {Operator}");
        await web.Desk.AcceptOfferAsync(new InteractionRequest { OperatorId = Operator, InteractionId = id });
    }
}
