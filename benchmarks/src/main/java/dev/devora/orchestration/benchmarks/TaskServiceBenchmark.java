package dev.devora.orchestration.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.server.AccessTokens;
import dev.devora.orchestration.server.DevoraApi;
import dev.devora.orchestration.server.DevoraServer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The task service ({@code orchestration-server}) over loopback HTTP, with {@code documentation-generation} runs on a
 * stub model that answers schema samples after {@code latencyMs} (default 20 ms) per call:
 * <ul>
 *   <li>{@code submitToFirstEvent}: {@code POST /api/v1/runs}, then {@code GET /runs/{id}/events} until the first
 *       event arrives (the client's view: answer, connect, first frame), sampled.</li>
 *   <li>{@code liveEvents}: {@code clients} runs submitted one after the other, each followed from its submission by
 *       its own SSE client until {@code run-completed}; the time from the first submission to the last completion,
 *       and the events delivered ({@code events} counter; "sse:" lines give events/s).</li>
 *   <li>{@code memoryPerActiveRun}: {@code clients} runs held executing at a closed gate in the stub (each holds a
 *       concurrent-run slot and its first model call), heap after GC against the heap before they were submitted,
 *       per run; then the gate opens, they end, and the heap after GC gives what an ended run keeps in the service
 *       ("memory:" lines).</li>
 * </ul>
 * The service's rate limit is lifted and its concurrent-run cap set above {@code clients}; each SSE client holds a
 * thread of the server while it streams: a virtual one on JDK 21+, one of Jetty's pool of 250 on JDK 17.
 *
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/benchmarks.jar TaskServiceBenchmark -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TaskServiceBenchmark {
    static final String TOKEN = "benchmark-token-0123456789abcdef";
    static final String BODY = "{\"workflow\": \"documentation-generation\", \"input\": {\"project_name\": \"Shop\", "
            + "\"project_type\": \"application\", \"tech_stack\": [\"Java\"], \"documentation_types\": [\"readme\"], "
            + "\"target_audiences\": [\"developers\"]}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs (and SSE clients) at once. */
    @Param("100")
    public int clients;

    /** The stub model's latency per call. */
    @Param("20")
    public int latencyMs;

    SchemaStubProvider model;
    WorkflowEngine engine;
    DevoraServer server;
    HttpClient http;
    ExecutorService readers;
    ExecutorService httpThreads;

    /** Events delivered to the clients in the measured batch. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Delivered {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        model = new SchemaStubProvider(Duration.ofMillis(latencyMs));
        engine = WorkflowEngine.create();
        DevoraApi api = DevoraApi.builder().engine(engine).provider(model).tokens(AccessTokens.of(TOKEN))
                .rateLimit(1_000_000, 1_000_000).maxConcurrentRuns(Math.max(64, clients * 4)).waitingRunsSweep(null).build();
        server = DevoraServer.start(api, "127.0.0.1", 0);
        readers = Executors.newFixedThreadPool(clients + 4);
        httpThreads = Executors.newFixedThreadPool(8);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(httpThreads).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        readers.shutdownNow();
        httpThreads.shutdownNow();
        server.close();
        engine.close();
    }

    String submit() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/runs"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) throw new IllegalStateException("submit answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body()).path("run_id").asText();
    }

    InputStream events(String runId) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/runs/" + runId + "/events"))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) throw new IllegalStateException("events answered " + r.statusCode());
        return r.body();
    }

    /** Reads events until {@code last} (or the first one when null); returns how many. */
    static long read(InputStream stream, String last) throws IOException {
        long n = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("event:")) continue;
                n++;
                if (last == null || line.substring(6).strip().equals(last)) return n;
            }
        }
        return n;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 3)
    public long submitToFirstEvent() throws IOException, InterruptedException {
        return read(events(submit()), null);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long liveEvents(Delivered delivered) throws Exception {
        long t0 = System.nanoTime();
        List<Future<Long>> readers = new ArrayList<>();
        for (int i = 0; i < clients; i++) { // each client follows its run from its submission, as the dashboard does
            String run = submit();
            readers.add(this.readers.submit(() -> read(events(run), "run-completed")));
        }
        long total = 0;
        for (Future<Long> f : readers) total += f.get(120, TimeUnit.SECONDS);
        long ns = System.nanoTime() - t0;
        delivered.events = total;
        System.out.printf("sse: %d clients, %d events in %.0f ms = %.0f events/s%n", clients, total, ns / 1e6, total / (ns / 1e9));
        return total;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public long memoryPerActiveRun() throws Exception {
        long before = usedAfterGc();
        model.close();
        List<String> runs = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) runs.add(submit());
            awaitActive(clients);
            long active = usedAfterGc();
            System.out.printf("memory: %d active runs, %.1f KiB per active run%n", clients, (active - before) / 1024.0 / clients);
        } finally {
            model.open();
        }
        for (String run : runs) read(events(run), "run-completed");
        long after = usedAfterGc();
        System.out.printf("memory: %.1f KiB kept per ended run%n", (after - before) / 1024.0 / clients);
        return runs.size();
    }

    void awaitActive(int n) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (JSON.readTree(r.body()).path("active_runs").asInt() >= n) return;
            if (System.nanoTime() > until) throw new IllegalStateException("fewer than " + n + " runs became active: " + r.body());
            Thread.sleep(20);
        }
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The service's address, for tests. */
    URI url() {
        return server.url();
    }
}
