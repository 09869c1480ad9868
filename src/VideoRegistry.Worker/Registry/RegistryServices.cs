namespace VideoRegistry.Worker.Registry;

public static class RegistryServices
{
    public static WebApplicationBuilder AddRegistry(this WebApplicationBuilder builder) => builder;
}
