package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.port.PublishedSeqs;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB adapters of the core's store ports, all on the one table of {@link AwsSettings#table()}
 * (created by {@link DynamoDbTables}). Every method of every store may throw {@link
 * io.sportsfeeds.core.domain.StoreUnavailableException}; no SDK exception leaves them. Calls that
 * DynamoDB throttles or fails with a server error are retried with jittered backoff (about 6 s at
 * most) before that. The stores are thread-safe; make them once per process (or Lambda container).
 */
public final class DynamoDbStores {
    private final OddsStore oddsStore;
    private final GameCatalogue gameCatalogue;
    private final ClientRegistry clientRegistry;
    private final ConnectionStore connectionStore;
    private final PublishedSeqs publishedSeqs;

    private DynamoDbStores(
            DynamoDbClient client, AwsSettings settings, Clock clock, Duration retention, Backoff backoff) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        Table table = new Table(client, settings.table(), backoff);
        this.oddsStore =
                new DynamoDbOddsStore(table, clock, retention, UUID.randomUUID().toString());
        this.gameCatalogue = new DynamoDbGameCatalogue(table);
        this.clientRegistry = new DynamoDbClientRegistry(table);
        this.connectionStore = new DynamoDbConnectionStore(table);
        this.publishedSeqs = new DynamoDbPublishedSeqs(table, clock, retention);
    }

    /**
     * @param client a client of the table's region or endpoint ({@link #newClient})
     * @param clock store times, and the start of each item's retention
     * @param retention how long odds history (and the published seqs) are kept: {@code EXPIRE} is
     *     the store time plus this; DynamoDB's TTL deletes the item some time after
     */
    public static DynamoDbStores of(DynamoDbClient client, AwsSettings settings, Clock clock, Duration retention) {
        return new DynamoDbStores(client, settings, clock, retention, Backoff.STANDARD);
    }

    /** As {@link #of}, retrying as {@code backoff} says (tests make it short). */
    static DynamoDbStores of(
            DynamoDbClient client, AwsSettings settings, Clock clock, Duration retention, Backoff backoff) {
        return new DynamoDbStores(client, settings, clock, retention, backoff);
    }

    /**
     * A DynamoDB client of the settings' region and endpoint, on the URL-connection HTTP client,
     * with credentials from the SDK's default chain. Build one per process and close it at the end.
     *
     * <p>The SDK tries each call at most 3 times (its standard retry mode), not the 9 of its default
     * for DynamoDB: the stores retry every retryable failure themselves ({@link Backoff#STANDARD},
     * 8 tries), and the two multiply. With DynamoDB unreachable, the default made a {@code PUT
     * /feeds} wait about 30 s for its 503, past API Gateway's 29 s; now a few seconds.
     */
    public static DynamoDbClient newClient(AwsSettings settings) {
        return builder(settings).build();
    }

    /** As {@link #newClient(AwsSettings)}, with these credentials (tests against an emulator). */
    static DynamoDbClient newClient(AwsSettings settings, AwsCredentialsProvider credentials) {
        return builder(settings).credentialsProvider(credentials).build();
    }

    /** The JDK's own system property: idle connections it keeps per host for reuse (5 unless set). */
    static final String KEEP_ALIVE_CONNECTIONS = "http.maxConnections";

    private static DynamoDbClientBuilder builder(AwsSettings settings) {
        // The URL-connection client reuses connections through the JDK's keep-alive cache, which keeps
        // 5 per host unless told otherwise; a publish queries up to Concurrently.MAX_AT_ONCE games at
        // once, and every call beyond the 5 would otherwise open (and in AWS, handshake) a new one.
        // The cache reads the property once, when first used: set here, before this process's first call.
        if (System.getProperty(KEEP_ALIVE_CONNECTIONS) == null) {
            System.setProperty(KEEP_ALIVE_CONNECTIONS, Integer.toString(Concurrently.MAX_AT_ONCE));
        }
        var builder = DynamoDbClient.builder()
                .region(Region.of(settings.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        settings.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    public OddsStore oddsStore() {
        return oddsStore;
    }

    public GameCatalogue gameCatalogue() {
        return gameCatalogue;
    }

    public ClientRegistry clientRegistry() {
        return clientRegistry;
    }

    public ConnectionStore connectionStore() {
        return connectionStore;
    }

    public PublishedSeqs publishedSeqs() {
        return publishedSeqs;
    }
}
