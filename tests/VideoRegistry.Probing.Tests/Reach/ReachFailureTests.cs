using System.Net.Sockets;
using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Reach;

namespace VideoRegistry.Probing.Tests.Reach;

public sealed class ReachFailureTests
{
    [Theory]
    [InlineData(200, ProbeReason.None)]
    [InlineData(206, ProbeReason.None)]
    [InlineData(401, ProbeReason.Auth)]
    [InlineData(403, ProbeReason.Auth)]
    [InlineData(404, ProbeReason.NotFound)]
    [InlineData(454, ProbeReason.ServerError)]
    [InlineData(461, ProbeReason.ServerError)]
    [InlineData(500, ProbeReason.ServerError)]
    [InlineData(503, ProbeReason.ServerError)]
    [InlineData(551, ProbeReason.ServerError)]
    [InlineData(999, ProbeReason.Protocol)]
    public void FromStatus_RtspAndHttpCodes_MapToTaxonomy(int status, ProbeReason expected)
    {
        Assert.Equal(expected, ReachFailure.FromStatus(status));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, ProbeReason.Refused)]
    [InlineData(SocketError.TimedOut, ProbeReason.Timeout)]
    [InlineData(SocketError.HostNotFound, ProbeReason.Dns)]
    [InlineData(SocketError.TryAgain, ProbeReason.Dns)]
    [InlineData(SocketError.HostUnreachable, ProbeReason.Unreachable)]
    [InlineData(SocketError.NetworkUnreachable, ProbeReason.Unreachable)]
    [InlineData(SocketError.ConnectionReset, ProbeReason.Protocol)]
    public void FromSocketError_Errors_MapToTaxonomy(SocketError error, ProbeReason expected)
    {
        Assert.Equal(expected, ReachFailure.FromSocketError(error));
    }
}
