using ContactCenter.Api.Protos;
using ContactCenter.LoadTests.Cli;
using ContactCenter.LoadTests.Scenarios;

namespace ContactCenter.Tests.LoadTests;

public class ScenarioShapeTests
{
    [Fact]
    public void The_day_scales_the_1414_centre_to_the_operators_and_compresses_it_to_the_rate()
    {
        // 1414: 50,000 contacts over 12 h for 500 operators, 100 each; 50 operators at 20 a second
        // take 100 each in 250 s instead of 43,200 s.
        var shape = DayShape.From(CliOptions.Parse(["day", "--operators", "50", "--rate", "20"]));

        Assert.Equal(10, shape.SecondLine);
        Assert.Equal(5_000, shape.ContactsPerDay);
        Assert.Equal(172.8, shape.Compression, precision: 6);
        Assert.Equal(250, shape.Compress(DayShape.WorkingDay).TotalSeconds, precision: 6);
        Assert.Equal(115.741, shape.Compress(TimeSpan.FromSeconds(20)).TotalMilliseconds, precision: 3);
        Assert.Equal(18, shape.Expand(shape.Compress(TimeSpan.FromSeconds(18))).TotalSeconds, precision: 3);
    }

    [Fact]
    public void The_embedded_node_gets_the_day_limits_compressed_but_never_under_the_floor()
    {
        var fast = DayShape.From(CliOptions.Parse(["day", "--operators", "50", "--rate", "20"]));
        var slow = DayShape.From(CliOptions.Parse(["day", "--operators", "500", "--rate", "2"]));

        // ×172.8: 1 min voice and 5 min text inactivity would be 0.35 s and 1.7 s; both held at 2 s.
        Assert.Equal("00:00:02", fast.EmbeddedSettings["TimeLimits:VoiceInactivity"]);
        Assert.Equal("00:00:02", fast.EmbeddedSettings["TimeLimits:TextInactivity"]);
        Assert.Equal(5_000 / 172.8, TimeSpan.Parse(fast.EmbeddedSettings["Statistics:ShortAbandon"]!, System.Globalization.CultureInfo.InvariantCulture).TotalMilliseconds, precision: 3);

        // ×1.728: 5 min of text silence is 173.6 s.
        Assert.Equal(173.6, slow.InactivityLimit(Channel.Text).TotalSeconds, precision: 1);
    }

    [Fact]
    public void Against_a_running_node_the_day_assumes_the_nodes_own_time_limits()
    {
        var shape = DayShape.From(CliOptions.Parse(["day", "--target", "http://node:5000", "--operators", "50", "--rate", "20"]));

        Assert.Equal(TimeSpan.FromMinutes(5), shape.InactivityLimit(Channel.Text));
        Assert.Equal(TimeSpan.FromMinutes(1), shape.InactivityLimit(Channel.Voice));
    }

    [Fact]
    public void The_day_needs_an_open_model_and_percentages_within_100()
    {
        Assert.Throws<FormatException>(() => DayShape.From(CliOptions.Parse(["day", "--copies", "10"])));
        Assert.Throws<FormatException>(() => DayShape.From(CliOptions.Parse(["day", "--transfers", "120"])));
        Assert.Throws<FormatException>(() => DayShape.From(CliOptions.Parse(["day", "--operators", "0"])));
    }

    [Fact]
    public void A_slice_with_a_second_line_puts_each_operator_in_its_own_lines_queue()
    {
        var slice = DirectorySlice.New("day", new Dictionary<Channel, int> { [Channel.Voice] = 1, [Channel.Text] = 3 }, operators: 3, secondLineOperators: 2);

        Assert.Equal(5, slice.AllOperatorIds.Count());
        Assert.All(slice.OperatorIds, id => Assert.Equal(slice.QueueId, slice.QueueOf(id)));
        Assert.All(slice.SecondLineOperatorIds, id => Assert.Equal(slice.SecondLineQueueId, slice.QueueOf(id)));
        Assert.All(slice.SecondLineOperatorIds, id => Assert.True(slice.IsSecondLine(id)));
        Assert.False(slice.IsSecondLine(slice.OperatorIds[0]));
        Assert.Equal(Channel.Text, slice.Registration(7, Channel.Text).Channel);
        Assert.Equal(Channel.Voice, slice.Registration(7).Channel);
        Assert.Equal(3, slice.CapacityByChannel[Channel.Text]);
    }

    [Fact]
    public void A_single_channel_slice_has_no_second_line()
    {
        var slice = DirectorySlice.New("timers", Channel.Text, operators: 2, capacity: 10);

        Assert.Null(slice.SecondLineQueueId);
        Assert.Equal(slice.OperatorIds, slice.AllOperatorIds);
        Assert.Equal(10, slice.Capacity);
        Assert.Equal(new Dictionary<Channel, int> { [Channel.Text] = 10 }, slice.CapacityByChannel);
    }

    [Fact]
    public void A_shown_status_counts_the_reason_only_when_not_ready()
    {
        var onBreak = new OperatorState { Status = OperatorStatus.NotReady, Reason = NotReadyReason.Break };
        var atLunch = new OperatorPresence { Status = OperatorStatus.NotReady, Reason = NotReadyReason.Lunch };
        var available = new OperatorState { Status = OperatorStatus.Available, Reason = NotReadyReason.Break };

        Assert.NotEqual(ShownStatus.Of(onBreak), ShownStatus.Of(atLunch));
        Assert.Equal(ShownStatus.Of(onBreak), ShownStatus.Of(new OperatorPresence { Status = OperatorStatus.NotReady, Reason = NotReadyReason.Break }));
        Assert.Equal(ShownStatus.Of(OperatorStatus.Available, NotReadyReason.Unspecified), ShownStatus.Of(available));
    }
}
