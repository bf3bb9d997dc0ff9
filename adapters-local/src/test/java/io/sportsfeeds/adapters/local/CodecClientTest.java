package io.sportsfeeds.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.SecretHash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Client rows: the secret hash round-trips, and rows written before clients had one still read. */
class CodecClientTest {
    private static final SecretHash HASH =
            SecretHash.of(1_000, "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), new byte[32]);

    @Test
    void readsBackTheClient_withAndWithoutASecretHash() {
        Client withHash = new Client("client-001", "Trading desk A", true, HASH);
        Client without = new Client("client-002", null, false);

        assertThat(Codec.readClient(Codec.client(withHash))).isEqualTo(withHash);
        assertThat(Codec.readClient(Codec.client(without))).isEqualTo(without);
    }

    @Test
    void readsAClientWithoutSecret_fromARowWrittenBeforeClientsHadSecrets() throws IOException {
        // The layout of version 1 as it was: version, id, name present + name, active; nothing after.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF("client-001");
            out.writeBoolean(true);
            out.writeUTF("Trading desk A");
            out.writeBoolean(true);
        }

        assertThat(Codec.readClient(bytes.toByteArray()))
                .isEqualTo(new Client("client-001", "Trading desk A", true, null));
    }
}
