package io.sportsfeeds.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app ({@code cdk.json} runs it): one {@link SportsfeedsStack} for the account and region
 * of the caller's AWS configuration, its settings from the context ({@link StackSettings}), its
 * code from app-lambda's shaded jar ({@code -c lambdaJar=PATH}, else {@code
 * ../app-lambda/target/app-lambda.jar}).
 */
public final class SportsfeedsApp {
    private SportsfeedsApp() {}

    public static void main(String[] args) {
        App app = new App();
        Object jarSetting = app.getNode().tryGetContext("lambdaJar");
        Path jar = Path.of(jarSetting == null ? "../app-lambda/target/app-lambda.jar" : jarSetting.toString());
        if (!Files.isRegularFile(jar)) {
            // No placeholder here: a stack deployed without the handlers' code would only fail later.
            System.err.println("no " + jar.toAbsolutePath().normalize()
                    + ": build it first with ./mvnw -pl app-lambda,infra-cdk -am package (from the repository root)");
            System.exit(2);
        }
        Object stackName = app.getNode().tryGetContext("stackName");
        new SportsfeedsStack(
                app,
                stackName == null ? "Sportsfeeds" : stackName.toString(),
                StackProps.builder()
                        .description("sportsfeeds: odds ingest and streaming")
                        .build(),
                StackSettings.fromContext(app.getNode()::tryGetContext),
                Code.fromAsset(jar.toString()));
        app.synth();
    }
}
