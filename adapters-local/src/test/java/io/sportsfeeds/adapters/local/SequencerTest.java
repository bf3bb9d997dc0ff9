package io.sportsfeeds.adapters.local;

import static io.sportsfeeds.core.fakes.Updates.update;
import static io.sportsfeeds.core.fakes.Updates.withProviderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sequencer alone: plain inputs (updates, and what the caller read from disk: heads, latest
 * odds, stored seqs), plain outputs (outcomes, rows, changes).
 */
class SequencerTest {
    private static final long DATE = 1_764_617_400L;
    private static final Instant NOW = Instant.parse("2026-12-01T19:31:00Z");
    private static final Retention RETENTION = new Retention(java.time.Duration.ofDays(30));

    private final Sequencer sequencer = new Sequencer(100);
    /** What the head rows on disk hold; a game not here has none. */
    private final Map<String, Codec.Head> headsOnDisk = new HashMap<>();
    /** What the latest rows on disk hold, by "game/market"; a market not here has none. */
    private final Map<String, Sequencer.LatestMark> latestOnDisk = new HashMap<>();

    @Test
    void storesEachUpdateUnderTheNextSeqOfItsGame_withItsOddsLatestDedupeAndHeadRows() {
        OddsUpdate spread = update("g1", "spread", -110, DATE);
        OddsUpdate total = update("g1", "total", 200, DATE + 1);
        OddsUpdate other = update("g2", "spread", -105, DATE);
        headsOnDisk.put("g1", new Codec.Head(4, NOW.minusSeconds(1)));
        Sequencer.Group group = new Sequencer.Group();

        List<AppendOutcome> outcomes = sequencer.sequence(group, read(spread, total, other), new long[3], NOW);

        assertThat(outcomes)
                .containsExactly(
                        new AppendOutcome("g1", 5, false),
                        new AppendOutcome("g1", 6, false),
                        new AppendOutcome("g2", 1, false));
        assertThat(group.changes())
                .containsExactly(
                        new CapturedChange(5, NOW, spread),
                        new CapturedChange(6, NOW, total),
                        new CapturedChange(1, NOW, other));
        Map<String, byte[]> rows = rows(group);
        assertThat(rows.keySet())
                .containsExactly(
                        "g1\0dedupe#" + spread.identity(),
                        "g1\0dedupe#" + total.identity(),
                        "g1\0head",
                        "g1\0latest#spread",
                        "g1\0latest#total",
                        "g1\0odds#00000000000000000005",
                        "g1\0odds#00000000000000000006",
                        "g2\0dedupe#" + other.identity(),
                        "g2\0head",
                        "g2\0latest#spread",
                        "g2\0odds#00000000000000000001");
        assertThat(Codec.readChange(rows.get("g1\0odds#00000000000000000006")))
                .isEqualTo(new CapturedChange(6, NOW, total));
        assertThat(Codec.readChange(rows.get("g1\0latest#spread"))).isEqualTo(new CapturedChange(5, NOW, spread));
        assertThat(Codec.readSeq(rows.get("g1\0dedupe#" + total.identity()))).isEqualTo(6);
        assertThat(Codec.readHead(rows.get("g1\0head"))).isEqualTo(new Codec.Head(6, NOW));
    }

    @Test
    void asksForTheHeadsAndLatestOddsItDoesNotHold_onceEach() {
        read(update("known", "spread", -110, DATE));

        Sequencer.Reads reads = sequencer.reads(prepare(
                update("known", "spread", -111, DATE),
                update("known", "total", 1, DATE),
                update("new-1", "spread", -110, DATE),
                update("new-1", "spread", -112, DATE),
                update("new-2", "x", 1, DATE)));

        assertThat(reads.games()).containsExactly("new-1", "new-2");
        assertThat(reads.markets())
                .containsExactly(
                        new Sequencer.Market("known", "total"),
                        new Sequencer.Market("new-1", "spread"),
                        new Sequencer.Market("new-2", "x"));
        assertThat(sequencer.reads(prepare(update("known", "spread", -113, DATE))))
                .isEqualTo(Sequencer.Reads.NONE);
    }

    @Test
    void replacesTheLatestOdds_onlyWithAnUpdateNotOlderByTheProvidersDate() {
        long latestDate = DATE + 10;
        headsOnDisk.put("g1", new Codec.Head(3, NOW));
        latestOnDisk.put("g1/spread", new Sequencer.LatestMark(latestDate * 1000, 3));
        OddsUpdate late = update("g1", "spread", -101, DATE + 5);
        OddsUpdate sameDate = update("g1", "spread", -102, latestDate);
        OddsUpdate lateAgain = update("g1", "spread", -103, DATE + 7);
        OddsUpdate newMarket = update("g1", "total", 200, DATE);
        Sequencer.Group group = new Sequencer.Group();

        List<AppendOutcome> outcomes =
                sequencer.sequence(group, read(late, sameDate, lateAgain, newMarket), new long[4], NOW);

        // All are stored in the history; of the spreads, only the one as new as the latest (a tie, won by the higher
        // seq) replaces it.
        assertThat(outcomes).extracting(AppendOutcome::seq).containsExactly(4L, 5L, 6L, 7L);
        Map<String, byte[]> rows = rows(group);
        assertThat(rows).containsKeys("g1\0odds#00000000000000000004", "g1\0odds#00000000000000000006");
        assertThat(Codec.readChange(rows.get("g1\0latest#spread"))).isEqualTo(new CapturedChange(5, NOW, sameDate));
        assertThat(Codec.readChange(rows.get("g1\0latest#total"))).isEqualTo(new CapturedChange(7, NOW, newMarket));
    }

