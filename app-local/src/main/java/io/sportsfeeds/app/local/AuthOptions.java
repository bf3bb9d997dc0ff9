package io.sportsfeeds.app.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

/** The authentication options of {@code serve}; a mixin of {@link ServeOptions}. */
final class AuthOptions {
    static final String API_KEYS_VARIABLE = "SPORTSFEEDS_API_KEYS";
    static final String ADMIN_KEYS_VARIABLE = "SPORTSFEEDS_ADMIN_KEYS";

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            showDefaultValue = Help.Visibility.NEVER, // none: the text says what is used instead
            description = "A providers' key for PUT/POST /feeds (header x-api-key); repeat for several. Else from $"
                    + API_KEYS_VARIABLE + " (comma-separated), else one made on the first start and printed once.")
    List<String> apiKeys = new ArrayList<>();

    @Option(
            names = "--admin-key",
            paramLabel = "KEY",
            showDefaultValue = Help.Visibility.NEVER, // none: the text says what is used instead
            description = "An admins' key for /games and /clients (header x-api-key); repeat for several. Else from $"
                    + ADMIN_KEYS_VARIABLE + ", else one made on the first start and printed once.")
    List<String> adminKeys = new ArrayList<>();

    @Option(
            names = "--no-auth",
            description =
                    "No authentication at all, as the original sample; refused unless --host is a loopback address.")
    boolean noAuth;

    /** The settings these options give, the environment filling in keys no option gave. */
    AuthSettings settings(Map<String, String> environment) {
        if (noAuth) {
            return AuthSettings.off();
        }
        return AuthSettings.keys(
                orFrom(apiKeys, environment.get(API_KEYS_VARIABLE)),
                orFrom(adminKeys, environment.get(ADMIN_KEYS_VARIABLE)));
    }

    private static List<String> orFrom(List<String> given, String variable) {
        if (!given.isEmpty() || variable == null) {
            return given;
        }
        return Arrays.stream(variable.split(","))
                .map(String::strip)
                .filter(key -> !key.isEmpty())
                .toList();
    }
}
