using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Streams;

namespace VideoRegistry.Worker.Probing;

public static class StreamProbingServices
{
    /// <summary>The L2 ffprobe prober (options from <c>Probing:Stream</c>), resolvable as an <see cref="IStreamProber"/> with Tier = Stream.</summary>
    public static IServiceCollection AddStreamProbing(this IServiceCollection services)
    {
        services.AddOptions<StreamProbeOptions>().BindConfiguration(StreamProbeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FfprobeStreamProber>();
        services.AddSingleton<IStreamProber>(sp => sp.GetRequiredService<FfprobeStreamProber>());
        return services;
    }
}
