package io.sportsfeeds.app.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on a free port over a fresh data directory, and whatever a test opens, closed after it.
 * Authentication is on, as by default: {@link Http} sends {@link #API_KEY}, a provider and admin key
 * at once, and {@link #connect} the secret the first start made for the client.
 */
abstract class ServerTestBase {
    static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Accepted as a provider key and as an admin key by {@link #start()}. */
    static final String API_KEY = "test-key-of-every-role-0001";
    /** What {@link #connect} sends for a client whose secret it does not know (an unknown client). */
    static final String NO_SECRET_KNOWN = "no-client-has-this-secret";

    @TempDir
    Path dataDir;

    final List<AutoCloseable> toClose = new ArrayList<>();
    /** The sample clients' secrets, as the first start on {@link #dataDir} made them. */
    final Map<String, String> secrets = new HashMap<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    LocalApp start() {
        return start(AuthSettings.keys(List.of(API_KEY), List.of(API_KEY)));
    }

    LocalApp start(AuthSettings auth) {
        return start(ServerSettings.builder()
                .dataDir(dataDir)
                .maxBodyBytes(MAX_BODY_BYTES)
                .auth(auth)
                .build());
    }

    LocalApp start(ServerSettings settings) {
        LocalApp app = LocalApp.start(settings, Clock.systemUTC());
        toClose.add(app);
        app.made().secrets().forEach(made -> secrets.put(made.clientId(), made.secret()));
        return app;
    }

    /** Connects as {@code clientId} with its secret (unused when authentication is off). */
    WsClient connect(LocalApp app, String clientId) {
        WsClient client = WsClient.connect(app.webSocketUrl(clientId, secret(clientId)));
        toClose.add(client);
        return client;
    }

    String secret(String clientId) {
        return secrets.getOrDefault(clientId, NO_SECRET_KNOWN);
    }

    static URI url(LocalApp app, String pathAndQuery) {
        return URI.create(app.httpUrl() + pathAndQuery);
    }
}