    @Test
    void writesNoLatestRow_whenEveryUpdateOfTheMarketIsOlderThanItsLatest() {
        latestOnDisk.put("g1/spread", new Sequencer.LatestMark((DATE + 60) * 1000, 1));
        headsOnDisk.put("g1", new Codec.Head(1, NOW));
        Sequencer.Group group = new Sequencer.Group();

        sequencer.sequence(group, read(update("g1", "spread", -110, DATE)), new long[1], NOW);

        assertThat(rows(group))
                .containsOnlyKeys(
                        "g1\0dedupe#" + update("g1", "spread", -110, DATE).identity(),
                        "g1\0head",
                        "g1\0odds#00000000000000000002");
    }

    @Test
    void comparesDatesAsInstants_whetherSentInSecondsOrMilliseconds() {
        headsOnDisk.put("g1", new Codec.Head(1, NOW));
        latestOnDisk.put("g1/spread", new Sequencer.LatestMark((DATE + 1) * 1000, 1));
        OddsUpdate inMillis = update("g1", "spread", -110, DATE * 1000 + 999);
        Sequencer.Group group = new Sequencer.Group();

        sequencer.sequence(group, read(inMillis), new long[1], NOW);

        assertThat(rows(group)).doesNotContainKey("g1\0latest#spread");
    }

    @Test
    void reportsTheStoredSeq_whenTheIdentityIsOnDisk() {
        headsOnDisk.put("g1", new Codec.Head(9, NOW));
        Sequencer.Group group = new Sequencer.Group();

        List<AppendOutcome> outcomes = sequencer.sequence(
                group,
                read(update("g1", "spread", -110, DATE), update("g1", "spread", -111, DATE)),
                new long[] {3, 0},
                NOW);

        assertThat(outcomes).containsExactly(new AppendOutcome("g1", 3, true), new AppendOutcome("g1", 10, false));
        assertThat(group.changes()).extracting(CapturedChange::seq).containsExactly(10L);
    }

    @Test
    void reportsADuplicate_whenItsOriginalIsInAGroupNotYetDurable_andRelyOnDiskOnceItIs() {
        OddsUpdate original = withProviderId("g1", "spread", -110, DATE, "p-1");
        Sequencer.Group writing = new Sequencer.Group();
        sequencer.sequence(writing, read(original), new long[1], NOW);

        Sequencer.Group next = new Sequencer.Group();
        List<AppendOutcome> again = sequencer.sequence(next, read(original, original), new long[2], NOW);
        assertThat(again).containsExactly(new AppendOutcome("g1", 1, true), new AppendOutcome("g1", 1, true));
        assertThat(next.isEmpty()).isTrue();

        sequencer.committed(writing);
        // Durable now: the caller's lookup on disk answers, the sequencer no longer does.
        assertThat(sequencer.sequence(new Sequencer.Group(), read(original), new long[1], NOW))
                .containsExactly(new AppendOutcome("g1", 2, false));
    }

    @Test
    void reportsADuplicate_whenTheSameUpdateComesTwiceInOneAppend() {
        OddsUpdate update = update("g1", "spread", -110, DATE);

        assertThat(sequencer.sequence(new Sequencer.Group(), read(update, update), new long[2], NOW))
                .containsExactly(new AppendOutcome("g1", 1, false), new AppendOutcome("g1", 1, true));
    }

    @Test
    void keepsTheStoreTimeOfTheHead_whenTheClockIsBehindIt() {
        Instant head = NOW.plusSeconds(60);
        headsOnDisk.put("g1", new Codec.Head(1, head));
        Sequencer.Group group = new Sequencer.Group();

        sequencer.sequence(group, read(update("g1", "spread", -110, DATE)), new long[1], NOW);

        assertThat(group.changes())
                .singleElement()
                .extracting(CapturedChange::storedAt)
                .isEqualTo(head);
    }

