package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DevoraServerMain} as a child JVM, as {@code java -jar devora-server.jar} runs: it prints the URL and a token
 * the API accepts, stops on SIGTERM, and a second start on the same folder prints no token while the first still
 * works; the token is in neither the store's files, the token file nor the logs. In-process: options and
 * {@code DEVORA_TOKEN}.
 */
class DevoraServerMainTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern URL = Pattern.compile("Devora task service on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A running child JVM and the lines it printed. */
    record Child(Process process, BlockingQueue<String> out, StringBuffer all, StringBuffer err, Thread outPump, Thread errPump) {
        /** Reads lines until one contains {@code text} (generous: 60 s). */
        String until(String text) throws InterruptedException {
            StringBuilder seen = new StringBuilder();
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                String line = out.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive() && !outPump.isAlive() && out.isEmpty()) break; // all read
                    continue;
                }
                seen.append(line).append('\n');
                if (line.contains(text)) return seen.toString();
            }
            errPump.join(5_000);
            throw new AssertionError("no line with '" + text + "' in:\n" + seen + "\nall:\n" + all + "\nstderr:\n" + err
                    + (process.isAlive() ? "" : "\nexit " + process.exitValue()));
        }
    }

    Child launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                DevoraServerMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove(DevoraServerMain.TOKEN_VARIABLE);
        pb.environment().remove("OPENROUTER_API_KEY");
        Process p = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuffer all = new StringBuffer();
        StringBuffer err = new StringBuffer();
        Thread outPump = pump(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), line -> {
            all.append(line).append('\n');
            lines.add(line);
        });
        Thread errPump = pump(new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)),
                line -> err.append(line).append('\n'));
        return new Child(p, lines, all, err, outPump, errPump);
    }

    static Thread pump(BufferedReader in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (in) {
                for (String line; (line = in.readLine()) != null; ) sink.accept(line);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void stop(Child c) throws Exception {
        // SIGTERM, as a service manager sends it (through the handle: Process.destroy would also close the pipes the
        // goodbye comes through): the shutdown hook stops the server, the engine and the store
        assertThat(c.process().toHandle().destroy()).isTrue();
        assertThat(c.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        c.until("Devora task service stopped.");
        c.errPump().join(10_000);
    }

    HttpResponse<String> send(URI base, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theProgram_printsUrlAndToken_once_keepsOnlyItsHash_andStopsOnSigterm() throws Exception {
        Child first = launch("--port", "0");
        String printed = first.until("Stop with Ctrl-C.");
        Matcher m = URL.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        URI url = URI.create(m.group(1));
        assertThat(printed).contains("OPENROUTER_API_KEY is not set: running OFFLINE on a simulated provider");
        Matcher t = Pattern.compile("Access token \\(printed this once[^\\n]*\\n  (\\S+)\\n").matcher(printed);
        assertThat(t.find()).as(printed).isTrue();
        String token = t.group(1);
        assertThat(token).hasSizeGreaterThanOrEqualTo(AccessTokens.MIN_LENGTH);

        assertThat(send(url, "GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send(url, "GET", "/api/v1/workflows", null, null).statusCode()).isEqualTo(401);
        assertThat(send(url, "GET", "/api/v1/workflows", null, token + "x").statusCode()).isEqualTo(401);
        assertThat(send(url, "GET", "/api/v1/workflows", null, token).statusCode()).isEqualTo(200);
        HttpResponse<String> submitted = send(url, "POST", "/api/v1/runs", "{\"workflow\": \"documentation-generation\", "
                + "\"input\": " + DevoraApiTest.DOCS_INPUT + "}", token);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String runId = JSON.readTree(submitted.body()).path("run_id").asText();
        awaitEnd(url, token, runId);
        stop(first);

        Path store = dir.resolve("devora-server").resolve("runs.db");
        Path tokenFile = dir.resolve("devora-server").resolve(DevoraServerMain.TOKEN_FILE);
        assertThat(store).exists();
        assertThat(Files.readString(tokenFile)).isEqualTo(AccessTokens.hashOf(token) + "\n");
        if (Files.getFileStore(tokenFile).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        }

        Child second = launch("--port", "0");
        String again = second.until("Stop with Ctrl-C.");
        assertThat(again).contains("printed at the first start", "delete " + tokenFile.toRealPath());
        assertThat(again).doesNotContain(token).contains("(1 run)");
        Matcher m2 = URL.matcher(again);
        assertThat(m2.find()).isTrue();
        URI url2 = URI.create(m2.group(1));
        assertThat(send(url2, "GET", "/api/v1/runs/" + runId, null, token).statusCode()).isEqualTo(200);
        assertThat(send(url2, "GET", "/api/v1/runs", null, "another-token-0123456789").statusCode()).isEqualTo(401);
        stop(second);

        // the token is in no file of the store's folder (the store, its journal files, the token file) nor the logs
        byte[] secret = token.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(dir.resolve("devora-server"))) {
            for (Path f : files.toList()) assertThat(indexOf(Files.readAllBytes(f), secret)).as(f.toString()).isEqualTo(-1);
        }
        assertThat(first.err().toString()).doesNotContain(token);
        assertThat(second.err().toString()).doesNotContain(token);
        assertThat(second.all().toString()).doesNotContain(token);
        assertThat(first.all().toString().split(Pattern.quote(token), -1)).hasSize(2); // printed exactly once
    }

    void awaitEnd(URI url, String token, String runId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = JSON.readTree(send(url, "GET", "/api/v1/runs/" + runId, null, token).body());
            if (List.of("succeeded", "partial", "failed").contains(run.path("status").asText())) return;
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not end in 60 s");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void aBadOption_exitsWith2_sayingWhy_andHelpExitsWith0() throws Exception {
        Child bad = launch("--port", "eighty");
        assertThat(bad.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.process().exitValue()).isEqualTo(2);
        bad.errPump().join(10_000); // the last lines are read
        assertThat(bad.err().toString()).contains("--port must be a whole number from 0 to 65535, was 'eighty'");
        Child help = launch("--help");
        assertThat(help.until("--store FILE")).contains("Usage: java -jar devora-server.jar");
        assertThat(help.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.process().exitValue()).isZero();
        assertThat(dir.resolve("devora-server")).doesNotExist(); // nothing was opened
    }

    @Test
    void options_areCheckedInProcess_andDevoraToken_isUsedWithoutBeingPrintedOrStored() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DevoraServerMain.start(new String[] {"--verbose"}, k -> null, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--verbose'");
        assertThatThrownBy(() -> DevoraServerMain.start(new String[] {"--port", "70000"}, k -> null, out))
                .hasMessageContaining("'70000'");
        assertThatThrownBy(() -> DevoraServerMain.start(new String[] {"--store"}, k -> null, out))
                .hasMessageContaining("--store needs a value");
        assertThatThrownBy(() -> DevoraServerMain.start(new String[] {"--port", "0"},
                Map.of(DevoraServerMain.TOKEN_VARIABLE, "short-secret")::get, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEVORA_TOKEN")
                .hasMessageNotContaining("short-secret");

        String token = "configured-token-0123456789abcdef";
        Path store = dir.resolve("data").resolve("my-runs.db");
        try (DevoraServerMain service = DevoraServerMain.start(new String[] {"--port", "0", "--store", store.toString()},
                Map.of(DevoraServerMain.TOKEN_VARIABLE, token)::get, out)) {
            assertThat(service.storeFile()).isEqualTo(store.toAbsolutePath());
            assertThat(send(service.url(), "GET", "/api/v1/workflows", null, token).statusCode()).isEqualTo(200);
            assertThat(service.toString()).doesNotContain(token);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("the one in DEVORA_TOKEN (not printed)", "Devora task service stopped.").doesNotContain(token);
        assertThat(store).exists();
        assertThat(store.resolveSibling(DevoraServerMain.TOKEN_FILE)).doesNotExist();
        // --review: runs of the workflow wait for a decision on that step; an unknown step is a bad option
        assertThatThrownBy(() -> DevoraServerMain.start(new String[] {"--port", "0", "--store", store.toString(),
                "--review", "documentation-generation=nope"}, Map.of(DevoraServerMain.TOKEN_VARIABLE, token)::get, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--review: workflow 'documentation-generation'"
                        + " has no agent step 'nope'").hasMessageContaining(RestartTest.STEP);
        assertThatThrownBy(() -> DevoraServerMain.start(new String[] {"--review", "documentation-generation"}, k -> null, out))
                .hasMessageContaining("WORKFLOW=STEP");
        try (DevoraServerMain reviewing = DevoraServerMain.start(new String[] {"--port", "0", "--store", store.toString(),
                "--review", "documentation-generation=" + RestartTest.STEP}, Map.of(DevoraServerMain.TOKEN_VARIABLE, token)::get, out)) {
            HttpResponse<String> submitted = send(reviewing.url(), "POST", "/api/v1/runs", "{\"workflow\": "
                    + "\"documentation-generation\", \"input\": " + DevoraApiTest.DOCS_INPUT + "}", token);
            String runId = JSON.readTree(submitted.body()).path("run_id").asText();
            Instant deadline = Instant.now().plusSeconds(60);
            JsonNode run;
            do {
                Thread.sleep(100);
                run = JSON.readTree(send(reviewing.url(), "GET", "/api/v1/runs/" + runId, null, token).body());
            } while (!run.path("status").asText().equals("waiting") && Instant.now().isBefore(deadline));
            assertThat(run.path("pending").get(0).path("step").asText()).endsWith(RestartTest.STEP);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Reviewed by a person: documentation-generation steps "
                + RestartTest.STEP);

        // with OPENROUTER_API_KEY: says so, never shows the key (no model is called at start)
        String key = "sk-or-v1-test-secret-0123456789";
        bytes.reset();
        try (DevoraServerMain live = DevoraServerMain.start(new String[] {"--port", "0", "--store", store.toString()},
                Map.of(DevoraServerMain.TOKEN_VARIABLE, token, "OPENROUTER_API_KEY", key)::get, out)) {
            HttpResponse<String> workflows = send(live.url(), "GET", "/api/v1/workflows", null, token);
            assertThat(workflows.statusCode()).isEqualTo(200);
            assertThat(workflows.body()).doesNotContain(key);
            assertThat(live.toString()).doesNotContain(key);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Provider: OpenRouter (OPENROUTER_API_KEY is set)")
                .doesNotContain(key).doesNotContain(token);
    }

    @Test
    void remoteAgents_comeFromTheEnvironment_badOnesAreNamed_andTheCallbacksRouteTakesTheInterAgentTokenOnly() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String token = "configured-token-0123456789abcdef";
        String interAgent = "inter-agent-secret-0123456789";
        Path store = dir.resolve("agents.db");
        assertThatThrownBy(() -> DevoraServerMain.start(new String[] {"--port", "0", "--store", store.toString()},
                Map.of(DevoraServerMain.TOKEN_VARIABLE, token, "DESIGN_IA_ENDPOINT", "http://127.0.0.1:3335")::get, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INTER_AGENT_TOKEN")
                .hasMessageContaining("ORCHESTRATION_WEBHOOK_URL");
        Map<String, String> env = Map.of(DevoraServerMain.TOKEN_VARIABLE, token, "DESIGN_IA_ENDPOINT", "http://127.0.0.1:3335/tasks",
                "INTER_AGENT_TOKEN", interAgent, "ORCHESTRATION_WEBHOOK_URL", "http://127.0.0.1:8080/api/v1/callbacks");
        try (DevoraServerMain service = DevoraServerMain.start(new String[] {"--port", "0", "--store", store.toString()},
                env::get, out)) {
            assertThat(send(service.url(), "POST", "/api/v1/callbacks", "{}", token).statusCode())
                    .as("an access token is not the inter-agent token").isEqualTo(401);
            HttpResponse<String> unknown = send(service.url(), "POST", "/api/v1/callbacks",
                    "{\"type\": \"task_completed\", \"projectId\": \"nope\", \"taskId\": \"t\"}", interAgent);
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
            assertThat(unknown.body()).doesNotContain(interAgent);
            JsonNode metrics = JSON.readTree(send(service.url(), "GET", "/api/v1/metrics", null, token).body());
            assertThat(metrics.path("remote_agents").path("design-ia").path("endpoint").asText()).isEqualTo("http://127.0.0.1:3335");
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Remote agent: design-ia at http://127.0.0.1:3335/tasks")
                .doesNotContain(interAgent);
    }
}
