using System.Net.Sockets;
using VideoRegistry.Core.Probing;

namespace VideoRegistry.Probing.Reach;

/// <summary>Maps protocol status codes and socket errors onto the DESIGN.md failure taxonomy.</summary>
public static class ReachFailure
{
    /// <summary>RTSP and HTTP share their status classes: 2xx ok, 401/403 auth, 404 not_found, everything else server_error.</summary>
    public static ProbeReason FromStatus(int status) => status switch
    {
        >= 200 and < 300 => ProbeReason.None,
        401 or 403 or 407 => ProbeReason.Auth,
        404 or 410 => ProbeReason.NotFound,
        >= 100 and < 600 => ProbeReason.ServerError,
        _ => ProbeReason.Protocol,
    };

    public static ProbeReason FromSocketError(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ProbeReason.Refused,
        SocketError.TimedOut => ProbeReason.Timeout,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => ProbeReason.Dns,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.HostDown
            or SocketError.AddressNotAvailable => ProbeReason.Unreachable,

        // The peer accepted and then dropped us: something answers on the port, but not a usable stream server.
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => ProbeReason.Protocol,
        _ => ProbeReason.Unreachable,
    };
}
