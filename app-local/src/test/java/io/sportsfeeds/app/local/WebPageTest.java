package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The page's files over plain HTTP: served from the jar with their types, and nothing else changed. */
class WebPageTest extends ServerTestBase {
    private static final Path SOURCES = Path.of("src", "main", "resources", "web");
    private static final Pattern LINKS = Pattern.compile("(?:src|href)=\"([^\"]+)\"|\"uplot\": \"([^\"]+)\"");

    @Test
    void servesThePageAtTheRoot_andEveryFileItLinks_withItsType() {
        LocalApp app = start();

        HttpResponse<String> page = Http.get(url(app, "/"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).doesNotContain("${").contains("webjars/uplot/1.6.30/dist/uPlot.esm.js");
        Matcher links = LINKS.matcher(page.body());
        int linked = 0;
        while (links.find()) {
            String link = links.group(1) != null ? links.group(1) : links.group(2);
            if (link.startsWith("data:")) {
                continue;
            }
            HttpResponse<String> file = Http.get(url(app, "/" + link.replaceFirst("^\\./", "")));
            assertThat(file.statusCode()).as(link).isEqualTo(200);
            String type = file.headers().firstValue("Content-Type").orElseThrow();
            assertThat(type).as(link).startsWith(link.endsWith(".css") ? "text/css" : "text/javascript");
            linked++;
        }
        assertThat(linked).isEqualTo(4); // uPlot's style and module, the board's style, the app module
        assertThat(Http.get(url(app, "/web/feed.js")).headers().firstValue("X-Content-Type-Options"))
                .hasValue("nosniff");
    }

    @Test
    void answersNotModified_whenTheBrowserHoldsTheSameVersion() throws Exception {
        LocalApp app = start();
        HttpResponse<String> first = Http.get(url(app, "/web/app.js"));
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = send(HttpRequest.newBuilder(url(app, "/web/app.js"))
                .header("If-None-Match", etag)
                .build());

        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(Http.get(url(app, "/webjars/uplot/1.6.30/dist/uPlot.esm.js"))
                        .headers()
                        .firstValue("Cache-Control"))
                .hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void answersAsTheRestApiDoes_whenAPathNamesNoFileOrAnotherMethodAsksForThePage() {
        LocalApp app = start();

        assertNotFound(Http.get(url(app, "/web/missing.js")), "no route for GET /web/missing.js");
        assertNotFound(Http.get(url(app, "/web/.hidden.js")), "no route for GET /web/.hidden.js");
        assertNotFound(Http.get(url(app, "/web/app.class")), "no route for GET /web/app.class");
        assertNotFound(Http.get(url(app, "/webjars/uplot/1.6.30/")), "no route for GET /webjars/uplot/1.6.30/");
        assertNotFound(Http.call("POST", url(app, "/"), new byte[0]), "no route for POST /");
        assertNotFound(Http.get(url(app, "/nothing")), "no route for GET /nothing");
        assertThat(Http.call("DELETE", url(app, "/feeds"), null).statusCode()).isEqualTo(405);
    }

    @Test
    void referencesNoOtherServer_inAnyOfItsFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(SOURCES)) {
            files = listed.toList();
        }

        assertThat(files)
                .extracting(file -> file.getFileName().toString())
                .contains("index.html", "app.js", "board.css");
        for (Path file : files) {
            assertThat(Files.readString(file))
                    .as(file.toString())
                    .doesNotContain("http://", "https://", "//cdn", "@import", "url(");
        }
    }

    private static void assertNotFound(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"" + message + "\"}");
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
