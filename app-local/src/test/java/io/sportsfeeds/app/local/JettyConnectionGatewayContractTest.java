package io.sportsfeeds.app.local;

import io.sportsfeeds.core.contract.ConnectionGatewayContract;
import io.sportsfeeds.core.port.ConnectionGateway;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The gateway over peers that take each frame at once, opened and left as the WebSocket endpoint does. */
class JettyConnectionGatewayContractTest extends ConnectionGatewayContract {
    private JettyConnectionGateway gateway;
    private final Map<String, JettyConnectionGatewayFixture.FastPeer> peers = new HashMap<>();

    @Override
    protected ConnectionGateway newGateway() {
        gateway = new JettyConnectionGateway(16, Duration.ofMinutes(1));
        return gateway;
    }

    @Override
    protected String open() {
        String connectionId = "conn-" + (peers.size() + 1);
        JettyConnectionGatewayFixture.FastPeer peer = new JettyConnectionGatewayFixture.FastPeer();
        peers.put(connectionId, peer);
        gateway.reserve(connectionId, () -> {});
        gateway.attach(connectionId, peer);
        return connectionId;
    }

    @Override
    protected List<String> received(String connectionId, int expected) {
        return List.copyOf(peers.get(connectionId).sent);
    }

    @Override
    protected void leave(String connectionId) {
        gateway.release(connectionId);
    }

    @AfterEach
    void stopDeadlines() {
        gateway.close();
    }
}
