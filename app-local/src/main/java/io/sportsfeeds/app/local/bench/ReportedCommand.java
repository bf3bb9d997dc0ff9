package io.sportsfeeds.app.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line a bench writes into its JSON and HTML reports, which are made to be shared:
 * keys and secrets (the values of {@code --api-key}, {@code --admin-key}, {@code --client-secret},
 * a URL's {@code secret=} and its user part) are written as {@code ...}.
 */
final class ReportedCommand {
    private static final Set<String> SECRET_OPTIONS = Set.of("--api-key", "--admin-key", "--client-secret");
    private static final String HIDDEN = "...";

    private ReportedCommand() {}

    /** {@code java -jar app-local.jar} and {@code args}, keys and secrets hidden. */
    static String of(List<String> args) {
        List<String> shown = new ArrayList<>(args.size() + 3);
        shown.addAll(List.of("java", "-jar", "app-local.jar"));
        boolean valueIsSecret = false;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (valueIsSecret) {
                shown.add(HIDDEN);
            } else if (arg.startsWith("--") && equals > 0 && SECRET_OPTIONS.contains(arg.substring(0, equals))) {
                shown.add(arg.substring(0, equals + 1) + HIDDEN);
            } else {
                shown.add(arg.replaceAll("(?i)([?&]secret=)[^&#\\s]*", "$1" + HIDDEN)
                        .replaceAll("(?i)^([a-z][a-z0-9+.-]*://)[^/@\\s]+@", "$1" + HIDDEN + "@"));
            }
            valueIsSecret = !valueIsSecret && SECRET_OPTIONS.contains(arg);
        }
        return String.join(" ", shown);
    }
}
