package dev.devora.orchestration.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.WaitTimeout;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A person who approves, corrects or rejects work, as an agent ({@link Approvals#person}): its step shows the
 * rendered prompt (a template over earlier outputs) and the run waits, holding no thread, until
 * {@code engine.decide(...)} answers. Approved, the step's output is what was shown; edited, the person's text (every
 * later reference sees it); rejected, the step fails with {@link Approvals.RejectedException} (not retried; inside a
 * gated loop use {@link Approvals#gate}, whose rejection is the next iteration's {@code {{gate.feedback}}}). Immutable:
 * {@link #allowing} and {@link #timeout} return new approvers.
 *
 * <pre>{@code
 * Approver owner = Approvals.person("product-owner")
 *     .allowing(Decision.Verdict.APPROVE, Decision.Verdict.REJECT)                  // no edits
 *     .timeout(WaitTimeout.answer(Duration.ofDays(2), Decision.approve().toJson())); // silence is consent
 * Step review = Steps.approval("approve-plan", owner, "Approve this plan:\n{{plan}}");
 * }</pre>
 */
public final class Approver implements Agent {
    private final String name;
    private final Set<Decision.Verdict> allowed;
    private final WaitTimeout timeout;

    Approver(String name, Set<Decision.Verdict> allowed, WaitTimeout timeout) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("approver name must not be blank, was " + name);
        this.name = name;
        this.allowed = Set.copyOf(allowed);
        this.timeout = timeout;
    }

    /**
     * This approver, offered only these answers: {@code engine.decide} refuses any other
     * ({@code AnswerRefusedException}, reason {@code NOT_ALLOWED}) and records nothing.
     *
     * @param verdicts the answers offered, at least one
     * @return a new approver
     * @throws IllegalArgumentException when none is given
     */
    public Approver allowing(Decision.Verdict... verdicts) {
        if (verdicts == null || verdicts.length == 0) {
            throw new IllegalArgumentException("Approver.allowing needs at least one verdict");
        }
        EnumSet<Decision.Verdict> set = EnumSet.noneOf(Decision.Verdict.class);
        for (Decision.Verdict v : verdicts) set.add(Objects.requireNonNull(v, "verdict"));
        return new Approver(name, set, timeout);
    }

    /**
     * This approver with a timeout policy: fail the step, take a default decision, or escalate and keep waiting.
     *
     * @param policy e.g. {@code WaitTimeout.answer(Duration.ofHours(8), Decision.approve().toJson())}; null for none
     * @return a new approver
     * @throws IllegalArgumentException when a default answer is not a decision, or not one this approver allows
     */
    public Approver timeout(WaitTimeout policy) {
        if (policy != null && policy.action() == WaitTimeout.Action.ANSWER) {
            Decision d = Decision.fromJson(policy.answer());
            if (!allowed.contains(d.verdict())) {
                throw new IllegalArgumentException("Approver.timeout: the default answer " + d.verdict()
                        + " is not one of the allowed " + allowed);
            }
        }
        return new Approver(name, allowed, policy);
    }

    /**
     * An agent whose work this person reviews: the agent works, the person is shown its output and the run waits;
     * approved, the output stands; edited, the person's text replaces it (for every later reference); rejected, the
     * step fails with {@link Approvals.RejectedException}. When the run continues, the agent is not run (nor its
     * model paid) again: what it showed is taken from the journal.
     *
     * <pre>{@code
     * Workflow reviewed = workflow.withAgentSteps(s -> s.id().equals("design")
     *         ? s.withAgent(Approvals.person("architect").reviewing(s.agent())) : s);
     * }</pre>
     *
     * @param agent the agent whose work is reviewed
     * @return the reviewed agent (named like {@code agent})
     */
    public Agent reviewing(Agent agent) {
        Objects.requireNonNull(agent, "agent");
        Approver me = this;
        return new Agent() {
            @Override
            public String name() {
                return agent.name();
            }

            @Override
            public AgentResult run(AgentCall call) {
                java.util.Optional<com.fasterxml.jackson.databind.JsonNode> shown = call.context().requested(Approvals.KIND);
                AgentResult work = shown.isPresent() ? null : agent.run(call);
                ObjectNode request;
                if (work != null) {
                    request = request(name, work.text(), allowed).put("agent", agent.name());
                    if (work.json() != null) request.set("json", work.json());
                    if (work.model() != null) request.put("model", work.model());
                } else { // the run continues: the work is what was shown
                    request = (ObjectNode) shown.get();
                    com.fasterxml.jackson.databind.JsonNode json = request.get("json");
                    work = new AgentResult(request.path("show").asText(), json == null || json.isNull() ? null : json,
                            request.hasNonNull("model") ? request.get("model").asText() : null);
                }
                Decision d = Decision.fromJson(call.context().await(Approvals.KIND, request, id -> { }, timeout));
                return me.outcome(d, work.text(), work);
            }

            @Override
            public String toString() {
                return me + ".reviewing(" + agent.name() + ")";
            }
        };
    }

    /** What a decision makes of the work shown. */
    private AgentResult outcome(Decision d, String shown, AgentResult work) {
        if (!allowed.contains(d.verdict())) { // answered around decide(), with engine.answer
            throw new OrchestrationException("approver " + name + " answered " + d.verdict() + ", which is not one of "
                    + "the allowed " + allowed);
        }
        switch (d.verdict()) {
            case APPROVE:
                return work != null ? work : new AgentResult(shown, null, null);
            case EDIT: // the edit replaces the work: JSON work is replaced by JSON, for references into it
                return new AgentResult(d.edited(), work != null && work.json() != null ? editedJson(d) : null, null);
            default:
                throw new Approvals.RejectedException(name, d.feedback());
        }
    }

    /** The edit of JSON work, parsed; a clear failure when it is not JSON (decide refuses such an edit before). */
    private JsonNode editedJson(Decision d) {
        try {
            return dev.devora.orchestration.internal.Json.parseReply(d.edited());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new OrchestrationException("approver " + name + ": the edit must be JSON, as the work it replaces is;"
                    + " was '" + (d.edited().length() > 200 ? d.edited().substring(0, 200) + "…" : d.edited()) + "'",
                    e, false);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The answers offered.
     *
     * @return the verdicts
     */
    public Set<Decision.Verdict> allowed() {
        return allowed;
    }

    /**
     * The timeout policy.
     *
     * @return it; or null to wait as long as it takes
     */
    public WaitTimeout timeoutPolicy() {
        return timeout;
    }

    @Override
    public AgentResult run(AgentCall call) {
        ObjectNode request = request(name, call.prompt(), allowed);
        Decision d = Decision.fromJson(call.context().await(Approvals.KIND, request, id -> { }, timeout));
        return outcome(d, call.prompt(), null);
    }

    /** What an approval request shows: who decides, what, and which answers are offered. */
    static ObjectNode request(String approver, String show, Set<Decision.Verdict> allowed) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("approver", approver).put("show", show);
        ArrayNode a = request.putArray("allowed");
        for (Decision.Verdict v : Decision.Verdict.values()) {
            if (allowed.contains(v)) a.add(v.name().toLowerCase(Locale.ROOT));
        }
        return request;
    }

    @Override
    public String toString() {
        return "Approvals.person(" + name + ")";
    }
}
