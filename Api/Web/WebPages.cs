using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ContactCenter.Api.Web;

/// <summary>
/// The supervisor wallboard (/wallboard) and the operator desk (/desk) on the HTTP port. The pages
/// are static files embedded in this assembly; their data comes from the same gRPC services through
/// JSON transcoding (the google.api.http routes under /v1/ in the protos), so there is no second API.
/// </summary>
public static class WebPages
{
    private const string ResourceRoot = "ContactCenter.Api.wwwroot";

    public static void AddWebPages(this WebApplicationBuilder builder) =>
        builder.Services.AddGrpc().AddJsonTranscoding();

    public static void MapWebPages(this WebApplication app, string httpHost)
    {
        var files = new EmbeddedFileProvider(typeof(WebPages).Assembly, ResourceRoot);
        var contentTypes = new FileExtensionContentTypeProvider();

        // The pages themselves hold no data: what they show needs a token on each call.
        app.MapGet("/wallboard", (HttpContext http) => Serve(http, files, contentTypes, "wallboard.html"))
            .RequireHost(httpHost).AllowAnonymous();
        app.MapGet("/desk", (HttpContext http) => Serve(http, files, contentTypes, "desk.html"))
            .RequireHost(httpHost).AllowAnonymous();
        app.MapGet("/web/{name}", (HttpContext http, string name) => Serve(http, files, contentTypes, name))
            .RequireHost(httpHost).AllowAnonymous();
    }

    private static IResult Serve(HttpContext http, IFileProvider files, FileExtensionContentTypeProvider contentTypes, string name)
    {
        // Embedded names are flat: a slash or a dot-dot can never name one of our files.
        var file = name.Contains('/') || name.Contains("..", StringComparison.Ordinal) ? null : files.GetFileInfo(name);
        if (file is null || !file.Exists || !contentTypes.TryGetContentType(name, out var contentType))
        {
            return Results.NotFound();
        }

        // The pages change with the server; a stale script against a newer API helps nobody.
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(file.CreateReadStream(), contentType, lastModified: file.LastModified);
    }
}
