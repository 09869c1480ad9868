namespace VideoRegistry.Worker.Api;

public static class ApiServices
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapApi(this WebApplication app) => app;
}
