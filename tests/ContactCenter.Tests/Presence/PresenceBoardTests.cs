using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Presence;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Presence;

/// <summary>The organisation's presence board: what it reads on activation and what it keeps from the operators' reports.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PresenceBoardTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_board_that_reads_an_operator_after_its_offers_still_takes_the_operators_next_report()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await dir.ApplyAsync(Grains);
        var op = Grains.GetGrain<IOperatorGrain>(dir.Id("op"));
        await op.SignInAsync(OperatorStatus.Available, NotReadyReason.None);

        // Chat offers and their withdrawal reach the desk but change nothing a supervisor sees (the operator takes several chats).
        var now = fixture.Time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            var offer = new OfferInfo($"{dir.Id("offer")}{i}", dir.Id("l1"), Channel.Text, "77", "ru", null, now, now.AddSeconds(20));
            Assert.True(await op.TryReserveAsync(offer));
            await op.WithdrawOfferAsync(offer.InteractionId, missed: false);
        }

        // A board activated now reads this snapshot; a report of any later change must outrank what it read, or the board drops it as stale.
        var read = OperatorPresence.Of(await op.GetSnapshotAsync());
        await op.SetStatusAsync(OperatorStatus.NotReady, NotReadyReason.Break);

        var board = Grains.GetGrain<IPresenceBoardGrain>(dir.Organisation);
        var reported = await Eventually.MatchAsync(
            async Task<OperatorPresence> () => Entry(await board.GetSnapshotAsync(), dir.Id("op")), p => p.Status == OperatorStatus.NotReady, "the board shows the break");
        Assert.True(reported.Sequence > read.Sequence, $"the report of the break ({reported.Sequence}) ranks below the snapshot read before it ({read.Sequence})");
    }

    private static OperatorPresence Entry(BoardUpdate snapshot, string operatorId) =>
        snapshot.Operators.Single(o => o.Value.OperatorId == operatorId).Value;
}
