package dev.devora.orchestration.workflows.business;

import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the business templates' phase agents run, read from environment variables: {@code DESIGN_IA_ENDPOINT},
 * {@code CORE_ENDPOINT}, {@code AUTOMATION_ENDPOINT}, {@code ADS_ENDPOINT} (one per role; absolute {@code http} or
 * {@code https} URIs without credentials in them) and {@code INTER_AGENT_TOKEN} (the bearer token between the
 * agents, required as soon as one endpoint is set). A variable that is unset or blank is not configured: that
 * phase's agent is a model agent with the role's instructions. Every problem is reported at once by
 * {@link AgentEndpointsException}; the token is kept as an {@link ApiKey} and shows in no message and no
 * {@code toString}.
 *
 * <pre>{@code
 * AgentEndpoints endpoints = AgentEndpoints.fromEnvironment(System.getenv());
 * endpoints.endpoint(Roles.DESIGN_IA);      // Optional[http://localhost:3335]
 * endpoints.token();                        // Optional[ApiKey[redacted]]
 * PredefinedWorkflow restaurant = Workflows.byId("restaurant-premium", llm, WorkflowConfig.defaults(), endpoints);
 * }</pre>
 */
public final class AgentEndpoints {
    /** The variable holding the bearer token between the agents. */
    public static final String TOKEN_VARIABLE = "INTER_AGENT_TOKEN";
    /** The variable holding where the agents report back (a {@code RemoteCallbackServer}'s {@code uri()}). */
    public static final String WEBHOOK_VARIABLE = "ORCHESTRATION_WEBHOOK_URL";
    /** Role id → the variable naming its endpoint, in phase order. */
    private static final Map<String, String> VARIABLES = variables();
    private static final AgentEndpoints NONE = new AgentEndpoints(Map.of(), null, null);
    private static final int SHOWN_CHARS = 200;

    private final Map<String, URI> endpoints;
    private final ApiKey token;
    private final URI callbackUrl;

    private AgentEndpoints(Map<String, URI> endpoints, ApiKey token, URI callbackUrl) {
        this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
        this.token = token;
        this.callbackUrl = callbackUrl;
    }

