package io.sportsfeeds.app.lambda;

import java.text.MessageFormat;
import java.time.Clock;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Makes every {@link System.Logger} in the function (the core's, the adapters', the api module's)
 * write {@link JsonLog} lines to standard output, so a function's log group holds JSON only, each
 * line with the request id. Registered as a service in {@code META-INF/services}; the JDK finds it
 * on the first {@code System.getLogger}. DEBUG and TRACE are dropped.
 */
public final class JsonLoggerFinder extends System.LoggerFinder {
    private final JsonLog log = new JsonLog(JsonLog.STANDARD_OUT, Clock.systemUTC());

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Logger(name, log);
    }

    private record Logger(String name, JsonLog log) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.INFO.getSeverity() && level != Level.OFF;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (isLoggable(level)) {
                log.write(name(level), name, message == null ? "" : message, Map.of(), thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                String message = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
                log.write(name(level), name, message == null ? "" : message, Map.of(), null);
            }
        }

        @Override
        public void log(Level level, Supplier<String> message) {
            if (isLoggable(level)) {
                log.write(name(level), name, message.get(), Map.of(), null);
            }
        }

        private static String name(Level level) {
            return level == Level.WARNING ? "WARN" : level.getName();
        }
    }
}
