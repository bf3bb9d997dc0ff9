package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.fakes.Await;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest extends ServerTestBase {

    @Test
    void countsIngestAndPushes_inThePrometheusFormat() throws Exception {
        LocalApp app = start();
        WsClient analyst = connect(app, "client-001");

        LocalServerTest.putReferenceBatch(app);
        LocalServerTest.putReferenceBatch(app);
        analyst.nextFrame();
        analyst.nextFrame();
        // The push is recorded once the publisher returns, a moment after the frames left.
        Await.until(
                Duration.ofSeconds(10),
                () -> {
                    String scraped = scrape(app);
                    return scraped.contains("sportsfeeds_push_frames_total 2.0")
                            && scraped.contains("sportsfeeds_push_delay_seconds_count 2");
                },
                () -> scrape(app));

        HttpResponse<String> metrics = Http.get(url(app, ServerMetrics.PATH));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("sportsfeeds_ingest_updates_total{outcome=\"stored\"} 2.0")
                .contains("sportsfeeds_ingest_updates_total{outcome=\"duplicate\"} 2.0")
                .contains("sportsfeeds_http_requests_seconds_count{method=\"PUT\",route=\"/feeds\",status=\"200\"} 2")
                .contains("sportsfeeds_websocket_connections 1.0")
                .contains("sportsfeeds_websocket_slow_consumers_total 0.0")
                .contains("# TYPE sportsfeeds_websocket_conflations_total counter")
                .contains("sportsfeeds_websocket_conflations_total 0.0")
                // The analyst's handshake, answered on Jetty's WebSocket layer, is timed as requests are.
                .contains("sportsfeeds_http_requests_seconds_count{method=\"GET\",route=\"/ws\",status=\"101\"} 1")
                .contains("sportsfeeds_push_delay_seconds_count 2")
                // One group commit stored the batch; the repeated batch stored nothing to commit.
                .contains("sportsfeeds_store_commit_seconds_count 1")
                .contains("sportsfeeds_store_commit_updates_count 1")
                .contains("sportsfeeds_store_commit_updates_sum 2.0");
    }

    @Test
    void namesRoutesWithoutIds_soATagNeverHoldsAGameId() {
        assertThat(WebServer.route("/games/game-1/odds")).isEqualTo("/games/{id}/odds");
        assertThat(WebServer.route("/feeds")).isEqualTo("/feeds");
        assertThat(WebServer.route("/nowhere/game-1")).isEqualTo("other");
    }

    @Test
    void countsMadeUpMethodsTogether_soNoCallerCanGrowThePage() throws Exception {
        LocalApp app = start();

        for (String method : List.of("QQQ", "ZZZ", "FOO")) {
            RawRequestsTest.rawRequest(app, method + " /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            RawRequestsTest.rawRequest(
                    app, method + " /feeds HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        }

        String scraped = scrape(app);
        assertThat(scraped).doesNotContain("method=\"QQQ\"", "method=\"ZZZ\"", "method=\"FOO\"");
        assertThat(scraped)
                .contains("sportsfeeds_http_requests_seconds_count{method=\"other\",route=\"/ws\",status=\"405\"} 3");
    }

    static String scrape(LocalApp app) {
        return Http.get(url(app, ServerMetrics.PATH)).body();
    }
}
