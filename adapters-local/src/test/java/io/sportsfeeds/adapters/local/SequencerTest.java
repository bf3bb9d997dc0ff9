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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sequencer alone: plain inputs (updates, what was read from disk), plain outputs (outcomes, rows, changes). */
class SequencerTest {
  private static final long DATE = 1_764_617_400L;
  private static final Instant NOW = Instant.parse("2026-12-01T19:31:00Z");

  private final Sequencer sequencer = new Sequencer(100);

  @Test
  void storesEachUpdateUnderTheNextSeqOfItsGame_withItsOddsLatestDedupeAndHeadRows() {
    OddsUpdate spread = update("g1", "spread", -110, DATE);
    OddsUpdate total = update("g1", "total", 200, DATE + 1);
    OddsUpdate other = update("g2", "spread", -105, DATE);
    sequencer.loadHead("g1", new Codec.Head(4, NOW.minusSeconds(1)));
    sequencer.loadHead("g2", Codec.Head.EMPTY);
    Sequencer.Group group = new Sequencer.Group();

    List<AppendOutcome> outcomes = sequencer.sequence(group, prepare(spread, total, other), new long[3], NOW);

    assertThat(outcomes)
        .containsExactly(new AppendOutcome("g1", 5, false), new AppendOutcome("g1", 6, false), new AppendOutcome("g2", 1, false));
    assertThat(group.changes())
        .containsExactly(new CapturedChange(5, NOW, spread), new CapturedChange(6, NOW, total), new CapturedChange(1, NOW, other));
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
    assertThat(Codec.readChange(rows.get("g1\0odds#00000000000000000006"))).isEqualTo(new CapturedChange(6, NOW, total));
    assertThat(Codec.readChange(rows.get("g1\0latest#spread"))).isEqualTo(new CapturedChange(5, NOW, spread));
    assertThat(Codec.readSeq(rows.get("g1\0dedupe#" + total.identity()))).isEqualTo(6);
    assertThat(Codec.readHead(rows.get("g1\0head"))).isEqualTo(new Codec.Head(6, NOW));
  }

  @Test
  void asksForTheHeadsOfUnknownGamesOnly_onceEach() {
    sequencer.loadHead("known", Codec.Head.EMPTY);

    List<String> unknown =
        sequencer.unknownGames(
            prepare(update("known", "spread", -110, DATE), update("new-1", "spread", -110, DATE), update("new-1", "total", 1, DATE), update("new-2", "x", 1, DATE)));

    assertThat(unknown).containsExactly("new-1", "new-2");
  }

  @Test
  void reportsTheStoredSeq_whenTheIdentityIsOnDisk() {
    sequencer.loadHead("g1", new Codec.Head(9, NOW));
    Sequencer.Group group = new Sequencer.Group();

    List<AppendOutcome> outcomes =
        sequencer.sequence(group, prepare(update("g1", "spread", -110, DATE), update("g1", "spread", -111, DATE)), new long[] {3, 0}, NOW);

    assertThat(outcomes).containsExactly(new AppendOutcome("g1", 3, true), new AppendOutcome("g1", 10, false));
    assertThat(group.changes()).extracting(CapturedChange::seq).containsExactly(10L);
  }

  @Test
  void reportsADuplicate_whenItsOriginalIsInAGroupNotYetDurable_andRelyOnDiskOnceItIs() {
    OddsUpdate original = withProviderId("g1", "spread", -110, DATE, "p-1");
    sequencer.loadHead("g1", Codec.Head.EMPTY);
    Sequencer.Group writing = new Sequencer.Group();
    sequencer.sequence(writing, prepare(original), new long[1], NOW);

    Sequencer.Group next = new Sequencer.Group();
    List<AppendOutcome> again = sequencer.sequence(next, prepare(original, original), new long[2], NOW);
    assertThat(again).containsExactly(new AppendOutcome("g1", 1, true), new AppendOutcome("g1", 1, true));
    assertThat(next.isEmpty()).isTrue();

    sequencer.committed(writing);
    // Durable now: the caller's lookup on disk answers, the sequencer no longer does.
    assertThat(sequencer.sequence(new Sequencer.Group(), prepare(original), new long[1], NOW))
        .containsExactly(new AppendOutcome("g1", 2, false));
  }

