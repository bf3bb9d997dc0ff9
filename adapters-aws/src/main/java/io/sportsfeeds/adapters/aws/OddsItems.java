package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.n;
import static io.sportsfeeds.adapters.aws.Attributes.s;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The odds history item ({@code package-info.java}) and the latest item, which holds the same
 * attributes as the history item it copies except the two that would put it in the identity
 * index ({@code IDENTITY}, {@code CLAIM}).
 */
final class OddsItems {
    private OddsItems() {}

    static Map<String, AttributeValue> history(
            OddsUpdate update, long seq, long createdMillis, long expireSeconds, String claim) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Layout.PK, s(update.gameId()));
        item.put(Layout.SK, s(Layout.oddsKey(seq)));
        item.put(Layout.SEQ, n(seq));
        item.put(Layout.MARKET, s(update.market()));
        item.put(Layout.HOME, n(update.home()));
        item.put(Layout.AWAY, n(update.away()));
        item.put(Layout.HOMEODDS, n(update.homeOdds()));
        item.put(Layout.AWAYODDS, n(update.awayOdds()));
        item.put(Layout.DATE, n(update.date()));
        item.put(Layout.DATEMS, n(update.dateMillis()));
        item.put(Layout.ISOPEN, AttributeValue.fromBool(update.isOpen()));
        Attributes.putIfPresent(item, Layout.SUMMARY, update.summary());
        Attributes.putIfPresent(item, Layout.GAMESTART, update.gameDate());
        Attributes.putIfPresent(item, Layout.PROVIDERID, update.providerId());
        item.put(Layout.IDENTITY, s(update.identity()));
        item.put(Layout.CREATED, n(createdMillis));
        item.put(Layout.EXPIRE, n(expireSeconds));
        item.put(Layout.CLAIM, s(claim));
        return item;
    }

    /** The latest item that a history item makes. */
    static Map<String, AttributeValue> latestFrom(Map<String, AttributeValue> history) {
        Map<String, AttributeValue> item = new HashMap<>(history);
        item.put(Layout.SK, s(Layout.latestKey(Attributes.string(history, Layout.MARKET))));
        item.remove(Layout.IDENTITY);
        item.remove(Layout.CLAIM);
        return item;
    }

    /** A history or latest item as the change it stores. */
    static CapturedChange change(Map<String, AttributeValue> item) {
        try {
            OddsUpdate update = new OddsUpdate(
                    Attributes.string(item, Layout.PK),
                    Attributes.string(item, Layout.MARKET),
                    Attributes.doubleValue(item, Layout.HOME),
                    Attributes.doubleValue(item, Layout.AWAY),
                    Attributes.doubleValue(item, Layout.HOMEODDS),
                    Attributes.doubleValue(item, Layout.AWAYODDS),
                    Attributes.longValue(item, Layout.DATE),
                    Attributes.bool(item, Layout.ISOPEN),
                    Attributes.optionalString(item, Layout.SUMMARY),
                    Attributes.optionalString(item, Layout.GAMESTART),
                    Attributes.optionalString(item, Layout.PROVIDERID));
            return new CapturedChange(seq(item), Instant.ofEpochMilli(created(item)), update);
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new StoreUnavailableException(
                    "item " + Attributes.keyOf(item) + " is not an odds update the store wrote: " + e.getMessage(), e);
        }
    }

    static long seq(Map<String, AttributeValue> item) {
        return Attributes.longValue(item, Layout.SEQ);
    }

    static long created(Map<String, AttributeValue> item) {
        return Attributes.longValue(item, Layout.CREATED);
    }

    static long dateMillis(Map<String, AttributeValue> item) {
        return Attributes.longValue(item, Layout.DATEMS);
    }

    /** The seq in a history item's sort key (an identity-index entry holds only keys and the claim). */
    static long seqOfKey(Map<String, AttributeValue> item) {
        String sortKey = Attributes.string(item, Layout.SK);
        try {
            return Long.parseLong(sortKey.substring(Layout.ODDS_PREFIX.length()));
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(
                    "item " + Attributes.keyOf(item) + " is in the identity index but is no history item", e);
        }
    }

    /** Whether {@code a} replaces {@code b} as its market's latest: a newer provider date, or the same and a higher seq. */
    static boolean isNewer(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        long dateA = dateMillis(a);
        long dateB = dateMillis(b);
        return dateA > dateB || (dateA == dateB && seq(a) > seq(b));
    }
}
