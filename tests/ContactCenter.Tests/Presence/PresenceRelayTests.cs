using ContactCenter.Operators;
using ContactCenter.Presence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Tests.Presence;

/// <summary>One silo's relay of operators' presence reports to their organisations' boards.</summary>
public sealed class PresenceRelayTests
{
    private static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Gathering = UpdateInterval / 10;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly List<(string Organisation, OperatorPresence[] Batch)> _sent = [];
    private Func<string, OperatorPresence[], bool> _refuse = (_, _) => false;

    private PresenceRelay Relay() => new(
        (organisation, batch) =>
        {
            if (_refuse(organisation, batch))
            {
                throw new InvalidOperationException("the board cannot be reached");
            }

            _sent.Add((organisation, batch));
        },
        Options.Create(new PresenceOptions { UpdateInterval = UpdateInterval }), _time, NullLogger<PresenceRelay>.Instance);

    [Fact]
    public void Reports_of_one_gathering_reach_each_board_as_one_message_with_every_operators_latest()
    {
        using var relay = Relay();
        relay.Report("org-a", Presence("op1", OperatorStatus.Available, 1));
        relay.Report("org-a", Presence("op1", OperatorStatus.Busy, 3));
        relay.Report("org-a", Presence("op1", OperatorStatus.AfterCallWork, 2)); // overtaken on its way: older than what gathered
        relay.Report("org-a", Presence("op2", OperatorStatus.NotReady, 7));
        relay.Report("org-b", Presence("op3", OperatorStatus.Available, 1));

        _time.Advance(Gathering - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_sent);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["org-a", "org-b"], _sent.Select(s => s.Organisation).Order());
        var a = _sent.Single(s => s.Organisation == "org-a").Batch.ToDictionary(p => p.OperatorId);
        Assert.Equal(2, a.Count);
        Assert.Equal((OperatorStatus.Busy, 3L), (a["op1"].Status, a["op1"].Sequence));
        Assert.Equal(OperatorStatus.NotReady, a["op2"].Status);
        Assert.Equal("op3", Assert.Single(_sent.Single(s => s.Organisation == "org-b").Batch).OperatorId);
    }

    [Fact]
    public void A_quiet_relay_sends_nothing_and_the_next_report_opens_a_new_gathering()
    {
        using var relay = Relay();
        relay.Report("org-a", Presence("op1", OperatorStatus.Available, 1));
        _time.Advance(Gathering);
        Assert.Single(_sent);

        _time.Advance(UpdateInterval * 4);
        Assert.Single(_sent);

        relay.Report("org-a", Presence("op1", OperatorStatus.Busy, 2));
        _time.Advance(Gathering / 2);
        Assert.Single(_sent);
        _time.Advance(Gathering / 2);
        Assert.Equal(2, _sent.Count);
        Assert.Equal(OperatorStatus.Busy, Assert.Single(_sent[1].Batch).Status);
    }

    [Fact]
    public void A_stopping_silo_sends_what_gathered_and_then_every_report_at_once()
    {
        using var relay = Relay();
        relay.Report("org-a", Presence("op1", OperatorStatus.Busy, 4));

        relay.Stop();
        Assert.Equal(OperatorStatus.Busy, Assert.Single(Assert.Single(_sent).Batch).Status);

        relay.Report("org-a", Presence("op1", OperatorStatus.Offline, 5));
        Assert.Equal(2, _sent.Count);
        Assert.Equal(OperatorStatus.Offline, Assert.Single(_sent[1].Batch).Status);
    }

    [Fact]
    public void A_board_that_cannot_be_reached_costs_its_own_batch_only()
    {
        using var relay = Relay();
        _refuse = (organisation, _) => organisation == "org-a";
        relay.Report("org-a", Presence("op1", OperatorStatus.Busy, 1));
        relay.Report("org-b", Presence("op2", OperatorStatus.Busy, 1));
        _time.Advance(Gathering);
        Assert.Equal("org-b", Assert.Single(_sent).Organisation);

        _refuse = (_, _) => false;
        relay.Report("org-a", Presence("op1", OperatorStatus.Available, 2));
        _time.Advance(Gathering);
        Assert.Equal(("org-a", OperatorStatus.Available), (_sent[1].Organisation, Assert.Single(_sent[1].Batch).Status));
    }

    private OperatorPresence Presence(string operatorId, OperatorStatus status, long sequence) =>
        new(operatorId, operatorId, status, NotReadyReason.None, _time.GetUtcNow(), null, ["q1"], sequence);
}
