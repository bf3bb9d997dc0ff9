package io.sportsfeeds.app.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Registers the sample games and clients through a running server's REST API (PUT /games, PUT /clients).")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--url", description = "Base URL of the running server.")
    URI url = URI.create("http://127.0.0.1:7070");

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description =
                    "The server's admin key (sent as header x-api-key); leave it out for a server under --no-auth.")
    String apiKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RestClient client = RestClient.ofUrlOption(spec, url, apiKey);
        Samples samples = Samples.load();
        try {
            if (!put(client, "/games", samples.games(), out, err)
                    || !put(client, "/clients", samples.clients(), out, err)) {
                return 1;
            }
            return 0;
        } catch (ConnectException refused) {
            err.println("cannot reach " + client.baseUrl() + " (" + refused + "); is `serve` running there?");
            return 1;
        } catch (IOException failed) {
            err.println("talking to " + client.baseUrl() + " failed: " + failed);
            return 1;
        }
    }

    private static boolean put(RestClient client, String path, Object document, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        RestClient.Answer answer = client.send("PUT", path, document);
        if (!answer.ok()) {
            err.println("PUT " + path + " answered " + answer.status() + ": " + answer.body());
            return false;
        }
        out.println("PUT " + path + ": stored " + answer.body().path("stored").asInt() + " " + path.substring(1));
        // Clients the server did not know get secrets, answered this once: show them, as serve does.
        answer.body()
                .path("secrets")
                .properties()
                .forEach(secret -> out.println(
                        "  " + secret.getKey() + " secret  " + secret.getValue().asText()));
        out.flush();
        return true;
    }
}
