package io.sportsfeeds.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The synthesized template the stack's tests check, and how they name its resources. One stack for
 * all of them: synthesis takes seconds.
 */
abstract class SportsfeedsStackFixture {
    static final String ADMIN_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final StackSettings SETTINGS = new StackSettings(
            0, 1536, 20, RetentionDays.TWO_WEEKS, 7, 50, 100, 250, 4, 1800, 2, Optional.of(ADMIN_HASH));
    static final Template TEMPLATE = synthesize(SETTINGS);

    static Template synthesize(StackSettings settings) {
        App app = new App();
        SportsfeedsStack stack = new SportsfeedsStack(
                app,
                "Sportsfeeds",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region("eu-west-1")
                                .build())
                        .build(),
                settings,
                Code.fromAsset(placeholder().toString()));
        return Template.fromStack(stack);
    }

    /** The functions' code in tests: app-lambda's jar need not exist. */
    private static Path placeholder() {
        try {
            Path dir = Files.createTempDirectory("sportsfeeds-placeholder");
            Files.writeString(dir.resolve("README"), "placeholder for app-lambda.jar in infra-cdk's tests");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> ref(String type) {
        return Map.of("Ref", logicalId(type));
    }

    static Map<String, Object> ref(String type, String prefix) {
        return Map.of("Ref", logicalId(type, prefix));
    }

    /** The logical id of the only resource of {@code type}. */
    static String logicalId(String type) {
        Map<String, Map<String, Object>> found = TEMPLATE.findResources(type);
        assertThat(found).as("resources of type %s", type).hasSize(1);
        return found.keySet().iterator().next();
    }

    /** The logical id of the resource of {@code type} whose id starts with {@code prefix} (its construct's path). */
    static String logicalId(String type, String prefix) {
        List<String> ids = TEMPLATE.findResources(type).keySet().stream()
                .filter(id -> id.matches("(RestApi)?" + prefix + "[A-Z0-9].*"))
                .toList();
        assertThat(ids).as("resources of type %s named %s", type, prefix).hasSize(1);
        return ids.getFirst();
    }
}
