package com.example.httpserver;

import dev.childproof.ChildProcess;
import dev.childproof.Childproof;
import dev.childproof.ProcessSpawner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server on a port the test chooses, ready once it listens there ({@code readyOnPort}): no ready line needed. The
 * shell starts the server as its child, as {@code npm start} or a wrapper script would; the socket is still the
 * launched process's own, so it counts. A server that was on the port before (a stale one) would not: the launch
 * would fail and name it.
 */
@Childproof
class ReadyOnPortTest {

    @Test
    void servesOnceItListens(ProcessSpawner spawner) throws Exception {
        int port = freePort();
        ChildProcess server = spawner.command("sh", "-c", "python3 -m http.server \"$0\" --bind 127.0.0.1; exit 0",
                        Integer.toString(port))
                .workingDir(Paths.get("src/test/resources/site"))
                .readyOnPort(port).readyTimeout(Duration.ofSeconds(30))
                .spawn();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/hello.txt")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from the server\n");
        System.out.println("[http-server] ready on port " + port + " (readyOnPort), served hello.txt: "
                + server.timeline());
    }

    /** A port free now; the server binds it a moment later. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
