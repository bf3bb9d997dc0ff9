package io.sportsfeeds.core.contract;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.port.PublishedSeqs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PublishedSeqs} does. An adapter's test extends this and supplies the record. */
public abstract class PublishedSeqsContract {
    private PublishedSeqs seqs;

    protected abstract PublishedSeqs newSeqs();

    @BeforeEach
    void createSeqs() {
        seqs = newSeqs();
    }

    @Test
    void answersEmpty_forAGameNeverPublished() {
        assertThat(seqs.lastPublished(uniqueGameId())).isEmpty();
    }

    @Test
    void remembersTheHighestSeq_andNeverMovesBack() {
        String game = uniqueGameId();
        String other = uniqueGameId();

        seqs.advance(game, 5);
        seqs.advance(game, 3);
        seqs.advance(game, 5);
        seqs.advance(other, 1);

        assertThat(seqs.lastPublished(game)).isEqualTo(OptionalLong.of(5));
        assertThat(seqs.lastPublished(other)).isEqualTo(OptionalLong.of(1));
    }

    /** More games than one DynamoDB BatchGetItem takes (100), some published, one asked twice. */
    @Test
    void answersSeveralGamesAtOnce_asItAnswersEachAlone() {
        List<String> games =
                IntStream.range(0, 230).mapToObj(i -> uniqueGameId()).toList();
        for (int i = 0; i < games.size(); i += 7) {
            seqs.advance(games.get(i), i);
        }
        List<String> asked = new ArrayList<>(games);
        asked.add(games.get(7));

        Map<String, OptionalLong> together = seqs.lastPublished(asked);

        Map<String, OptionalLong> alone = new LinkedHashMap<>();
        games.forEach(game -> alone.put(game, seqs.lastPublished(game)));
        assertThat(together).isEqualTo(alone);
        assertThat(together.get(games.get(14))).isEqualTo(OptionalLong.of(14));
        assertThat(together.get(games.get(1))).isEmpty();
        assertThat(seqs.lastPublished(List.of())).isEmpty();
    }

    @Test
    void advancesSeveralGamesAtOnce_andNeverMovesAnyBack() {
        String ahead = uniqueGameId();
        String behind = uniqueGameId();
        String fresh = uniqueGameId();
        seqs.advance(ahead, 9);
        seqs.advance(behind, 2);

        seqs.advance(Map.of(ahead, 4L, behind, 6L, fresh, 1L));
        seqs.advance(Map.of());

        assertThat(seqs.lastPublished(List.of(ahead, behind, fresh)))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(ahead, OptionalLong.of(9), behind, OptionalLong.of(6), fresh, OptionalLong.of(1)));
    }
}
