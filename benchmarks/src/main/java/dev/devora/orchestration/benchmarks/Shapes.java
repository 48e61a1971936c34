package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.RouteStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.util.Map;

/**
 * The four benchmark shapes of the issue, built on a given provider. Every agent is an {@link LlmAgent} with a
 * role (so it sends a system message), every prompt is a template that references the input or earlier outputs, so
 * a run renders templates, builds requests, accounts usage and emits events like a real one.
 *
 * <ul>
 *   <li>S1 {@link #s1}: a sequence of 10 agent steps {@code a1..a10}; {@code a1} references the input, each next
 *       one the previous step's output. 10 calls; critical path 10 calls.</li>
 *   <li>S2 {@link #s2}: a parallel step {@code reviews} of 8 agents {@code r1..r8}, then an aggregator {@code
 *       summary} referencing all 8 outputs. 9 calls; critical path 2 calls.</li>
 *   <li>S3 {@link #s3}: a loop {@code revise} whose body is a writer then a reviewer; its exit condition ("the
 *       reviewer approved", modelled as {@code loop.iteration >= 3}) becomes true at iteration 3, bound 5.
 *       6 calls; critical path 6 calls.</li>
 *   <li>S4 {@link #s4}: a router agent, then the chosen one of 3 single-agent options ({@code Steps.route}); the
 *       router's provider answers {@code "security"}, the second option. 2 calls; critical path 2 calls.</li>
 * </ul>
 *
 * At 20 ms per call the critical paths are 200 / 40 / 120 / 40 ms.
 */
public final class Shapes {
    /** The input of every run. */
    public static final Map<String, Object> INPUT = Map.of("topic", "a token-bucket rate limiter for a REST API");

    /** Model calls on each shape's critical path. */
    public static final int S1_PATH = 10, S2_PATH = 2, S3_PATH = 6, S4_PATH = 2;
    /** Model calls per run of each shape. */
    public static final int S1_CALLS = 10, S2_CALLS = 9, S3_CALLS = 6, S4_CALLS = 2;
    /** The option the S4 router chooses. */
    public static final String S4_CHOICE = "security";

    private Shapes() {
    }

    static LlmAgent agent(String name, String role, LlmProvider provider) {
        return LlmAgent.builder(name).role(role)
                .instructions("Be concise and concrete.")
                .provider(provider).build();
    }

    /** S1: 10 agents in sequence, each building on the previous one's output. */
    public static Workflow s1(LlmProvider provider) {
        Workflow.Builder b = Workflow.builder("s1-sequence");
        for (int i = 1; i <= 10; i++) {
            LlmAgent a = agent("writer-" + i, "technical writer number " + i, provider);
            String prompt = i == 1 ? "Write a first draft about {{input.topic}}."
                    : "Improve this draft, keeping what works:\n\n{{a" + (i - 1) + "}}";
            b.step(Steps.agent("a" + i, a).prompt(prompt));
        }
        return b.build();
    }

    /** S2: 8 reviewers in parallel, then an aggregator referencing all 8 reviews. */
    public static Workflow s2(LlmProvider provider) {
        Step[] reviewers = new Step[8];
        StringBuilder aggregate = new StringBuilder("Merge these reviews of {{input.topic}} into one list:\n");
        for (int i = 1; i <= 8; i++) {
            LlmAgent a = agent("reviewer-" + i, "reviewer of concern " + i, provider);
            reviewers[i - 1] = Steps.agent("r" + i, a).prompt("Review {{input.topic}} for concern " + i + ".");
            aggregate.append("\n- Review ").append(i).append(": {{r").append(i).append("}}");
        }
        return Workflow.builder("s2-parallel")
                .step(Steps.parallel("reviews", reviewers))
                .step(Steps.agent("summary", agent("aggregator", "lead reviewer", provider)).prompt(aggregate.toString()))
                .build();
    }

    /** S3: a writer/reviewer loop whose exit condition holds at iteration 3 (bound 5). */
    public static Workflow s3(LlmProvider provider) {
        AgentStep write = Steps.agent("write", agent("writer", "writer", provider))
                .prompt("Write (round {{loop.iteration}}) a design note on {{input.topic}}.");
        AgentStep review = Steps.agent("review", agent("reviewer", "reviewer", provider))
                .prompt("Review this design note and say APPROVED when it is good:\n\n{{write}}");
        return Workflow.builder("s3-loop")
                .step(Steps.loop("revise", Steps.sequence("round", write, review))
                        .until(Condition.of("the reviewer approved", s -> s.loopIteration() >= 3))
                        .maxIterations(5))
                .build();
    }

    /**
     * S4: a router, then one of 3 single-agent options. {@code router} must answer an option name
     * ({@link #S4_CHOICE}), {@code provider} serves the options.
     */
    public static Workflow s4(LlmProvider router, LlmProvider provider) {
        RouteStep route = Steps.route("triage", agent("router", "triage lead", router))
                .prompt("Which review does {{input.topic}} need most?")
                .option("performance", "latency and throughput review",
                        Steps.agent("perf", agent("perf-reviewer", "performance engineer", provider))
                                .prompt("Review the performance of {{input.topic}}."))
                .option(S4_CHOICE, "threat model and abuse cases",
                        Steps.agent("sec", agent("sec-reviewer", "security engineer", provider))
                                .prompt("Review the security of {{input.topic}}."))
                .option("api", "API ergonomics and compatibility",
                        Steps.agent("api", agent("api-reviewer", "API designer", provider))
                                .prompt("Review the API of {{input.topic}}."));
        return Workflow.builder("s4-route").step(route).build();
    }

    /** A router provider for {@link #s4}: answers {@link #S4_CHOICE} after the latency. */
    public static StubProvider router(java.time.Duration latency) {
        return new StubProvider(S4_CHOICE, latency);
    }
}
