package io.sportsfeeds.core.contract;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.port.PublishedSeqs;
import java.util.OptionalLong;
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
}
