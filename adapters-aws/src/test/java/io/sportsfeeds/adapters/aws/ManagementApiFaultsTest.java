package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the publisher makes of the Management API's failures with the real AWS adapters: the
 * connection store and published seqs in DynamoDB (dynalite), the gateway posting to a recording
 * stand-in of the API. The gateway's own answers (gone, retried, failed) are {@link
 * ApiGatewayConnectionGatewayTest}'s; here, what becomes of them in the table.
 */
class ManagementApiFaultsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final ApiGatewayConnectionGateway.Retries FAST =
            new ApiGatewayConnectionGateway.Retries(4, Duration.ofMillis(2), Duration.ofMillis(10));

    private final Clock clock = Clock.systemUTC();
    private final Instant now = clock.instant();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ManagementApiServer api = track(ManagementApiServer.start("prod"));
    private final DynamoDbStores stores =
            DynamoDbStores.of(dynalite.client(), dynalite.newTable("management-faults"), clock, Duration.ofDays(1));
    private final String game = uniqueGameId();
    private final PublishChanges publish = new PublishChanges(
            stores.oddsStore(),
            stores.publishedSeqs(),
            stores.connectionStore(),
            gateway(api.endpoint()),
            change -> change.gameId() + "#" + change.seq(),
            clock,
            new DeliveryOrder());

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    @Test
    void forgetsTheConnectionInTheTable_whenTheApiAnswers410_andPushesTheOthers() {
        connect("leaving=");
        connect("staying=");
        api.answerAlways("leaving=", 410);

        PublishChanges.Report report = publish.publish(stored(1));

        assertThat(report.gone()).containsExactly("leaving=");
        assertThat(report.complete()).isTrue();
        assertThat(stores.connectionStore().find("leaving=")).isEmpty();
        assertThat(stores.connectionStore().receiversOf(game, now))
                .extracting(Receiver::connectionId)
                .containsExactly("staying=");
        assertThat(stores.publishedSeqs().lastPublished(game)).hasValue(1);
        assertThat(api.framesTo("staying=")).containsExactly(game + "#1");

        publish.publish(stored(1));

        assertThat(api.callsTo("leaving=")).as("posted once, then forgotten").hasSize(1);
        assertThat(api.framesTo("staying=")).containsExactly(game + "#1", game + "#2");
    }

    @Test
    void reportsTheChangeForRetry_andKeepsConnectionAndPublishedSeq_whileTheApiAnswers5xxOr429_thenDeliversIt() {
        connect("failing=");
        connect("throttled=");
        connect("fine=");
        api.answerAlways("failing=", 500);
        api.answerAlways("throttled=", 429);

        PublishChanges.Report failed = publish.publish(stored(1));

        assertThat(failed.complete()).isFalse();
        assertThat(failed.retry()).extracting(CapturedChange::seq).containsExactly(1L);
        assertThat(failed.gone()).isEmpty();
        assertThat(api.callsTo("failing="))
                .as("tried as often as the gateway retries")
                .hasSize(FAST.attempts());
        assertThat(api.callsTo("throttled=")).hasSize(FAST.attempts());
        assertThat(stores.publishedSeqs().lastPublished(game))
                .as("not published until every receiver has it")
                .isEmpty();
        assertThat(stores.connectionStore().find("failing=")).isPresent();
        assertThat(stores.connectionStore().find("throttled=")).isPresent();

        api.answerAlways("failing=", 200);
        api.answerAlways("throttled=", 200);
        PublishChanges.Report retried = publish.publish(failed.retry());

        assertThat(retried.complete()).isTrue();
        assertThat(stores.publishedSeqs().lastPublished(game)).hasValue(1);
        assertThat(api.framesTo("failing=")).containsExactly(game + "#1");
        assertThat(api.framesTo("throttled=")).containsExactly(game + "#1");
        assertThat(api.framesTo("fine="))
                .as("a retried change goes to every receiver again: the protocol tells clients to drop a seq they hold")
                .containsExactly(game + "#1", game + "#1");
    }

    private void connect(String connectionId) {
        stores.connectionStore()
                .save(Connection.toEveryGame(connectionId, "client-001", now, now.plus(Duration.ofHours(2))));
        api.open(connectionId);
    }

    /** Appends {@code count} updates of the game and answers them as captured changes. */
    private List<CapturedChange> stored(int count) {
        long before = stores.oddsStore().changesAfter(game, 0, 1_000).size();
        for (int i = 0; i < count; i++) {
            stores.oddsStore().append(List.of(update(game, "spread", -110 - before - i, 1_764_617_400L + before + i)));
        }
        return stores.oddsStore().changesAfter(game, before, 1_000);
    }

    private ApiGatewayConnectionGateway gateway(URI endpoint) {
        AwsSettings settings = new AwsSettings(
                        "eu-west-2", "sportsfeeds", "changes", Optional.empty(), Optional.empty())
                .withManagementApiEndpoint(endpoint);
        var client = track(ApiGatewayConnectionGateway.newClient(
                settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))));
        return track(ApiGatewayConnectionGateway.create(
                client, FAST, ApiGatewayConnectionGateway.MAX_IN_FLIGHT, new SplittableRandom(7)));
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }
}
