package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.Receiver;
import java.util.List;

/** Reads receivers in tests. */
public final class Receivers {
    private Receivers() {}

    /** The connection ids of receivers, in their order. */
    public static List<String> ids(List<Receiver> receivers) {
        return receivers.stream().map(Receiver::connectionId).toList();
    }
}
