package dev.devora.orchestration.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.OutputFormatException;
import dev.devora.orchestration.OutputTruncatedException;
import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.internal.JsonShapeValidator;
import dev.devora.orchestration.internal.ToolLoop;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.Toolbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The usual agent: a role with instructions, answering through a model.
 *
 * <p>The system message is the role, the instructions and, for JSON output, the schema to follow; the user
 * message is the step's rendered prompt. For JSON output the reply is parsed and checked against the schema;
 * when it does not fit, the agent sends the parse error back and asks again, at most
 * {@code maxFormatRetries} times (default 2), then fails with {@link OutputFormatException}.
 *
 * <p>With {@linkplain Builder#tool tools}, the model may ask for tool calls: the agent runs the calls of one answer
 * concurrently, gives their results back (errors included, so the model can correct itself) and asks again, until
 * an answer asks for none, at most {@code maxToolRounds} rounds and {@code maxToolCalls} calls per agent call
 * ({@link dev.devora.orchestration.tool.ToolLimitException} beyond). JSON output is checked on that final answer.
 * An agent without tools whose model still answers only tool calls (no text) fails the call with a
 * {@code MALFORMED_RESPONSE} {@link dev.devora.orchestration.llm.ProviderException} naming them, not an empty output.
 *
 * <p>An answer cut off at the output-token cap ({@link FinishReason#LENGTH}) is never taken as complete. A text
 * answer is continued: the agent sends the conversation so far, the partial answer and "continue exactly where it
 * stopped", at most {@linkplain Builder#maxContinuations maxContinuations} times (default 2), and joins the parts;
 * every continuation is a model call of its own, accounted like any other. Still cut after that, or a JSON answer
 * cut at all (a cut JSON object is not malformed, so it is not sent back for format repair), fails the call with
 * {@link OutputTruncatedException} naming the agent, the model and the cap.
 *
 * <pre>{@code
 * LlmAgent architect = LlmAgent.builder("api-architect")
 *         .role("senior API architect")
 *         .instructions("Design resource-oriented APIs. Name every endpoint, its payloads and errors.")
 *         .provider(llm)
 *         .model(ModelOptions.builder().model("anthropic/claude-sonnet-4.5").temperature(0.2).build())
 *         .output(OutputSpec.json(ApiDesign.class))
 *         .build();
 *
 * LlmAgent auditor = LlmAgent.builder("security-auditor")
 *         .role("application security auditor")
 *         .instructions("Search the code for each risk, read the lines, cite file:line.")
 *         .provider(llm)
 *         .tools(Workspace.readOnly(Path.of("/src/shop")).toolbox())   // list_dir, read_file, search_text, file_info
 *         .maxToolRounds(12)
 *         .build();
 * }</pre>
 */
public final class LlmAgent implements Agent {
    private final String name;
    private final String role;
    private final String instructions;
    private final LlmProvider provider;
    private final ModelOptions model;
    private final OutputSpec output;
    private final boolean streaming;
    private final int maxFormatRetries;
    private final int maxContinuations;
    private final String systemPrompt;
    private final LlmMessage systemMessage;
    private final ResponseFormat responseFormat;
    private final Map<String, String> attributes;
    private final Toolbox tools;
    private final List<ToolDefinition> toolDefinitions;
    private final int maxToolRounds;
    private final int maxToolCalls;
    private final int maxToolResultChars;

    private LlmAgent(Builder b) {
        this.name = b.name;
        this.role = b.role;
        this.instructions = b.instructions;
        this.provider = b.provider;
        this.model = b.model;
        this.output = b.output;
        this.streaming = b.streaming;
        this.maxFormatRetries = b.maxFormatRetries;
        this.maxContinuations = b.maxContinuations;
        this.systemPrompt = buildSystemPrompt();
        this.systemMessage = LlmMessage.system(systemPrompt);
        this.responseFormat = !output.isJson() ? null : output.schema() == null ? ResponseFormat.JSON_OBJECT
                : ResponseFormat.jsonSchema(output.schemaName(), output.schema(), false);
        this.attributes = Map.of(LlmRequest.AGENT, name);
        this.tools = b.tools.build();
        this.toolDefinitions = tools.tools().stream().map(Tool::definition).toList();
        this.maxToolRounds = b.maxToolRounds;
        this.maxToolCalls = b.maxToolCalls;
        this.maxToolResultChars = b.maxToolResultChars;
    }

    /**
     * The tools this agent's model may call (empty: the agent only writes text or JSON).
     *
     * @return the tools
     */
    public Toolbox tools() {
        return tools;
    }

    /**
     * How many rounds of tool calls one agent call may make.
     *
     * @return the bound (default 8)
     */
    public int maxToolRounds() {
        return maxToolRounds;
    }

    /**
     * How many tool calls one agent call may make in all.
     *
     * @return the bound (default 32)
     */
    public int maxToolCalls() {
        return maxToolCalls;
    }

    /**
     * How many characters of one tool result the model reads.
     *
     * @return the bound (default 100,000)
     */
    public int maxToolResultChars() {
        return maxToolResultChars;
    }

    /**
     * Starts an agent with the given name (letters, digits, {@code -} and {@code _}).
     *
     * @param name the agent's name, unique within a squad
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding this agent's settings, to make a variant (another model, another output).
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.role = role;
        b.instructions = instructions;
        b.provider = provider;
        b.model = model;
        b.output = output;
        b.streaming = streaming;
        b.maxFormatRetries = maxFormatRetries;
        b.maxContinuations = maxContinuations;
        b.tools.addAll(tools);
        b.maxToolRounds = maxToolRounds;
        b.maxToolCalls = maxToolCalls;
        b.maxToolResultChars = maxToolResultChars;
        return b;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The role, e.g. {@code "product manager"}.
     *
     * @return the role; may be null
     */
    public String role() {
        return role;
    }

    /**
     * The instructions given in the system message.
     *
     * @return the instructions; "" when none
     */
    public String instructions() {
        return instructions;
    }

    /**
     * The provider this agent calls.
     *
     * @return the provider
     */
    public LlmProvider provider() {
        return provider;
    }

    /**
     * The model and sampling options.
     *
     * @return the options
     */
    public ModelOptions modelOptions() {
        return model;
    }

    /**
     * The expected shape of the output.
     *
     * @return text, any JSON or JSON matching a schema
     */
    public OutputSpec output() {
        return output;
    }

    /**
     * Whether the agent streams tokens to the run's listeners.
     *
     * @return true if it streams
     */
    public boolean streaming() {
        return streaming;
    }

    /**
     * How many times a malformed JSON reply is sent back for correction.
     *
     * @return the number of re-asks
     */
    public int maxFormatRetries() {
        return maxFormatRetries;
    }

    /**
     * How many continuation calls a text answer cut off at the output-token cap may get.
     *
     * @return the bound (default 2; 0: a cut answer fails at once)
     */
    public int maxContinuations() {
        return maxContinuations;
    }

    /**
     * The system message this agent sends: role, instructions and output format.
     *
     * @return the system message's text
     */
    public String systemPrompt() {
        return systemPrompt;
    }

    /**
     * The request this agent sends for a prompt (before any re-ask).
     *
     * @param prompt the rendered prompt
     * @return the request: system message, the prompt as user message, model options and response format
     */
    public LlmRequest requestFor(String prompt) {
        return request(List.of(systemMessage, LlmMessage.user(prompt)), attributes);
    }

    @Override
    public AgentResult run(AgentCall call) {
        List<LlmMessage> messages = List.of(systemMessage, LlmMessage.user(call.prompt()));
        Map<String, String> tags = Map.of(LlmRequest.AGENT, name,
                LlmRequest.RUN_ID, call.context().runId(), LlmRequest.STEP_PATH, call.stepPath());
        if (!output.isJson() && toolDefinitions.isEmpty()) { // one call, nothing kept reachable while it runs
            LlmResponse response = send(call, request(messages, tags));
            if (response.finishReason() != FinishReason.LENGTH) return new AgentResult(response.text(), null, response.model());
            return continued(call, messages, tags, null, response);
        }
        Map<String, Integer> toolOccurrences = null;
        if (!toolDefinitions.isEmpty()) {
            messages = new ArrayList<>(messages);
            toolOccurrences = new java.util.HashMap<>();
        }
        if (!output.isJson()) {
            LlmResponse response = answer(call, messages, tags, toolOccurrences);
            if (response.finishReason() != FinishReason.LENGTH) return new AgentResult(response.text(), null, response.model());
            return continued(call, messages, tags, toolOccurrences, response);
        }
        int attempts = 0;
        while (true) {
            attempts++;
            LlmResponse response = answer(call, messages, tags, toolOccurrences);
            if (response.finishReason() == FinishReason.LENGTH) { // too long, not malformed: a re-ask would be cut again
                throw truncated(call, response.model(), "its JSON answer was cut off at the output limit", "",
                        "; a cut JSON answer is not continued: raise maxTokens or split the step into smaller parts",
                        response.text());
            }
            String problem;
            JsonNode json = response.json();
            try {
                if (json == null) json = Json.parseReply(response.text());
                List<String> errors = Json.nestedDeeperThan(json, Json.MAX_REPLY_DEPTH)
                        ? List.of("the JSON is nested deeper than " + Json.MAX_REPLY_DEPTH + " levels")
                        : JsonShapeValidator.validate(json, output.schema() != null
                        ? output.schema() : Json.NODES.objectNode().put("type", "object"));
                if (errors.isEmpty()) {
                    return new AgentResult(Json.write(json), json, response.model());
                }
                problem = String.join("; ", errors);
            } catch (JsonProcessingException e) {
                problem = "invalid JSON: " + e.getOriginalMessage() + locationOf(e);
            }
            if (attempts > maxFormatRetries) {
                throw new OutputFormatException("Agent '" + name + "' returned invalid JSON after " + attempts
                        + (attempts == 1 ? " attempt: " : " attempts: ") + problem, response.text());
            }
            List<LlmMessage> reask = new ArrayList<>(messages);
            reask.add(LlmMessage.assistant(response.text()));
            reask.add(LlmMessage.user("Your reply could not be used: " + problem
                    + ". Reply again with only the corrected JSON object, no prose and no code fence."));
            messages = reask;
        }
    }

    /**
     * Continues a text answer cut at the output cap: each continuation is a call of its own (its own ordinal, so a
     * resumed run keys kept answers as before), sent with the conversation so far, the parts received and a request
     * to go on; the parts are joined.
     */
    private AgentResult continued(AgentCall call, List<LlmMessage> messages, Map<String, String> tags,
                                  Map<String, Integer> toolOccurrences, LlmResponse cut) {
        StringBuilder text = new StringBuilder(cut.text());
        List<LlmMessage> conversation = new ArrayList<>(messages);
        LlmResponse last = cut;
        for (int n = 1; n <= maxContinuations; n++) {
            conversation.add(LlmMessage.assistant(last.text()));
            conversation.add(LlmMessage.user(CONTINUE));
            last = answer(call, conversation, tags, toolOccurrences);
            text.append(last.text());
            if (last.finishReason() != FinishReason.LENGTH) return new AgentResult(text.toString(), null, last.model());
        }
        int calls = maxContinuations + 1;
        throw truncated(call, last.model(), "its answer was still cut off at the output limit", " after " + calls
                        + (calls == 1 ? " call" : " calls") + " (" + maxContinuations
                        + (maxContinuations == 1 ? " continuation)" : " continuations)"),
                ": raise maxTokens or maxContinuations, or split the step into smaller parts", text.toString());
    }

    /** The message sent after a cut answer to have it continued. */
    static final String CONTINUE = "Your answer was cut off at the output limit. Continue exactly where it stopped, "
            + "without repeating anything.";

    private OutputTruncatedException truncated(AgentCall call, String answeredBy, String what, String after,
                                               String advice, String partial) {
        String modelId = answeredBy != null ? answeredBy : model.model();
        Integer cap = model.maxTokens();
        return new OutputTruncatedException("Agent '" + name + "' (step '" + call.stepPath() + "'): " + what
                + " of model " + (modelId == null ? "(the provider's default)" : "'" + modelId + "'") + " ("
                + (cap == null ? "the model's default cap" : "maxTokens " + cap) + ")" + after + advice,
                name, modelId, cap, partial);
    }

    /** The model's answer: with tools, after the tool calls it asked for (messages then holds the exchange). */
    private LlmResponse answer(AgentCall call, List<LlmMessage> messages, Map<String, String> tags,
                               Map<String, Integer> toolOccurrences) {
        if (toolDefinitions.isEmpty()) return send(call, request(messages, tags));
        return ToolLoop.run(name, tools, maxToolRounds, maxToolCalls, maxToolResultChars, call, messages, toolOccurrences,
                m -> send(call, request(m, tags)));
    }

    private LlmResponse send(AgentCall call, LlmRequest request) {
        LlmResponse response = streaming ? call.stream(provider, request) : call.complete(provider, request);
        if (toolDefinitions.isEmpty() && !response.toolCalls().isEmpty() && response.text().isBlank()) {
            // offered no tool, the model asked for some and said nothing: not an empty output
            throw dev.devora.orchestration.llm.ProviderException.builder(
                    dev.devora.orchestration.llm.ProviderErrorKind.MALFORMED_RESPONSE, "provider '" + provider.name()
                            + "' answered agent '" + name + "' with tool calls " + response.toolCalls().stream()
                            .map(dev.devora.orchestration.llm.ToolCall::name).toList()
                            + " and no text, but the agent has no tools").build();
        }
        return response;
    }

    private LlmRequest request(List<LlmMessage> messages, Map<String, String> tags) {
        return new LlmRequest(messages, model.model(), model.fallbackModels(), model.temperature(), model.maxTokens(),
                model.stop(), model.seed(), responseFormat, toolDefinitions, null, model.reasoning(), null, model.timeout(),
                tags);
    }

    private String buildSystemPrompt() {
        StringBuilder sb = new StringBuilder();
        if (role != null && !role.isBlank()) sb.append("You are the ").append(role).append(".\n\n");
        if (instructions != null && !instructions.isBlank()) sb.append(instructions.strip()).append("\n\n");
        if (output.isJson()) {
            sb.append("Respond with only a JSON object: no prose before or after it, no code fence.");
            if (output.schema() != null) {
                sb.append(" It must match this JSON Schema:\n").append(Json.write(output.schema()));
            }
        }
        return sb.toString().strip();
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    @Override
    public String toString() {
        return "LlmAgent[name=" + name + ", role=" + role + ", model=" + model.model() + ", output=" + output.kind()
                + ", provider=" + provider.name() + "]";
    }

    /** Builder for {@link LlmAgent}; a provider is required. */
    public static final class Builder {
        private final String name;
        private String role;
        private String instructions = "";
        private LlmProvider provider;
        private ModelOptions model = ModelOptions.DEFAULTS;
        private OutputSpec output = OutputSpec.text();
        private boolean streaming;
        private int maxFormatRetries = 2;
        private int maxContinuations = 2;
        private Toolbox.Builder tools = Toolbox.builder("tools");
        private int maxToolRounds = 8;
        private int maxToolCalls = 32;
        private int maxToolResultChars = 100_000;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * The role, e.g. {@code "product manager"}; the system message starts "You are the {role}.".
         *
         * @param role the role
         * @return this builder
         */
        public Builder role(String role) { this.role = role; return this; }

        /**
         * What the agent does and what good output looks like.
         *
         * @param instructions Markdown instructions; default ""
         * @return this builder
         */
        public Builder instructions(String instructions) { this.instructions = instructions; return this; }

        /**
         * Loads the instructions from a UTF-8 classpath resource, e.g. {@code "/roles/product-manager.md"}.
         *
         * @param anchor   the class the resource is loaded relative to
         * @param resource the resource name
         * @return this builder
         * @throws IllegalArgumentException if the resource does not exist
         * @throws java.io.UncheckedIOException if it cannot be read
         */
        public Builder instructionsFromResource(Class<?> anchor, String resource) {
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("instructions resource not found: " + resource
                            + " (relative to " + anchor.getName() + ")");
                }
                this.instructions = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read instructions resource " + resource, e);
            }
        }

        /**
         * The provider to call; required.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(LlmProvider provider) { this.provider = provider; return this; }
        /**
         * The model and sampling options; default {@link ModelOptions#DEFAULTS} (the provider's defaults).
         *
         * @param model the options; not null
         * @return this builder
         */
        public Builder model(ModelOptions model) { this.model = Objects.requireNonNull(model, "model"); return this; }
        /**
         * Shorthand for {@code model(ModelOptions.model(id))}.
         *
         * @param modelId the model id, e.g. {@code openai/gpt-5-mini}
         * @return this builder
         */
        public Builder model(String modelId) { this.model = model.toBuilder().model(modelId).build(); return this; }
        /**
         * The expected shape of the output; default text.
         *
         * @param output the output spec; not null
         * @return this builder
         */
        public Builder output(OutputSpec output) { this.output = Objects.requireNonNull(output, "output"); return this; }
        /**
         * Streams tokens to listeners as {@code TokenStreamed} events (default false).
         *
         * @param streaming true to stream
         * @return this builder
         */
        public Builder streaming(boolean streaming) { this.streaming = streaming; return this; }
        /**
         * How many times a malformed JSON reply is sent back for correction (default 2).
         *
         * @param retries the number of re-asks, at least 0
         * @return this builder
         */
        public Builder maxFormatRetries(int retries) { this.maxFormatRetries = retries; return this; }

        /**
         * How many continuation calls a text answer cut off at the output-token cap ({@code FinishReason.LENGTH})
         * may get (default 2). Each sends the conversation so far, the partial answer and a request to continue
         * exactly where it stopped; the parts are joined. Still cut after that, the call fails with
         * {@link OutputTruncatedException}. JSON answers are never continued: a cut one fails at once.
         *
         * <pre>{@code
         * LlmAgent coder = LlmAgent.builder("backend-dev").provider(llm)
         *         .model(ModelOptions.builder().model("openai/gpt-5-mini").maxTokens(8000).build())
         *         .maxContinuations(4)   // up to 5 calls for one long answer
         *         .build();
         * }</pre>
         *
         * @param continuations the number of continuation calls, at least 0 (0: a cut answer fails at once)
         * @return this builder
         * @throws IllegalArgumentException if {@code continuations} is negative
         */
        public Builder maxContinuations(int continuations) {
            if (continuations < 0) {
                throw new IllegalArgumentException("maxContinuations must be ≥ 0, was " + continuations);
            }
            this.maxContinuations = continuations;
            return this;
        }

        /**
         * A tool the model may call; the agent runs the calls and gives the results back until the model answers.
         *
         * @param tool the tool
         * @return this builder
         * @throws IllegalArgumentException if the agent has a tool of that name already
         */
        public Builder tool(Tool tool) { this.tools.add(tool); return this; }

        /**
         * Every tool of a toolbox.
         *
         * @param toolbox the tools
         * @return this builder
         * @throws IllegalArgumentException if a tool name repeats
         */
        public Builder tools(Toolbox toolbox) { this.tools.addAll(toolbox); return this; }

        /**
         * How many rounds of tool calls one agent call may make (default 8); one more is a {@code ToolLimitException}.
         *
         * @param rounds at least 1
         * @return this builder
         */
        public Builder maxToolRounds(int rounds) { this.maxToolRounds = rounds; return this; }

        /**
         * How many tool calls one agent call may make in all (default 32).
         *
         * @param calls at least 1
         * @return this builder
         */
        public Builder maxToolCalls(int calls) { this.maxToolCalls = calls; return this; }

        /**
         * How many characters of one tool result the model reads (default 100,000, about 25,000 tokens); a longer
         * result is cut, with a note saying how much was left out, so one large answer cannot blow the budget.
         *
         * @param chars at least 100
         * @return this builder
         */
        public Builder maxToolResultChars(int chars) { this.maxToolResultChars = chars; return this; }

        /**
         * Builds the agent.
         *
         * @return the agent
         * @throws IllegalArgumentException if the name is not letters, digits, {@code -} or {@code _}, the provider is
         *     missing
         *     or maxFormatRetries is negative
         */
        public LlmAgent build() {
            List<String> problems = new ArrayList<>();
            if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
                problems.add("name must be letters, digits, '-' or '_', was " + (name == null ? "null" : "\"" + name + "\""));
            }
            if (provider == null) problems.add("provider is required");
            if (maxFormatRetries < 0) problems.add("maxFormatRetries must be ≥ 0, was " + maxFormatRetries);
            if (maxToolRounds < 1) problems.add("maxToolRounds must be ≥ 1, was " + maxToolRounds);
            if (maxToolCalls < 1) problems.add("maxToolCalls must be ≥ 1, was " + maxToolCalls);
            if (maxToolResultChars < 100) problems.add("maxToolResultChars must be ≥ 100, was " + maxToolResultChars);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("LlmAgent '" + name + "': " + String.join("; ", problems));
            }
            return new LlmAgent(this);
        }
    }
}
