package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Host headers name this machine, for a server without authentication. */
class LoopbackHostsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "LOCALHOST:7070",
                "app.localhost:7070",
                "127.0.0.1",
                "127.0.0.1:7070",
                "127.1.2.3:80",
                "[::1]",
                "[::1]:7070"
            })
    void takesTheNamesAndAddressesOfThisMachine(String host) {
        assertThat(LoopbackHosts.namesThisMachine(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rebinding.example",
                "rebinding.example:7070",
                "localhost.example",
                "127.0.0.1.example",
                "10.0.0.1:7070",
                "[::2]:7070",
                "[::1",
                ""
            })
    void refusesAnyOtherName_whateverItResolvesTo(String host) {
        assertThat(LoopbackHosts.namesThisMachine(host)).isFalse();
    }
}
