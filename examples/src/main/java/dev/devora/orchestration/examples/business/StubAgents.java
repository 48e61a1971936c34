package dev.devora.orchestration.examples.business;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.testing.StubRemoteAgentServer;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.business.BusinessPhase;
import dev.devora.orchestration.workflows.business.BusinessTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four remote agents of seed 004 ({@code design-ia}, {@code core-platform}, {@code automation},
 * {@code ads-management}) as local stub services, to run a business template against remote agents without any:
 * each accepts a task with the inter-agent token, reports {@code task_started}, then, after a delay,
 * {@code task_completed} with a sample deliverable of its phase's schema ({@link BusinessPhase#outputSchema()}) to
 * the task's callback URL.
 *
 * <pre>{@code
 * export INTER_AGENT_TOKEN=dev-token
 * java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.business.StubAgents 3s
 * # prints the DESIGN_IA_ENDPOINT=... lines to export; then, in another shell:
 * java -jar examples/target/devora-run.jar restaurant-premium --offline
 * }</pre>
 */
public final class StubAgents implements AutoCloseable {
    /** The seed's ports, in the order of {@link #ROLES}. */
    public static final List<Integer> SEED_PORTS = List.of(3335, 3338, 3336, 3337);
    /** The four roles, as their endpoint variables name them. */
    public static final List<String> ROLES = List.of("design-ia", "core-platform", "automation", "ads-management");

    private final Map<String, StubRemoteAgentServer> servers;

    private StubAgents(Map<String, StubRemoteAgentServer> servers) {
        this.servers = servers;
    }

    /**
     * Starts the four stubs.
     *
     * @param token the inter-agent token they require and send
     * @param delay how long each takes before it reports a task completed
     * @param ports the port of each role, in the order of {@link #ROLES} (0: any free one)
     * @return the running stubs; close them when done
     */
    public static StubAgents start(String token, Duration delay, List<Integer> ports) {
        if (ports.size() != ROLES.size()) throw new IllegalArgumentException("ports: one per role " + ROLES + ", was " + ports);
        Map<String, StubRemoteAgentServer> started = new LinkedHashMap<>();
        try {
            for (int i = 0; i < ROLES.size(); i++) {
                String role = ROLES.get(i);
                JsonNode schema = schemaOf(role);
                started.put(role, StubRemoteAgentServer.builder(role, token).port(ports.get(i)).delay(delay)
                        .output(task -> ScriptedLlmProvider.sample(schema)).start());
            }
        } catch (RuntimeException e) {
            started.values().forEach(StubRemoteAgentServer::close);
            throw e;
        }
        return new StubAgents(started);
    }

    private static JsonNode schemaOf(String role) {
        for (BusinessPhase p : BusinessTemplate.RESTAURANT_PREMIUM.phases()) {
            if (p.role().id().equals(role)) return p.outputSchema();
        }
        throw new IllegalArgumentException("no phase of role " + role);
    }

    /**
     * The stub of a role.
     *
     * @param role one of {@link #ROLES}
     * @return its server (tasks received, callbacks made)
     */
    public StubRemoteAgentServer stub(String role) {
        StubRemoteAgentServer s = servers.get(role);
        if (s == null) throw new IllegalArgumentException("no stub for role '" + role + "'; the roles are " + ROLES);
        return s;
    }

    /**
     * The environment that points a business template's phases at these stubs.
     *
     * @return variable → value: the four endpoint variables (the token is not included)
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        servers.forEach((role, server) -> env.put(variableOf(role), server.uri().toString()));
        return env;
    }

    private static String variableOf(String role) {
        for (BusinessPhase p : BusinessTemplate.RESTAURANT_PREMIUM.phases()) {
            if (p.role().id().equals(role)) return AgentEndpoints.variableOf(p.role());
        }
        throw new IllegalArgumentException(role);
    }

    @Override
    public void close() {
        servers.values().forEach(StubRemoteAgentServer::close);
    }

    /**
     * Serves the four stubs on the seed's ports until stopped (Ctrl-C).
     *
     * @param args optionally the delay before each report, e.g. {@code 3s} or {@code 500ms} (default 2s)
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        String token = System.getenv(AgentEndpoints.TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            System.err.println("error: set " + AgentEndpoints.TOKEN_VARIABLE + " (the bearer token the agents require)");
            System.exit(2);
        }
        Duration delay = args.length == 0 ? Duration.ofSeconds(2) : parse(args[0]);
        StubAgents stubs = start(token.strip(), delay, SEED_PORTS);
        Runtime.getRuntime().addShutdownHook(new Thread(stubs::close, "stub-agents-stop"));
        List<String> lines = new ArrayList<>();
        stubs.environment().forEach((k, v) -> lines.add("export " + k + "=" + v));
        System.out.println("Four stub agents report each task after " + delay.toMillis() + " ms. In another shell:\n"
                + String.join("\n", lines) + "\nexport " + AgentEndpoints.TOKEN_VARIABLE + "=<the same token>\n"
                + "java -jar examples/target/devora-run.jar restaurant-premium --offline\n(Ctrl-C stops the stubs.)");
        Thread.currentThread().join();
    }

    private static Duration parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("the delay must be like 3s or 500ms, was '" + text + "'");
    }
}
