package io.sportsfeeds.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The key layout is shared with the DynamoDB store's design: it must not drift. */
class KeysTest {

    @Test
    void encodesPartitionAndSortKey_separatedByAZeroByte() {
        assertThat(text(Keys.odds("game-1", 7))).isEqualTo("game-1\0odds#00000000000000000007");
        assertThat(text(Keys.latest("game-1", "spread"))).isEqualTo("game-1\0latest#spread");
        assertThat(text(Keys.dedupe("game-1", "id:prov-9"))).isEqualTo("game-1\0dedupe#id:prov-9");
        assertThat(text(Keys.head("game-1"))).isEqualTo("game-1\0head");
        assertThat(text(Keys.retained("game-1"))).isEqualTo("game-1\0retained");
        assertThat(text(Keys.probe())).isEqualTo("\0probe");
        assertThat(text(Keys.game("game-1"))).isEqualTo("game-1\0game");
        assertThat(text(Keys.client("client-001"))).isEqualTo("client-001\0client");
        assertThat(text(Keys.gameByDate(1_764_617_400L, "game-1"))).isEqualTo("games" + "\0" + "001764617400#game-1");
        assertThat(text(Keys.clientById("client-001"))).isEqualTo("clients\0client-001");
    }

    @Test
    void ordersHistoryBySeq_andKeepsOneGamesRowsTogether() {
        assertThat(java.util.Arrays.compareUnsigned(Keys.odds("g", 9), Keys.odds("g", 10)))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(Keys.odds("g", Long.MAX_VALUE), Keys.odds("g.", 1)))
                .isNegative();
        assertThat(Keys.hasPrefix(Keys.odds("g", 3), Keys.oddsPrefix("g"))).isTrue();
        assertThat(Keys.hasPrefix(Keys.odds("g2", 3), Keys.oddsPrefix("g"))).isFalse();
    }

    @Test
    void boundsAPartition_betweenItsFirstKeyAndTheNextPartitionsFirst() {
        byte[] after = Keys.afterPartition("g");
        assertThat(java.util.Arrays.compareUnsigned(Keys.partitionStart("g"), Keys.odds("g", 1)))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(Keys.retained("g"), after)).isNegative();
        assertThat(java.util.Arrays.compareUnsigned(after, Keys.partitionStart("g-")))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(after, Keys.partitionStart("g.")))
                .isNegative();
        assertThat(Keys.partition(Keys.odds("game-1", 7))).isEqualTo("game-1");
        assertThat(Keys.partition(Keys.probe())).isEmpty();
    }

    @Test
    void refusesIdsThatCouldAliasAnotherKey() {
        assertThat(Keys.isId("game-1.a_b:c@d")).isTrue();
        assertThat(Keys.isId("game\0odds#")).isFalse();
        assertThat(Keys.isId("")).isFalse();
        assertThat(Keys.isId(null)).isFalse();
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.US_ASCII);
    }
}
