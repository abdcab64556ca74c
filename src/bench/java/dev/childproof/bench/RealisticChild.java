package dev.childproof.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A child that does what real services do before they are ready (an HTTP client, a scheduler, logging, regexes,
 * date formatting, streams: a few hundred classes), says {@code ready}, then waits for end-of-file on stdin.
 */
public final class RealisticChild {

    public static void main(String[] args) throws IOException {
        Logger logger = Logger.getLogger("child");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/")).GET().build();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
        String joined = IntStream.range(0, 100).mapToObj(Integer::toString).collect(Collectors.joining(","));
        boolean matches = Pattern.compile("\\d+(,\\d+)*").matcher(joined).matches();
        String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now());
        counts.put(now, joined.length());
        logger.fine(() -> request.uri() + " " + client.version() + " " + matches);
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for end-of-file
        }
        scheduler.shutdownNow();
    }
}
