package io.sportsfeeds.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubprotocolsTest {
    @Test
    void readsTheOfferedSubprotocolsInOrder_fromOneHeaderOrSeveralJoined() {
        assertThat(Subprotocols.parse("sportsfeeds, sportsfeeds.secret.c2VjcmV0 ,chat"))
                .containsExactly("sportsfeeds", "sportsfeeds.secret.c2VjcmV0", "chat");
        assertThat(Subprotocols.parse(" , ")).isEmpty();
        assertThat(Subprotocols.parse(null)).isEmpty();
    }

    @Test
    void prefersSportsfeeds_elseTheFirstThatCarriesNoSecret() {
        assertThat(Subprotocols.accepted(List.of("chat", "sportsfeeds"))).hasValue("sportsfeeds");
        assertThat(Subprotocols.accepted(List.of("sportsfeeds.secret.c2VjcmV0", "chat")))
                .hasValue("chat");
        assertThat(Subprotocols.accepted(List.of())).isEmpty();
    }
}
