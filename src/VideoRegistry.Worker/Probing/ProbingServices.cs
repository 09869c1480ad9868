namespace VideoRegistry.Worker.Probing;

public static class ProbingServices
{
    public static WebApplicationBuilder AddProbing(this WebApplicationBuilder builder)
    {
        builder.Services.AddReachProbing();
        builder.Services.AddStreamProbing();
        builder.Services.AddPictureProbing();
        return builder;
    }
}
