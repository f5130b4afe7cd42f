using System.Net;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Fraud;

namespace Contestlet.Web.Tests.Domain.Fraud;

public sealed class FraudRulesTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64")]
    public void KeepsOnlyTheNetworkNotTheAddress(string address, string network) =>
        Assert.Equal(network, EntryOrigin.NetworkOf(IPAddress.Parse(address)));

    [Fact]
    public void IgnoresABrowserIdThatIsNotOurs() =>
        Assert.Null(EntryOrigin.From(null, new string('x', 200)).BrowserId);

    [Fact]
    public void DenseWindowsNeedTheCountWithinTheWindow()
    {
        var t = DateTimeOffset.UnixEpoch;
        var items = new[] { (1L, t), (2L, t.AddSeconds(5)), (3L, t.AddSeconds(9)), (4L, t.AddSeconds(30)) };
        var dense = FraudRules.DenseWindows(items, 3, TimeSpan.FromSeconds(10));
        Assert.Equal([1L, 2L, 3L], dense.Keys.Order());
        Assert.Empty(FraudRules.DenseWindows(items, 3, TimeSpan.FromSeconds(8)));
    }

    [Fact]
    public void SequentialRunsNeedTheirLength()
    {
        var runs = FraudRules.SequentialRuns([(1, "+14155550101"), (2, "+14155550102"), (3, "+14155550103"), (4, "+14155550105"), (5, "+14155550106")], 3);
        Assert.Equal([1L, 2L, 3L], runs.Keys.Order());
        Assert.All(runs.Values, length => Assert.Equal(3, length));
    }
}
