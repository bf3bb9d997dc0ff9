package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.LimitExceededException;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.LogCapture;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.usecase.ConnectionRefusedException;
import io.sportsfeeds.core.usecase.ConnectionRefusedException.Reason;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void mapsInvalidInput_to400NamingEveryField() {
        InvalidInputException invalid = new InvalidInputException(List.of(
                new FieldError("odds[0].home", "must be a finite number, was NaN"),
                new FieldError("odds[0].date", "is required")));

        assertThat(ApiError.of(invalid))
                .isEqualTo(new ApiError(
                        400,
                        "invalid_request",
                        "odds[0].home must be a finite number, was NaN; odds[0].date is required",
                        invalid.errors()));
    }

    @Test
    void mapsALimitExceeded_to413NamingTheField() {
        assertThat(ApiError.of(new LimitExceededException("odds", 1000, 1001)))
                .isEqualTo(new ApiError(
                        413,
                        "too_large",
                        "odds must be at most 1000 items, was 1001",
                        List.of(new FieldError("odds", "must be at most 1000 items, was 1001"))));
    }

    @Test
    void mapsAnUnavailableStore_to503SayingRetryingIsSafe_withoutTheStoresDetails() {
        assertThat(ApiError.of(new StoreUnavailableException("cannot commit 2 updates: No space left on device")))
                .isEqualTo(new ApiError(
                        503,
                        "store_unavailable",
                        "the store is unavailable; the request was not acknowledged and retrying it is safe",
                        List.of()));
    }

    @Test
    void mapsARefusedConnection_to400Or403ByReason() {
        assertThat(ApiError.of(new ConnectionRefusedException(
                        Reason.MISSING_CLIENT, "the query parameter client is required")))
                .isEqualTo(new ApiError(
                        400,
                        "missing_client",
                        "the query parameter client is required",
                        List.of(new FieldError("client", "is required"))));
        assertThat(ApiError.of(new ConnectionRefusedException(Reason.UNKNOWN_CLIENT, "client c-9 is not registered")))
                .isEqualTo(new ApiError(403, "unknown_client", "client c-9 is not registered", List.of()));
        assertThat(ApiError.of(new ConnectionRefusedException(Reason.INACTIVE_CLIENT, "client c-2 is not active")))
                .isEqualTo(new ApiError(403, "inactive_client", "client c-2 is not active", List.of()));
    }

    @Test
    void mapsAnythingElse_to500WithoutItsDetails() {
        ApiError error = ApiError.of(new IllegalStateException("secret internal detail"));

        assertThat(error)
                .isEqualTo(new ApiError(
                        500,
                        "internal_error",
                        "the server failed to handle the request; the failure was logged",
                        List.of()));
        assertThat(error.bodyText())
                .isEqualTo(
                        "{\"error\":\"internal_error\",\"message\":\"the server failed to handle the request; the failure was logged\"}");
    }

    /** What the edge logs, read from the JDK logger that System.Logger writes to in these tests. */
    @Nested
    class Logging {
        LogCapture log;

        final InMemoryOddsStore store = new InMemoryOddsStore(new MutableClock(Instant.ofEpochMilli(1764617460123L)));

        @BeforeEach
        void capture() {
            log = new LogCapture(ApiError.class);
        }

        @AfterEach
        void release() {
            log.close();
        }

        HttpResponse putReferenceBatch(RestApi api) {
            return api.handle(RestApiTest.request("PUT", "/feeds", Reference.bytes("provider-odds-batch.json")));
        }

        @Test
        void logsOneWarningLineWithoutStackTrace_whenTheStoreIsUnavailable() {
            store.failing(true);

            putReferenceBatch(RestApiTest.api(
                    store,
                    new InMemoryGameCatalogue(),
                    new InMemoryClientRegistry(),
                    IngestFeeds.DEFAULT_MAX_BATCH,
                    RestApi.DEFAULT_MAX_BODY_BYTES));

            assertThat(log.records()).hasSize(1);
            assertThat(log.records().get(0).getLevel()).isEqualTo(Level.WARNING);
            assertThat(log.records().get(0).getMessage())
                    .isEqualTo("store unavailable during PUT /feeds: the in-memory store was told to fail");
            assertThat(log.records().get(0).getThrown()).isNull();
        }

        @Test
        void logsTheStackTraceOnce_whenSomethingUnexpectedFails() {
            putReferenceBatch(RestApiTest.api(
                    new BrokenStore(),
                    new BrokenStore(),
                    new BrokenStore(),
                    IngestFeeds.DEFAULT_MAX_BATCH,
                    RestApi.DEFAULT_MAX_BODY_BYTES));

            assertThat(log.records()).hasSize(1);
            assertThat(log.records().get(0).getLevel()).isEqualTo(Level.SEVERE);
            assertThat(log.records().get(0).getMessage()).isEqualTo("unexpected failure during PUT /feeds");
            assertThat(log.records().get(0).getThrown())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("secret internal detail");
        }

        @Test
        void logsARefusalOfTheClientsRequest_atDebugLevelOnly() {
            RestApi api = RestApiTest.api(
                    store,
                    new InMemoryGameCatalogue(),
                    new InMemoryClientRegistry(),
                    IngestFeeds.DEFAULT_MAX_BATCH,
                    RestApi.DEFAULT_MAX_BODY_BYTES);

            api.handle(RestApiTest.request("PUT", "/feeds", new byte[0]));

            assertThat(log.records()).hasSize(1);
            assertThat(log.records().get(0).getLevel()).isEqualTo(Level.FINE);
            assertThat(log.records().get(0).getMessage())
                    .isEqualTo("refused PUT /feeds with 400 invalid_request: body is required");
            assertThat(log.records().get(0).getThrown()).isNull();
        }
    }
}
