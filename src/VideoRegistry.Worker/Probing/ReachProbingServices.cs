using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Reach;

namespace VideoRegistry.Worker.Probing;

public static class ReachProbingServices
{
    /// <summary>The L1 reach prober (options from <c>Probing:Reach</c>), resolvable as an <see cref="IStreamProber"/> with Tier = Reach.</summary>
    public static IServiceCollection AddReachProbing(this IServiceCollection services)
    {
        services.AddOptions<ReachProbeOptions>().BindConfiguration(ReachProbeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RtspReachProber>();
        services.AddSingleton<IStreamProber>(sp => sp.GetRequiredService<RtspReachProber>());
        return services;
    }
}
