using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoRegistry.Core.Probing;
using VideoRegistry.Probing.Picture;

namespace VideoRegistry.Worker.Probing;

public static class PictureProbingServices
{
    /// <summary>
    /// The L3 picture prober (options from <c>Probing:Picture</c>), resolvable as an <see cref="IStreamProber"/> with
    /// Tier = Picture, and the <see cref="SnapshotStore"/> that keeps its evidence.
    /// </summary>
    public static IServiceCollection AddPictureProbing(this IServiceCollection services)
    {
        services.AddOptions<PictureDiagnosisOptions>().BindConfiguration(PictureDiagnosisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SnapshotStore(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PictureDiagnosisOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FfmpegPictureProber>();
        services.AddSingleton<IStreamProber>(sp => sp.GetRequiredService<FfmpegPictureProber>());
        return services;
    }
}