  @Test
  void reportsADuplicate_whenTheSameUpdateComesTwiceInOneAppend() {
    OddsUpdate update = update("g1", "spread", -110, DATE);
    sequencer.loadHead("g1", Codec.Head.EMPTY);

    assertThat(sequencer.sequence(new Sequencer.Group(), prepare(update, update), new long[2], NOW))
        .containsExactly(new AppendOutcome("g1", 1, false), new AppendOutcome("g1", 1, true));
  }

  @Test
  void keepsTheStoreTimeOfTheHead_whenTheClockIsBehindIt() {
    Instant head = NOW.plusSeconds(60);
    sequencer.loadHead("g1", new Codec.Head(1, head));
    Sequencer.Group group = new Sequencer.Group();

    sequencer.sequence(group, prepare(update("g1", "spread", -110, DATE)), new long[1], NOW);

    assertThat(group.changes()).singleElement().extracting(CapturedChange::storedAt).isEqualTo(head);
  }

  @Test
  void forgetsHeadsAndIdentitiesInFlight_whenAWriteFailed_soBothAreReadFromDiskAgain() {
    OddsUpdate first = update("g1", "spread", -110, DATE);
    OddsUpdate second = update("g1", "spread", -111, DATE + 1);
    sequencer.loadHead("g1", new Codec.Head(2, NOW));
    sequencer.sequence(new Sequencer.Group(), prepare(first), new long[1], NOW);
    sequencer.sequence(new Sequencer.Group(), prepare(second), new long[1], NOW);

    sequencer.forgetAll();

    assertThat(sequencer.unknownGames(prepare(first, second))).containsExactly("g1");
    // The disk tells: the failed write stored the first (seq 3), not the second.
    sequencer.loadHead("g1", new Codec.Head(3, NOW));
    assertThat(sequencer.sequence(new Sequencer.Group(), prepare(first, second), new long[] {3, 0}, NOW))
        .containsExactly(new AppendOutcome("g1", 3, true), new AppendOutcome("g1", 4, false));
  }

  @Test
  void readsAHeadAgain_whenItsGameWasTheLeastRecentlyUsedBeyondTheBound() {
    Sequencer bounded = new Sequencer(2);
    for (String game : List.of("g1", "g2", "g3")) {
      bounded.loadHead(game, Codec.Head.EMPTY);
      Sequencer.Group group = new Sequencer.Group();
      bounded.sequence(group, prepare(update(game, "spread", -110, DATE)), new long[1], NOW);
      bounded.committed(group);
    }

    assertThat(bounded.gamesHeld()).isEqualTo(2);
    assertThat(bounded.unknownGames(prepare(update("g1", "spread", -111, DATE), update("g2", "spread", -111, DATE), update("g3", "spread", -111, DATE))))
        .containsExactly("g1");
  }

  @Test
  void keepsTheHeadsOfGroupsNotYetDurable_beyondTheBound() {
    Sequencer bounded = new Sequencer(1);
    bounded.loadHead("g1", new Codec.Head(5, NOW));
    Sequencer.Group writing = new Sequencer.Group();
    bounded.sequence(writing, prepare(update("g1", "spread", -110, DATE)), new long[1], NOW);
    bounded.loadHead("g2", Codec.Head.EMPTY);
    Sequencer.Group next = new Sequencer.Group();
    bounded.sequence(next, prepare(update("g2", "spread", -110, DATE)), new long[1], NOW);

    // Seq 6 of g1 is not on disk yet: dropping g1 would hand it out again.
    assertThat(bounded.gamesHeld()).isEqualTo(2);
    assertThat(bounded.unknownGames(prepare(update("g1", "spread", -111, DATE)))).isEmpty();
    assertThat(bounded.sequence(next, prepare(update("g1", "spread", -111, DATE)), new long[1], NOW))
        .containsExactly(new AppendOutcome("g1", 7, false));

    bounded.committed(writing);
    assertThat(bounded.gamesHeld()).isEqualTo(2);
    bounded.committed(next);
    assertThat(bounded.gamesHeld()).isEqualTo(1);
  }

  @Test
  void refusesToSequence_whenTheHeadOfTheGameWasNotLoaded() {
    assertThatThrownBy(() -> sequencer.sequence(new Sequencer.Group(), prepare(update("g1", "spread", -110, DATE)), new long[1], NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the head of game g1 was not loaded before sequencing");
  }

  private static List<PreparedUpdate> prepare(OddsUpdate... updates) {
    return java.util.Arrays.stream(updates).map(PreparedUpdate::of).toList();
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
