package io.sportsfeeds.api.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.InvalidInputException;
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
    void prefersSportsfeeds_elseTheFirst() {
        assertThat(Subprotocols.accepted(List.of("chat", "sportsfeeds"))).hasValue("sportsfeeds");
        assertThat(Subprotocols.accepted(List.of("chat", "superchat"))).hasValue("chat");
        assertThat(Subprotocols.accepted(List.of())).isEmpty();
    }

    @Test
    void refusesASecretOfferedWithoutSportsfeeds_ratherThanAnswerAnother() {
        assertThatThrownBy(() -> Subprotocols.accepted(List.of("sportsfeeds.secret.c2VjcmV0", "chat")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Sec-WebSocket-Protocol must offer sportsfeeds beside sportsfeeds.secret.<base64url>");
        assertThat(Subprotocols.accepted(List.of("sportsfeeds.secret.c2VjcmV0", "chat", "sportsfeeds")))
                .hasValue("sportsfeeds");
    }
}
