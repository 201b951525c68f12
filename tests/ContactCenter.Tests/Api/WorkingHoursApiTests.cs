using ContactCenter.Api.Protos;
using D = ContactCenter.Directory;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class WorkingHoursApiTests(ApiFixture api)
{
    [Fact]
    public async Task Registering_a_call_while_its_queue_is_closed_tells_the_gateway_it_is_closed_and_when_it_opens()
    {
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var openDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(api.Time.GetUtcNow(), moscow).DateTime).AddDays(2);
        var hours = new D.WorkingHours("Europe/Moscow", [new D.WorkingDay(openDay.DayOfWeek, new TimeOnly(9, 0), new TimeOnly(21, 0))], []);
        var dir = TestDirectory.Create().Queue("l1", hours: hours);
        await dir.ApplyAsync(api.Grains);

        var response = await api.Routing.RegisterInteractionAsync(new RegisterInteractionRequest
        {
            Channel = Channel.Voice,
            CallerNumber = "+79001119900",
            RegionId = TestDirectory.Moscow,
            Language = "ru",
            OrganisationId = dir.Organisation,
        });

        Assert.Equal(InteractionState.Closed, response.Interaction.State);
        Assert.Equal(InteractionOutcome.Unanswered, response.Interaction.Outcome);
        Assert.Equal(UnansweredReason.QueueClosed, response.Interaction.UnansweredReason);
        Assert.Equal(new DateTimeOffset(openDay.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero), response.Interaction.QueueOpensAt.ToDateTimeOffset());
        Assert.Null(response.Position);
    }
}
