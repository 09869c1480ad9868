using System.Net.Security;

namespace VideoRegistry.Probing.Reach;

/// <summary>Certificate policy for cameras when <see cref="ReachProbeOptions.ValidateTlsCertificates"/> is off.</summary>
internal static class CameraCertificates
{
    /// <summary>
    /// Accepts self-signed camera certificates: L1 checks that the stream answers, on a closed video network where
    /// devices ship certificates for their IP with no CA. Opt-in validation is <c>Probing:Reach:ValidateTlsCertificates</c>.
    /// </summary>
#pragma warning disable CA5359 // Deliberate and configurable, see the summary.
    public static readonly RemoteCertificateValidationCallback AcceptAny = static (_, _, _, _) => true;
#pragma warning restore CA5359
}
