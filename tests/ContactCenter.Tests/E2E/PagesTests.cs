using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContactCenter.Tests.E2E;

/// <summary>What the browser pages stand on: their files on the HTTP port and the JSON routes of the gRPC services.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PagesTests(BrowserFixture web)
{
    [Theory]
    [InlineData("/wallboard", "text/html", "/web/wallboard.js")]
    [InlineData("/desk", "text/html", "/web/desk.js")]
    [InlineData("/web/common.js", "text/javascript", "/v1/")]
    [InlineData("/web/app.css", "text/css", "--focus")]
    public async Task A_page_and_its_files_are_served_on_the_http_port(string path, string contentType, string contains)
    {
        using var http = new HttpClient { BaseAddress = web.HttpBase };
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(contains, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/web/missing.js")]
    [InlineData("/web/..%2FApi.csproj")]
    [InlineData("/web/WebPages.cs")]
    public async Task Nothing_but_the_pages_files_is_served(string path)
    {
        using var http = new HttpClient { BaseAddress = web.HttpBase };
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_json_routes_answer_as_the_grpc_services_do_with_tokens_statuses_and_messages()
    {
        using var http = new HttpClient { BaseAddress = web.HttpBase };

        using var anonymous = await http.PostAsJsonAsync("/v1/supervisor/live-statistics", new { queueId = "sfr-l1" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var supervisor = await DevTokenAsync(http, new { role = "supervisor", supervisorId = "sup-ivanova", organisationId = "SFR" });
        using var figures = await PostAsync(http, "/v1/supervisor/live-statistics", supervisor, new { queueId = "sfr-l1" });
        Assert.Equal(HttpStatusCode.OK, figures.StatusCode);
        Assert.Equal("queue/sfr-l1", (await figures.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scope").GetString());

        using var otherOrganisation = await PostAsync(http, "/v1/supervisor/live-statistics", supervisor, new { queueId = "mse-l1" });
        Assert.Equal(HttpStatusCode.Forbidden, otherOrganisation.StatusCode);

        var nobody = await DevTokenAsync(http, new { role = "operator", operatorId = "op-nobody" });
        using var unknown = await PostAsync(http, "/v1/desk/sign-in", nobody, new { operatorId = "op-nobody" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("op-nobody", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    private static async Task<string> DevTokenAsync(HttpClient http, object identity)
    {
        using var response = await http.PostAsJsonAsync("/dev/token", identity);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string token, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }
}
