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
    private static readonly TimeSpan Window = UpdateInterval / 10;

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
    public void A_report_that_finds_the_relay_quiet_travels_at_once()
    {
        using var relay = Relay();
        relay.Report("org-a", Presence("op1", OperatorStatus.NotReady, 1));

        Assert.Equal(("org-a", "op1"), (Assert.Single(_sent).Organisation, Assert.Single(_sent[0].Batch).OperatorId));
    }

    [Fact]
    public void Reports_during_a_window_reach_each_board_as_one_message_with_every_operators_latest()
    {
        using var relay = Relay();
        relay.Report("org-a", Presence("op0", OperatorStatus.Available, 1));
        relay.Report("org-a", Presence("op1", OperatorStatus.Available, 1));
        relay.Report("org-a", Presence("op1", OperatorStatus.Busy, 3));
        relay.Report("org-a", Presence("op1", OperatorStatus.AfterCallWork, 2)); // overtaken on its way: older than what gathered
        relay.Report("org-a", Presence("op2", OperatorStatus.NotReady, 7));
        relay.Report("org-b", Presence("op3", OperatorStatus.Available, 1));
        Assert.Equal("op0", Assert.Single(Assert.Single(_sent).Batch).OperatorId);

        _time.Advance(Window - TimeSpan.FromMilliseconds(1));
        Assert.Single(_sent);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var batches = _sent.Skip(1).ToList();
        Assert.Equal(["org-a", "org-b"], batches.Select(s => s.Organisation).Order());
        var a = batches.Single(s => s.Organisation == "org-a").Batch.ToDictionary(p => p.OperatorId);
        Assert.Equal(2, a.Count);
        Assert.Equal((OperatorStatus.Busy, 3L), (a["op1"].Status, a["op1"].Sequence));
        Assert.Equal(OperatorStatus.NotReady, a["op2"].Status);
        Assert.Equal("op3", Assert.Single(batches.Single(s => s.Organisation == "org-b").Batch).OperatorId);
    }

    [Fact]
    public void A_busy_relay_sends_once_per_window_and_a_quiet_window_ends_the_spell()
    {
        using var relay = Relay();
        for (var i = 1; i <= 30; i++)
        {
            relay.Report("org-a", Presence($"op{i % 7}", OperatorStatus.Busy, i));
            _time.Advance(Window / 10);
        }

        // The first report went at once; the three windows of the next 75 ms were sent as each
        // closed, with each of the seven operators' latest report of that window.
        Assert.Equal(4, _sent.Count);
        Assert.Equal([[4, 5, 6, 7, 8, 9, 10], [14, 15, 16, 17, 18, 19, 20], [24, 25, 26, 27, 28, 29, 30]],
            _sent.Skip(1).Select(s => s.Batch.Select(p => p.Sequence).Order().ToArray()));

        _time.Advance(Window); // a window that gathered nothing: the relay is quiet again
        var sent = _sent.Count;
        relay.Report("org-a", Presence("op1", OperatorStatus.Available, 31));
        Assert.Equal(sent + 1, _sent.Count);
        Assert.Equal(OperatorStatus.Available, Assert.Single(_sent[^1].Batch).Status);
    }

    [Fact]
    public void A_stopping_silo_sends_what_gathered_and_then_every_report_at_once()
    {
        using var relay = Relay();
        relay.Report("org-a", Presence("op1", OperatorStatus.Available, 3));
        relay.Report("org-a", Presence("op1", OperatorStatus.Busy, 4));
        Assert.Single(_sent);

        relay.Stop();
        Assert.Equal(OperatorStatus.Busy, Assert.Single(_sent[1].Batch).Status);

        relay.Report("org-a", Presence("op1", OperatorStatus.Offline, 5));
        Assert.Equal(3, _sent.Count);
        Assert.Equal(OperatorStatus.Offline, Assert.Single(_sent[2].Batch).Status);
    }

    [Fact]
    public void A_board_that_cannot_be_reached_costs_its_own_batch_only()
    {
        using var relay = Relay();
        relay.Report("org-c", Presence("op0", OperatorStatus.Busy, 1));
        _refuse = (organisation, _) => organisation == "org-a";
        relay.Report("org-a", Presence("op1", OperatorStatus.Busy, 1));
        relay.Report("org-b", Presence("op2", OperatorStatus.Busy, 1));
        _time.Advance(Window);
        Assert.Equal(["org-c", "org-b"], _sent.Select(s => s.Organisation));

        _refuse = (_, _) => false;
        relay.Report("org-a", Presence("op1", OperatorStatus.Available, 2));
        _time.Advance(Window);
        Assert.Equal(("org-a", OperatorStatus.Available), (_sent[^1].Organisation, Assert.Single(_sent[^1].Batch).Status));
    }

    private OperatorPresence Presence(string operatorId, OperatorStatus status, long sequence) =>
        new(operatorId, operatorId, status, NotReadyReason.None, _time.GetUtcNow(), null, ["q1"], sequence);
}
