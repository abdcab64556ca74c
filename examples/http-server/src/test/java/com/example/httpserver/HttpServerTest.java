package com.example.httpserver;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.StopRung;
import dev.childproof.StopsWithin;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One server for the class: the first test queries it, the second stops it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpServerTest {

    private static final Pattern SERVING = Pattern.compile("Serving HTTP on \\S+ port (\\d+)");

    /** Port 0: the server picks a free port and says which in its ready line. SIGINT ends it cleanly. */
    @SpawnedProcess(command = {"python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"},
            workingDir = "src/test/resources/site", readyWhen = "Serving HTTP on", stopMethod = StopMethod.SIGINT)
    @StopsWithin("5s")
    static ChildProcess server;

    @Test
    @Order(1)
    void servesAFile() throws Exception {
        Matcher ready = SERVING.matcher(server.awaitLine(SERVING, Duration.ofSeconds(1)));
        assertThat(ready.find()).isTrue();
        URI uri = URI.create("http://127.0.0.1:" + ready.group(1) + "/hello.txt");

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from the server\n");
        server.awaitLine("GET /hello.txt HTTP/1.1\" 200", Duration.ofSeconds(5));
    }

    @Test
    @Order(2)
    void stopsOnSigint() {
        server.stopEvent().set();
        assertThat(server.join(Duration.ofSeconds(10))).hasValueSatisfying(s -> assertThat(s.code()).isZero());
        assertThat(server.endedBy()).contains(StopRung.STOP_EVENT);
        assertThat(server.output().lines()).contains("Keyboard interrupt received, exiting.");
        System.out.println("[http-server] " + server.timeline());
    }
}