    @Test
    void forgetsHeadsLatestOddsAndIdentitiesInFlight_whenAWriteFailed_soAllAreReadFromDiskAgain() {
        OddsUpdate first = update("g1", "spread", -110, DATE);
        OddsUpdate second = update("g1", "spread", -111, DATE + 1);
        headsOnDisk.put("g1", new Codec.Head(2, NOW));
        sequencer.sequence(new Sequencer.Group(), read(first), new long[1], NOW);
        sequencer.sequence(new Sequencer.Group(), read(second), new long[1], NOW);

        sequencer.forgetAll();

        assertThat(sequencer.reads(prepare(first, second)))
                .isEqualTo(new Sequencer.Reads(List.of("g1"), List.of(new Sequencer.Market("g1", "spread"))));
        // The disk tells: the failed write stored the first (seq 3), not the second.
        headsOnDisk.put("g1", new Codec.Head(3, NOW));
        latestOnDisk.put("g1/spread", new Sequencer.LatestMark(DATE * 1000, 3));
        assertThat(sequencer.sequence(new Sequencer.Group(), read(first, second), new long[] {3, 0}, NOW))
                .containsExactly(new AppendOutcome("g1", 3, true), new AppendOutcome("g1", 4, false));
    }

    @Test
    void readsAHeadAgain_whenItsGameWasTheLeastRecentlyUsedBeyondTheBound() {
        Sequencer bounded = new Sequencer(2);
        for (String game : List.of("g1", "g2", "g3")) {
            Sequencer.Group group = new Sequencer.Group();
            bounded.sequence(group, read(bounded, update(game, "spread", -110, DATE)), new long[1], NOW);
            bounded.committed(group);
        }

        assertThat(bounded.gamesHeld()).isEqualTo(2);
        assertThat(bounded.reads(prepare(
                        update("g1", "spread", -111, DATE),
                        update("g2", "spread", -111, DATE),
                        update("g3", "spread", -111, DATE))))
                .isEqualTo(new Sequencer.Reads(List.of("g1"), List.of(new Sequencer.Market("g1", "spread"))));
    }

    @Test
    void keepsTheHeadsOfGroupsNotYetDurable_beyondTheBound() {
        Sequencer bounded = new Sequencer(1);
        headsOnDisk.put("g1", new Codec.Head(5, NOW));
        Sequencer.Group writing = new Sequencer.Group();
        bounded.sequence(writing, read(bounded, update("g1", "spread", -110, DATE)), new long[1], NOW);
        Sequencer.Group next = new Sequencer.Group();
        bounded.sequence(next, read(bounded, update("g2", "spread", -110, DATE)), new long[1], NOW);

        // Seq 6 of g1 is not on disk yet: dropping g1 would hand it out again.
        assertThat(bounded.gamesHeld()).isEqualTo(2);
        assertThat(bounded.reads(prepare(update("g1", "spread", -111, DATE)))).isEqualTo(Sequencer.Reads.NONE);
        assertThat(bounded.sequence(next, prepare(update("g1", "spread", -111, DATE)), new long[1], NOW))
                .containsExactly(new AppendOutcome("g1", 7, false));

        bounded.committed(writing);
        assertThat(bounded.gamesHeld()).isEqualTo(2);
        bounded.committed(next);
        assertThat(bounded.gamesHeld()).isEqualTo(1);
    }

    @Test
    void refusesToSequence_whatWasNotReadFirst() {
        assertThatThrownBy(() -> sequencer.sequence(
                        new Sequencer.Group(), prepare(update("g1", "spread", -110, DATE)), new long[1], NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the head of game g1 was not loaded before sequencing");
        sequencer.loadHead("g1", Codec.Head.EMPTY);
        assertThatThrownBy(() -> sequencer.sequence(
                        new Sequencer.Group(), prepare(update("g1", "spread", -110, DATE)), new long[1], NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the latest odds of game g1 market spread were not loaded before sequencing");
    }

    /** Prepares the updates and does for {@link #sequencer} what the writer does: reads what it asks for from "disk" and loads it. */
    private List<PreparedUpdate> read(OddsUpdate... updates) {
        return read(sequencer, updates);
    }

    private List<PreparedUpdate> read(Sequencer into, OddsUpdate... updates) {
        List<PreparedUpdate> prepared = prepare(updates);
        Sequencer.Reads reads = into.reads(prepared);
        reads.games().forEach(game -> into.loadHead(game, headsOnDisk.getOrDefault(game, Codec.Head.EMPTY)));
        reads.markets()
                .forEach(m -> into.loadLatest(
                        m.game(),
                        m.market(),
                        latestOnDisk.getOrDefault(m.game() + "/" + m.market(), Sequencer.LatestMark.NONE)));
        return prepared;
    }

    private static List<PreparedUpdate> prepare(OddsUpdate... updates) {
        return Arrays.stream(updates)
                .map(update -> PreparedUpdate.of(update, RETENTION))
                .toList();
    }

    /** The group's rows as written, key text to value, in key order. */
    private static Map<String, byte[]> rows(Sequencer.Group group) {
        Map<String, byte[]> rows = new LinkedHashMap<>();
        for (Sequencer.Row row : group.rows()) {
            rows.put(new String(row.key(), StandardCharsets.US_ASCII), row.value());
        }
        return rows;
    }
}
