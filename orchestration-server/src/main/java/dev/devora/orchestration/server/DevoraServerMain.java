package dev.devora.orchestration.server;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.server.internal.TokenFile;
import dev.devora.orchestration.testing.SimulatedProvider;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The task service as a program, behind {@code devora-server.jar}: {@code java -jar devora-server.jar} serves
 * {@link DevoraApi} on {@code http://127.0.0.1:8080} with an embedded SQLite run store ({@code devora-server/runs.db},
 * so runs survive a restart), on OpenRouter when {@code OPENROUTER_API_KEY} is set and else offline on the simulated
 * provider (said plainly), and prints the URL and the access token. The token is {@code DEVORA_TOKEN} when set; else
 * one is generated at the first start, printed once, and only its SHA-256 is kept, in {@value #TOKEN_FILE} beside the
 * store (owner-only); a later start reads it (delete the file to make a new token). Ctrl-C or SIGTERM stops the
 * server, then the engine, letting the runs in flight end for up to {@link #SHUTDOWN_GRACE}; a run still going then
 * is left as it is in the store, where its journal keeps its work.
 *
 * <pre>{@code
 * java -jar orchestration-server/target/devora-server.jar --port 8080 --store devora-server/runs.db
 *
 * // or in-process, e.g. in a test:
 * try (DevoraServerMain service = DevoraServerMain.start(new String[] {"--port", "0"}, System::getenv, System.out)) {
 *     URI url = service.url();
 * }
 * }</pre>
 */
public final class DevoraServerMain implements AutoCloseable {
    /** The environment variable holding the access token; when unset one is generated at the first start. */
    public static final String TOKEN_VARIABLE = "DEVORA_TOKEN";
    /** The run store when {@code --store} is not given. */
    public static final Path DEFAULT_STORE = Path.of("devora-server", "runs.db");
    /** The file beside the store that keeps the generated token's SHA-256. */
    public static final String TOKEN_FILE = "access-token.sha256";
    /** How long a stop waits for the runs in flight to end. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** The command line's help. */
    public static final String USAGE = """
            Usage: java -jar devora-server.jar [--port N] [--host H] [--store FILE] [--review WORKFLOW=STEP[,STEP]]...

            Starts the Devora task service: the JSON API under /api/v1 (GET /health needs no token) with its runs
            kept in an embedded SQLite file, so they survive a restart.

              --port N      the port to listen on, 0..65535 (0: a free one); default 8080
              --host H      the address to listen on; default 127.0.0.1 (this machine only); 0.0.0.0 for every one
              --store FILE  the SQLite run store; default devora-server/runs.db (its folder is created)
              --review WORKFLOW=STEP[,STEP]
                            a person reviews these agent steps' work before a run of the workflow goes on: the run
                            waits until a decision is posted to /api/v1/runs/{id}/decisions (repeatable; give the same
                            reviews at every start, so that waiting runs continue as they started)
              --help        this text

            Environment:
              OPENROUTER_API_KEY  run on OpenRouter's models; unset: offline on a simulated provider
              DEVORA_TOKEN        the access token (at least 16 visible characters); unset: one is generated at the
                                  first start, printed once, and its SHA-256 kept in access-token.sha256 beside the
                                  store (delete that file to make a new token)
              DESIGN_IA_ENDPOINT, CORE_ENDPOINT, AUTOMATION_ENDPOINT, ADS_ENDPOINT
                                  the business templates' remote agents (seed 004), one per phase role; unset: that
                                  phase runs on the provider
              INTER_AGENT_TOKEN   the bearer token between the agents (required with an endpoint); remote agents
                                  report with it to POST /api/v1/callbacks
              ORCHESTRATION_WEBHOOK_URL
                                  where the agents report: this service's /api/v1/callbacks as they reach it
            """;

    private final DevoraServer server;
    private final WorkflowEngine engine;
    private final JdbcRunStore store;
    private final Path storeFile;
    private final PrintStream out;
    private boolean closed;

    private DevoraServerMain(DevoraServer server, WorkflowEngine engine, JdbcRunStore store, Path storeFile, PrintStream out) {
        this.server = server;
        this.engine = engine;
        this.store = store;
        this.storeFile = storeFile;
        this.out = out;
    }

    /**
     * Runs the service until the process is stopped (Ctrl-C, SIGTERM). Exit status 2, with the reason, for a bad
     * option; 1 when it cannot start (e.g. the port is taken).
     *
     * @param args the command line, see {@link #USAGE}
     */
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/devora/orchestration/server/logback-server.xml");
        }
        DevoraServerMain service;
        try {
            service = start(args, System::getenv, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n(--help shows the options)");
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("error: the service could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (service == null) return; // --help
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "devora-server-shutdown"));
    }

    /**
     * Starts the service as {@link #main} does, without installing a shutdown hook: {@link #close()} stops it.
     *
     * @param args the command line, see {@link #USAGE}
     * @param env  the environment ({@code OPENROUTER_API_KEY}, {@code DEVORA_TOKEN}, the remote agents' variables)
     * @param out  where it says what it runs on, and the token at the first start
     * @return the running service; null when {@code --help} was given (the help is printed)
     * @throws IllegalArgumentException naming the option and the value when an option is bad, or naming
     *                                  {@code DEVORA_TOKEN} when it is not a usable token
     * @throws IllegalStateException    when the store or the token file cannot be opened, or the server cannot start
     */
    public static DevoraServerMain start(String[] args, Function<String, String> env, PrintStream out) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(out, "out");
        String host = "127.0.0.1";
        int port = 8080;
        Path storeFile = DEFAULT_STORE;
        java.util.Map<String, java.util.List<String>> reviews = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return null;
                }
                case "--port" -> {
                    String v = value(args, i++, a);
                    try {
                        port = Integer.parseInt(v.strip());
                        if (port < 0 || port > 65535) throw new NumberFormatException();
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be a whole number from 0 to 65535, was '" + v + "'");
                    }
                }
                case "--host" -> {
                    host = value(args, i++, a).strip();
                    if (host.isEmpty()) throw new IllegalArgumentException("--host must name an address, was ''");
                }
                case "--store" -> {
                    String v = value(args, i++, a);
                    if (v.isBlank()) throw new IllegalArgumentException("--store must name a file, was ''");
                    storeFile = Path.of(v);
                }
                case "--review" -> {
                    String v = value(args, i++, a);
                    int eq = v.indexOf('=');
                    java.util.List<String> steps = eq < 0 ? java.util.List.of() : java.util.Arrays.stream(v.substring(eq + 1).split(","))
                            .map(String::strip).filter(x -> !x.isEmpty()).toList();
                    if (eq <= 0 || steps.isEmpty()) {
                        throw new IllegalArgumentException("--review must be WORKFLOW=STEP[,STEP], e.g. "
                                + "documentation-generation=readme, was '" + v + "'");
                    }
                    reviews.put(v.substring(0, eq).strip(), steps);
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'; the options are --port, "
                        + "--host, --store, --review and --help");
            }
        }
        String envToken = env.apply(TOKEN_VARIABLE);
        AccessTokens configured = null;
        if (envToken != null && !envToken.isBlank()) {
            try {
                configured = AccessTokens.of(envToken.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(TOKEN_VARIABLE + ": " + e.getMessage().replace("access token #1", "the token"));
            }
        }
        AgentEndpoints endpoints = agentEndpoints(env);
        Path tokenFile = storeFile.toAbsolutePath().resolveSibling(TOKEN_FILE);
        String key = env.apply(OpenRouterProvider.Builder.API_KEY_VARIABLE);
        boolean live = key != null && !key.isBlank();

        Path absoluteStore = storeFile.toAbsolutePath();
        JdbcRunStore store;
        try {
            if (absoluteStore.getParent() != null) Files.createDirectories(absoluteStore.getParent());
            store = JdbcRunStore.sqlite(storeFile);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot open the run store " + storeFile + ": " + e.getMessage(), e);
        }
        WorkflowEngine engine = null;
        try {
            String tokenLine;
            AccessTokens tokens;
            if (configured != null) {
                tokens = configured;
                tokenLine = "Access token: the one in " + TOKEN_VARIABLE + " (not printed).";
            } else {
                Optional<AccessTokens> kept = TokenFile.read(tokenFile);
                if (kept.isPresent()) {
                    tokens = kept.get();
                    tokenLine = "Access token: the one printed at the first start (only its SHA-256 is kept, in "
                            + tokenFile + ").\nTo make a new one: stop the service, delete " + tokenFile
                            + " and start it again (or set " + TOKEN_VARIABLE + ").";
                } else {
                    String token = TokenFile.create(tokenFile);
                    tokens = AccessTokens.of(token);
                    tokenLine = "Access token (printed this once; only its SHA-256 is kept, in " + tokenFile + "):\n  "
                            + token + "\nSend it as 'Authorization: Bearer <token>'.";
                }
            }
            LlmProvider provider = live
                    ? OpenRouterProvider.builder().apiKey(key).appTitle("Devora task service").build()
                    : SimulatedProvider.create();
            engine = WorkflowEngine.builder().runStore(store).build();
            DevoraApi.Builder builder = DevoraApi.builder().engine(engine).provider(provider).tokens(tokens)
                    .agentEndpoints(endpoints);
            reviews.forEach((workflowId, steps) -> builder.review(workflowId, steps.toArray(String[]::new)));
            DevoraApi api;
            try {
                api = builder.build();
            } catch (IllegalArgumentException e) {
                throw new BadOption(e.getMessage().replaceFirst("^reviews: ", "--review: "));
            }
            DevoraServer server = DevoraServer.start(api, host, port);
            int stored = store.runs(RunQuery.builder().limit(Integer.MAX_VALUE).build()).size();
            out.println("Devora task service on " + server.url() + "  (API " + server.url() + DevoraApi.BASE
                    + ", health " + server.url() + "/health)");
            out.println(live ? "Provider: OpenRouter (" + OpenRouterProvider.Builder.API_KEY_VARIABLE + " is set)."
                    : OpenRouterProvider.Builder.API_KEY_VARIABLE + " is not set: running OFFLINE on a simulated provider"
                    + " (every output a [simulated] placeholder, costs fake). Set it to run on real models.");
            reviews.forEach((workflowId, steps) -> out.println("Reviewed by a person: " + workflowId + " steps "
                    + String.join(", ", steps) + " (decide with POST " + DevoraApi.BASE + "/runs/{id}/decisions)"));
            endpoints.endpoints().forEach((role, uri) -> out.println("Remote agent: " + role + " at " + uri
                    + " (reports to POST " + DevoraApi.CALLBACKS_PATH + ", as " + AgentEndpoints.WEBHOOK_VARIABLE + " says: "
                    + endpoints.callbackUrl().map(Object::toString).orElse("?") + ")"));
            out.println("Run store: " + absoluteStore + " (" + stored + (stored == 1 ? " run" : " runs") + ")");
            out.println(tokenLine);
            out.println("Stop with Ctrl-C.");
            out.flush();
            return new DevoraServerMain(server, engine, store, absoluteStore, out);
        } catch (IOException e) {
            closeQuietly(engine, store);
            throw new IllegalStateException("cannot read or write the token file " + tokenFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(engine, store);
            if (e instanceof BadOption) throw e;
            if (e instanceof IllegalArgumentException) throw new IllegalStateException(e.getMessage(), e);
            throw e;
        }
    }

    /**
     * The business templates' remote agents from the environment ({@code DESIGN_IA_ENDPOINT}, {@code CORE_ENDPOINT},
     * {@code AUTOMATION_ENDPOINT}, {@code ADS_ENDPOINT}, {@code INTER_AGENT_TOKEN}, {@code ORCHESTRATION_WEBHOOK_URL});
     * none set: every phase runs on the provider.
     */
    private static AgentEndpoints agentEndpoints(Function<String, String> env) {
        java.util.Map<String, String> vars = new java.util.HashMap<>();
        List<String> names = new java.util.ArrayList<>(List.of(AgentEndpoints.TOKEN_VARIABLE, AgentEndpoints.WEBHOOK_VARIABLE));
        for (Role role : List.of(Roles.DESIGN_IA, Roles.CORE_PLATFORM, Roles.AUTOMATION, Roles.ADS_MANAGEMENT)) {
            names.add(AgentEndpoints.variableOf(role));
        }
        for (String name : names) {
            String v = env.apply(name);
            if (v != null) vars.put(name, v);
        }
        try {
            return AgentEndpoints.fromEnvironment(vars);
        } catch (dev.devora.orchestration.workflows.business.AgentEndpointsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A bad option found once the store is open (a {@code --review} of an unknown workflow or step). */
    private static final class BadOption extends IllegalArgumentException {
        BadOption(String message) {
            super(message);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i + 1 >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i + 1];
    }

    private static void closeQuietly(WorkflowEngine engine, JdbcRunStore store) {
        if (engine != null) engine.close();
        store.close();
    }

    /** {@return where the service listens, e.g. {@code http://127.0.0.1:8080}} */
    public URI url() {
        return server.url();
    }

    /** {@return the run store's file} */
    public Path storeFile() {
        return storeFile;
    }

    /**
     * Stops the service: the server first (no new requests), then the engine (no new runs; those in flight go on),
     * waits up to {@link #SHUTDOWN_GRACE} for the runs in flight to end, and closes the store. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        server.close();
        engine.close();
        Instant deadline = Instant.now().plus(SHUTDOWN_GRACE);
        long running;
        while ((running = runningHere()) > 0 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (running > 0) {
            out.println("Stopped with " + running + " run(s) still going: they stay in the store as they were.");
        }
        store.close();
        out.println("Devora task service stopped.");
        out.flush();
    }

    private long runningHere() {
        return store.runs(RunQuery.builder().status(RunStatus.RUNNING).limit(Integer.MAX_VALUE).build()).stream()
                .filter(r -> engine.isRunning(r.runId())).count();
    }

    @Override
    public String toString() {
        return "DevoraServerMain[" + server.url() + ", " + storeFile + "]";
    }
}
