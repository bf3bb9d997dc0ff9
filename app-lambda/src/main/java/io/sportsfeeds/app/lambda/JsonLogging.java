package io.sportsfeeds.app.lambda;

import java.time.Clock;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Makes every {@link System.Logger} in the function (the core's, the api module's, the adapters')
 * write {@link JsonLog} lines to standard output, each with the running invocation's request id:
 * the JDK's default {@code System.Logger} writes through {@code java.util.logging}, whose root
 * handler this replaces. (A {@code System.LoggerFinder} service would not do: the JDK looks for it
 * with the system class loader, and Lambda loads the function's jar with a class loader of its
 * own.) DEBUG and TRACE ({@code FINE} and below) are dropped.
 */
final class JsonLogging {
    private JsonLogging() {}

    /** Installs the JSON handler on the root logger, once; later calls change nothing. */
    static synchronized void install() {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof JsonHandler) {
                return;
            }
        }
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new JsonHandler(new JsonLog(JsonLog.STANDARD_OUT, Clock.systemUTC())));
        root.setLevel(Level.INFO);
    }

    private static final class JsonHandler extends Handler {
        private final JsonLog log;
        private final Formatter messages = new Formatter() {
            @Override
            public String format(LogRecord record) {
                return formatMessage(record);
            }
        };

        JsonHandler(JsonLog log) {
            this.log = log;
            setLevel(Level.INFO);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String message = messages.format(record);
            log.write(
                    level(record.getLevel()),
                    record.getLoggerName() == null ? "" : record.getLoggerName(),
                    message == null ? "" : message,
                    Map.of(),
                    record.getThrown());
        }

        private static String level(Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            return level.intValue() >= Level.WARNING.intValue() ? "WARN" : "INFO";
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