    private static Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(Roles.DESIGN_IA.id(), "DESIGN_IA_ENDPOINT");
        v.put(Roles.CORE_PLATFORM.id(), "CORE_ENDPOINT");
        v.put(Roles.AUTOMATION.id(), "AUTOMATION_ENDPOINT");
        v.put(Roles.ADS_MANAGEMENT.id(), "ADS_ENDPOINT");
        return Collections.unmodifiableMap(v);
    }

    /**
     * No endpoint and no token: every phase agent is a model agent.
     *
     * @return the empty configuration
     */
    public static AgentEndpoints none() {
        return NONE;
    }

    /**
     * Reads this process's environment ({@code System.getenv()}).
     *
     * @return the configuration
     * @throws AgentEndpointsException listing every invalid variable
     */
    public static AgentEndpoints fromSystemEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the variables from an environment map; other variables are ignored.
     *
     * @param env variable name → value, e.g. {@code System.getenv()}; not null
     * @return the configuration
     * @throws AgentEndpointsException listing every invalid variable: an endpoint that is not an absolute http or
     *     https URI with a host (its value quoted), one holding credentials, a token that is blank or holds spaces
     *     or control characters, or endpoints set without a token (the token's value is never quoted)
     */
    public static AgentEndpoints fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        List<ValidationProblem> problems = new ArrayList<>();
        Map<String, URI> endpoints = new LinkedHashMap<>();
        VARIABLES.forEach((role, variable) -> {
            String value = env.get(variable);
            if (value == null || value.isBlank()) return;
            parseEndpoint(variable, value.strip(), problems).ifPresent(uri -> endpoints.put(role, uri));
        });
        String tokenValue = env.get(TOKEN_VARIABLE);
        ApiKey token = null;
        if (tokenValue != null && !tokenValue.isBlank()) {
            String stripped = tokenValue.strip();
            if (stripped.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                problems.add(new ValidationProblem(TOKEN_VARIABLE, "must not contain spaces or control characters "
                        + "(it is sent as a bearer token in an HTTP header; its value is not shown)"));
            } else {
                token = ApiKey.of(stripped);
            }
        } else {
            List<String> set = VARIABLES.values().stream().filter(v -> env.get(v) != null && !env.get(v).isBlank()).toList();
            if (!set.isEmpty()) {
                problems.add(new ValidationProblem(TOKEN_VARIABLE, "is required when an agent endpoint is set ("
                        + String.join(", ", set) + ")" + (tokenValue == null ? "" : "; it is blank")));
            }
        }
        URI callback = null;
        String webhook = env.get(WEBHOOK_VARIABLE);
        if (webhook != null && !webhook.isBlank()) {
            callback = parseEndpoint(WEBHOOK_VARIABLE, webhook.strip(), problems).orElse(null);
        } else if (!endpoints.isEmpty()) {
            problems.add(new ValidationProblem(WEBHOOK_VARIABLE, "is required when an agent endpoint is set: where the "
                    + "agents report task_completed / task_failed, e.g. http://localhost:8080/callbacks (a "
                    + "RemoteCallbackServer's uri())"));
        }
        if (!problems.isEmpty()) throw new AgentEndpointsException(problems);
        return new AgentEndpoints(endpoints, token, callback);
    }

    private static Optional<URI> parseEndpoint(String variable, String value, List<ValidationProblem> problems) {
        String expected = "must be an absolute http or https URI with a host, e.g. http://localhost:3335";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            problems.add(new ValidationProblem(variable, expected + ", was " + shown(value) + " (" + e.getReason() + ")"));
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            problems.add(new ValidationProblem(variable, "must not hold credentials (user:password@); give the token in "
                    + TOKEN_VARIABLE + " (the value is not shown)"));
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(new ValidationProblem(variable, expected + ", was " + shown(value)));
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static String shown(String value) {
        String s = value.length() > SHOWN_CHARS ? value.substring(0, SHOWN_CHARS) + "…" : value;
        return "\"" + s + "\"";
    }

    /**
     * The environment variable that names a role's endpoint.
     *
     * @param role one of the four phase roles ({@code design-ia}, {@code core-platform}, {@code automation},
     *             {@code ads-management})
     * @return e.g. {@code DESIGN_IA_ENDPOINT}
     * @throws IllegalArgumentException for another role, naming the four
     */
    public static String variableOf(Role role) {
        String v = VARIABLES.get(Objects.requireNonNull(role, "role").id());
        if (v == null) {
            throw new IllegalArgumentException("role '" + role.id() + "' has no endpoint variable (roles with one: "
                    + String.join(", ", VARIABLES.keySet()) + ")");
        }
        return v;
    }

    /**
     * The endpoint of a role's agent, when configured.
     *
     * @param role one of the four phase roles
     * @return its endpoint; empty when its variable is unset or blank
     * @throws IllegalArgumentException for another role, naming the four
     */
    public Optional<URI> endpoint(Role role) {
        variableOf(role);
        return Optional.ofNullable(endpoints.get(role.id()));
    }

    /**
     * The configured endpoints.
     *
     * @return role id → endpoint, in phase order; unmodifiable
     */
    public Map<String, URI> endpoints() {
        return endpoints;
    }

    /**
     * The bearer token between the agents, when set.
     *
     * @return the token, redacted in {@code toString}
     */
    public Optional<ApiKey> token() {
        return Optional.ofNullable(token);
    }

    /**
     * Where the agents report back, when set.
     *
     * @return the callback URL ({@value #WEBHOOK_VARIABLE})
     */
    public Optional<URI> callbackUrl() {
        return Optional.ofNullable(callbackUrl);
    }

    /** Lists the endpoints and whether a token is set, never the token. */
    @Override
    public String toString() {
        return "AgentEndpoints[endpoints=" + endpoints + ", callbackUrl=" + callbackUrl + ", token="
                + (token == null ? "none" : "set") + "]";
    }
}
