package dev.devora.orchestration.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.Toolbox;
import dev.devora.orchestration.tool.Tools;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** McpToolbox against real MCP servers built with the SDK: streamable HTTP in-process, stdio in a child JVM. */
class McpToolboxTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void http_listsTheServersToolsWithTheirSchemas_andCallsThem() throws Exception {
        try (HttpTestServer server = new HttpTestServer(null);
             McpToolbox box = McpToolbox.http("calc", server.url()).connect()) {
            assertToolsListedAndCalled(box);
        }
    }

    @Test
    void http_toolNamesModelsCannotTake_areOfferedMappedAndPrefixed_andCalledByTheServersName() throws Exception {
        try (HttpTestServer server = new HttpTestServer(null);
             McpToolbox box = McpToolbox.http("calc", server.url()).namePrefix("calc_").connect()) {
            assertOddNamesMapped(box, "calc_");
            try (McpToolbox plain = McpToolbox.http("calc", server.url()).connect()) {
                assertOddNamesMapped(plain, "");
                Toolbox both = Toolbox.merge("both", List.of(box.toolbox(), plain.toolbox()));
                assertThat(both.tools()).hasSize(2 * plain.toolbox().tools().size());
            }
        }
    }

    @Test
    void stdio_listsTheServersToolsWithTheirSchemas_andCallsThem_andCloseStopsTheProcess() throws Exception {
        Path pidFile = dir.resolve("pid");
        McpToolbox box = stdioServer(pidFile).environment(Map.of("MCP_TEST_VALUE", "v-31337")).connect();
        long pid;
        try {
            assertToolsListedAndCalled(box);
            assertOddNamesMapped(box, "");
            assertThat(call(box, "env", "{}")).isEqualTo(ToolResult.ok("v-31337"));
            assertThat(box.toString()).doesNotContain("v-31337");
            pid = Long.parseLong(Files.readString(pidFile));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        } finally {
            box.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("server process alive").isFalse();
        assertThatThrownBy(() -> call(box, "add", "{\"a\":1,\"b\":2}"))
                .isInstanceOf(McpServerException.class).hasMessageContaining("'calc'").hasMessageContaining("closed");
    }

    @Test
    void stdio_serverKilledMidCall_failsTheCallAtOnce_namingTheServerAndTheExitCode() throws Exception {
        Path pidFile = dir.resolve("pid");
        try (McpToolbox box = stdioServer(pidFile).requestTimeout(Duration.ofSeconds(60)).connect()) {
            long pid = Long.parseLong(Files.readString(pidFile));
            CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(() -> call(box, "sleep", "{}"));
            Thread.sleep(500);
            long killedAt = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Throwable failure = failureOf(call, 50);
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("well before the 60 s request timeout")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(failure).isInstanceOf(McpServerException.class).hasMessageContaining("'calc'")
                    .hasMessageContaining("tools/call 'sleep'").hasMessageMatching("(?s).*exited with code \\d+.*");
            assertThat(((McpServerException) failure).serverName()).isEqualTo("calc");

            long next = System.nanoTime();
            assertThatThrownBy(() -> call(box, "add", "{\"a\":1,\"b\":2}"))
                    .isInstanceOf(McpServerException.class).hasMessageContaining("'calc'")
                    .hasMessageMatching("(?s).*exited with code \\d+.*").hasMessageContaining("'add' was not called");
            assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void stdio_serverThatExitsOnItsOwn_failsTheNextCallAtOnce_namingTheExitCode() throws Exception {
        Path pidFile = dir.resolve("pid");
        try (McpToolbox box = stdioServer(pidFile).environment(Map.of("MCP_TEST_VALUE", "v-31337"))
                .requestTimeout(Duration.ofSeconds(60)).connect()) {
            long pid = Long.parseLong(Files.readString(pidFile));
            CompletableFuture<ToolResult> exit = CompletableFuture.supplyAsync(() -> call(box, "exit", "{}"));
            Throwable failure = failureOf(exit, 50);
            assertThat(failure).isInstanceOf(McpServerException.class).hasMessageContaining("exited with code 3");
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).as("an environment value").doesNotContain("v-31337");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> call(box, "add", "{\"a\":1,\"b\":2}"))
                    .isInstanceOf(McpServerException.class).hasMessageContaining("exited with code 3");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void http_serverStoppedMidCall_isATypedErrorNamingTheServer_withinTheTimeout() throws Exception {
        HttpTestServer server = new HttpTestServer(null);
        try (McpToolbox box = McpToolbox.http("calc", server.url()).requestTimeout(Duration.ofSeconds(5)).connect()) {
            CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(() -> call(box, "sleep", "{}"));
            Thread.sleep(500);
            long stoppedAt = System.nanoTime();
            server.close();
            Throwable failure = failureOf(call, 30);
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(25));
            assertThat(failure).isInstanceOf(McpServerException.class).hasMessageContaining("'calc'");
        }
    }

    @Test
    void http_serverProcessKilledMidCall_failsTheCallAtOnce_namingTheServer() throws Exception {
        assertHttpServerKilledMidCallFailsAtOnce("sleep");
    }

    @Test
    void http_serverProcessKilledMidCall_afterAnEventOnTheCallsStream_failsTheCallAtOnce() throws Exception {
        assertHttpServerKilledMidCallFailsAtOnce("log_then_sleep");
    }

    private void assertHttpServerKilledMidCallFailsAtOnce(String tool) throws Exception {
        Path urlFile = dir.resolve("url");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), HttpTestServerProcess.class.getName(), urlFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(urlFile) && server.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
            try (McpToolbox box = McpToolbox.http("calc", Files.readString(urlFile))
                    .requestTimeout(Duration.ofSeconds(60)).connect()) {
                CompletableFuture<ToolResult> call = onOwnThread(() -> call(box, tool, "{}"));
                Thread.sleep(1000);
                long killedAt = System.nanoTime();
                server.destroyForcibly();
                Throwable failure = failureOf(call, 50);
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("well before the 60 s request timeout")
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(failure).isInstanceOf(McpServerException.class).hasMessageContaining("'calc'")
                        .hasMessageContaining("tools/call '" + tool + "'");
                long next = System.nanoTime();
                assertThatThrownBy(() -> call(box, "add", "{\"a\":1,\"b\":2}"))
                        .isInstanceOf(McpServerException.class).hasMessageContaining("'calc'");
                assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(Duration.ofSeconds(10));
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void closingTheEngine_afterItsRunInFlight_stopsTheStdioServerProcess_andEndsTheHttpSession() throws Exception {
        Path pidFile = dir.resolve("pid");
        try (HttpTestServer server = new HttpTestServer(null)) {
            McpToolbox stdio = stdioServer(pidFile).connect();
            McpToolbox http = McpToolbox.http("remote", server.url()).connect();
            long pid = Long.parseLong(Files.readString(pidFile));
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Agent agent = Agent.of("adder", agentCall -> {
                running.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) return AgentResult.text("never released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return AgentResult.text(call(stdio, "add", "{\"a\":1,\"b\":2}").content() + " "
                        + call(http, "add", "{\"a\":3,\"b\":4}").content());
            });
            Workflow workflow = Workflow.builder("mcp-lifetime").step(Steps.agent("add", agent).prompt("add")).build();
            WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none())
                    .closeOnClose(stdio, http).build();
            WorkflowRun run = engine.start(workflow, Map.of(), WorkflowListener.NONE);
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

            engine.close();
            release.countDown();
            WorkflowResult result = run.result().get(60, TimeUnit.SECONDS);

            assertThat(result.status()).as("the tools answered after close(): %s", result.failure())
                    .isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.output("add").orElseThrow().text()).isEqualTo("3 7");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    || server.requests.stream().noneMatch(r -> r.startsWith("DELETE ")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("stdio server alive")
                    .isFalse();
            String session = server.requests.stream().filter(r -> r.startsWith("POST ") && !r.endsWith(" null"))
                    .findFirst().orElseThrow().substring(5);
            assertThat(server.requests).as("the HTTP session was ended").contains("DELETE " + session);
            assertThatThrownBy(() -> call(http, "add", "{\"a\":1,\"b\":1}")).isInstanceOf(McpServerException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void http_aCallTheServerAnswersWithAJsonRpcError_isAnErrorResultForTheModel_notFatal() throws Exception {
        try (HttpTestServer server = new HttpTestServer(null);
             McpToolbox box = McpToolbox.http("calc", server.url()).connect()) {
            server.removeTool("refuse");
            ToolResult refused = call(box, "refuse", "{}");
            assertThat(refused.error()).isTrue();
            assertThat(refused.content()).contains("'calc'").contains("Tool not found: refuse");
            assertThat(call(box, "add", "{\"a\":1,\"b\":1}")).isEqualTo(ToolResult.ok("2"));
        }
    }

    @Test
    void http_interruptingTheCallingThread_abortsTheCallWithInterruptedCallException() throws Exception {
        try (HttpTestServer server = new HttpTestServer(null);
             McpToolbox box = McpToolbox.http("calc", server.url()).requestTimeout(Duration.ofSeconds(60)).connect()) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    failure.complete(new AssertionError("the call succeeded: " + call(box, "sleep", "{}")));
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            caller.start();
            Thread.sleep(500);
            long interruptedAt = System.nanoTime();
            caller.interrupt();
            Throwable thrown = failure.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(20));
            assertThat(thrown).isInstanceOf(dev.devora.orchestration.InterruptedCallException.class)
                    .hasMessageContaining("'calc'");
            assertThat(call(box, "add", "{\"a\":2,\"b\":2}")).as("the server still answers").isEqualTo(ToolResult.ok("4"));
        }
    }

    @Test
    void http_aServerThatAnswersToolsListWithAnError_isATypedErrorNamingTheServer() throws Exception {
        try (HttpTestServer server = new HttpTestServer(null, false)) {
            assertThatThrownBy(() -> McpToolbox.http("docs", server.url()).connect())
                    .isInstanceOf(McpServerException.class).hasMessageContaining("'docs'")
                    .hasMessageContaining("tools/list");
        }
    }

    @Test
    void http_nothingListening_isATypedErrorNamingTheServer() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> McpToolbox.http("calc", "http://127.0.0.1:" + port + "/mcp")
                .connectTimeout(Duration.ofSeconds(5)).connect())
                .isInstanceOf(McpServerException.class).hasMessageContaining("'calc'")
                .hasMessageContaining("ConnectException");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void http_bearerTokenIsSent_andAppearsInNoToStringOrError() throws Exception {
        String token = "tok-7f3a9c-secret";
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Level level = root.getLevel();
        logs.start();
        root.addAppender(logs);
        root.setLevel(ch.qos.logback.classic.Level.TRACE);
        try (HttpTestServer server = new HttpTestServer(token)) {
            try (McpToolbox box = McpToolbox.http("calc", server.url()).bearerToken(ApiKey.of(token)).connect()) {
                assertThat(call(box, "add", "{\"a\":40,\"b\":2}").content()).isEqualTo("42");
                assertThat(server.authorizations).isNotEmpty().allMatch(("Bearer " + token)::equals);
                assertThat(box.toString()).doesNotContain(token);
                assertThat(box.toolbox().toString()).doesNotContain(token);
            }
            // the newer paths: mapped names, a request timeout, closing through an engine, a call after that
            McpToolbox prefixed = McpToolbox.http("calc", server.url()).bearerToken(ApiKey.of(token))
                    .namePrefix("calc_").requestTimeout(Duration.ofSeconds(2)).connect();
            for (Tool tool : prefixed.toolbox().tools()) {
                assertThat(tool + " " + tool.definition()).doesNotContain(token);
            }
            Throwable timedOut = catchThrowable(() -> call(prefixed, "calc_sleep", "{}"));
            assertThat(timedOut).isInstanceOf(McpServerException.class).hasMessageContaining("within PT2S");
            WorkflowEngine engine = WorkflowEngine.builder().closeOnClose(prefixed).build();
            engine.close();
            Throwable afterClose = catchThrowable(() -> call(prefixed, "calc_add", "{\"a\":1,\"b\":1}"));
            assertThat(afterClose).isInstanceOf(McpServerException.class).hasMessageContaining("closed");
            for (Throwable t : List.of(timedOut, afterClose)) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                assertThat(trace.toString()).doesNotContain(token);
            }
            String wrong = "wrong-token-5d1e";
            Throwable refused = catchThrowable(() -> McpToolbox.http("calc", server.url())
                    .bearerToken(ApiKey.of(wrong)).connectTimeout(Duration.ofSeconds(10)).connect());
            assertThat(refused).isInstanceOf(McpServerException.class).hasMessageContaining("'calc'");
            StringWriter trace = new StringWriter();
            refused.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(wrong).doesNotContain(token);
        } finally {
            root.setLevel(level);
            root.detachAppender(logs);
        }
        assertThat(logs.list).as("log events at TRACE").isNotEmpty();
        for (ch.qos.logback.classic.spi.ILoggingEvent event : List.copyOf(logs.list)) {
            StringWriter logged = new StringWriter();
            logged.append(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                logged.append(ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            assertThat(logged.toString()).as("logged by %s", event.getLoggerName())
                    .doesNotContain("tok-7f3a9c-secret").doesNotContain("wrong-token-5d1e");
        }
    }

    @Test
    void badSettings_areTypedErrorsNamingTheFieldAndValue() {
        assertThatThrownBy(() -> McpToolbox.http("calc", "ftp://host/mcp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url").hasMessageContaining("ftp://host/mcp");
        assertThatThrownBy(() -> McpToolbox.stdio("calc", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commandLine");
        assertThatThrownBy(() -> McpToolbox.stdio("calc", List.of("java")).requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> McpToolbox.stdio(" ", List.of("java")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> McpToolbox.stdio("calc", List.of("java")).bearerToken(ApiKey.of("x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stdio");
        assertThatThrownBy(() -> McpToolbox.http("calc", "http://127.0.0.1/mcp").environment(Map.of("A", "b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("environment");
        assertThatThrownBy(() -> McpToolbox.stdio("calc", List.of("java")).namePrefix("git.hub"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namePrefix").hasMessageContaining("git.hub");
        assertThatThrownBy(() -> McpToolbox.stdio("calc", List.of("java")).environment(Map.of("A=B", "c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("environment").hasMessageContaining("A=B");
    }

    @Test
    void stdio_programThatDoesNotExist_isATypedErrorNamingTheServer_atOnce() {
        String program = dir.resolve("no-such-program").toString();
        long start = System.nanoTime();
        assertThatThrownBy(() -> McpToolbox.stdio("ghost", List.of(program)).connectTimeout(Duration.ofSeconds(60))
                .connect())
                .isInstanceOf(McpServerException.class).hasMessageContaining("'ghost'").hasMessageContaining(program);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the connect timeout")
                .isLessThan(Duration.ofSeconds(10));
    }

    private static void assertToolsListedAndCalled(McpToolbox box) throws Exception {
        assertThat(box.toolbox().name()).isEqualTo("calc");
        assertThat(box.toolbox().tools()).extracting(t -> t.definition().name())
                .startsWith("add", "refuse", "two_parts", "env", "sleep").endsWith("exit");
        Tool add = box.toolbox().find("add").orElseThrow();
        assertThat(add.definition().description()).isEqualTo("Adds two integers");
        assertThat(add.definition().parametersSchema()).isEqualTo(MAPPER.readTree(TestServerTools.ADD_SCHEMA));
        assertThat(call(box, "add", "{\"a\":2,\"b\":3}")).isEqualTo(ToolResult.ok("5"));
        assertThat(call(box, "refuse", "{}")).isEqualTo(ToolResult.error("refused: no such record"));
        assertThat(call(box, "two_parts", "{}")).isEqualTo(ToolResult.ok("first\nsecond"));
        ToolResult missingArguments = call(box, "add", "{}");
        assertThat(missingArguments.error()).as("arguments the server refuses: %s", missingArguments).isTrue();
        assertThat(call(box, "add", "{\"a\":-1,\"b\":1}")).as("the server still answers").isEqualTo(ToolResult.ok("0"));
    }

    /** files.read and files/read clash once mapped (both hashed), get-weather/v2 does not, the long one is cut. */
    private static void assertOddNamesMapped(McpToolbox box, String prefix) {
        Map<String, String> offered = new java.util.LinkedHashMap<>();
        for (Tool tool : box.toolbox().tools()) {
            String description = tool.definition().description();
            String original = description.contains("(MCP tool '")
                    ? description.substring(description.indexOf("(MCP tool '") + 11, description.length() - 2)
                    : tool.definition().name().substring(prefix.length());
            offered.put(original, tool.definition().name());
            Tools.checkName(tool.definition().name());
        }
        assertThat(offered.get("add")).isEqualTo(prefix + "add");
        assertThat(box.toolbox().find(prefix + "add").orElseThrow().definition().description())
                .isEqualTo("Adds two integers");
        assertThat(offered.get("get-weather/v2")).isEqualTo(prefix + "get-weather_v2");
        assertThat(offered.get("files.read")).matches(prefix + "files_read_[0-9a-f]{8}");
        assertThat(offered.get("files/read")).matches(prefix + "files_read_[0-9a-f]{8}")
                .isNotEqualTo(offered.get("files.read"));
        assertThat(offered.get(TestServerTools.LONG_NAME)).hasSize(64).startsWith(prefix + "search_the_issue");
        assertThat(box.toolbox().find(offered.get("files.read")).orElseThrow().definition().description())
                .isEqualTo("Echoes its name (MCP tool 'files.read')");
        for (String original : List.of("files.read", "files/read", "get-weather/v2", TestServerTools.LONG_NAME)) {
            assertThat(call(box, offered.get(original), "{}")).isEqualTo(ToolResult.ok("called as " + original));
        }
        assertThat(call(box, prefix + "add", "{\"a\":20,\"b\":22}")).isEqualTo(ToolResult.ok("42"));
    }

    private McpToolbox.Builder stdioServer(Path pidFile) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return McpToolbox.stdio("calc", List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                        "-cp", System.getProperty("java.class.path"), StdioTestServer.class.getName(), pidFile.toString()))
                .connectTimeout(Duration.ofSeconds(60));
    }

    private static ToolResult call(McpToolbox box, String tool, String argumentsJson) {
        try {
            JsonNode args = MAPPER.readTree(argumentsJson);
            return box.toolbox().find(tool).orElseThrow().call(new ToolInvocation("c1", tool, args, null, null));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs a call on a thread of its own, as the engine's executor does; not on the common pool, whose only worker
     * (2 cores) the blocked call would hold while the HTTP client's own completions wait for that pool.
     */
    private static <T> CompletableFuture<T> onOwnThread(java.util.function.Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "test-call");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static Throwable failureOf(CompletableFuture<?> call, int seconds) throws Exception {
        try {
            Object result = call.get(seconds, TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded: " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
