package dev.devora.orchestration.examples;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.io.PrintStream;
import java.util.Map;

/**
 * A custom workflow with the four patterns: sequential (draft, then review), parallel (three critics at once),
 * conditional (a privacy review only when the feature touches personal data) and iterative (rewrite until a judge
 * scores it 80 or more, at most 3 rounds).
 *
 * <p>Run: {@code java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.CustomWorkflowExample}
 */
public final class CustomWorkflowExample {
    private CustomWorkflowExample() {
    }

    public static void main(String[] args) {
        run(ExampleLlm.fromEnvironment(), System.out);
    }

    static WorkflowResult run(LlmProvider llm, PrintStream out) {
        // 1. Agents: a role, instructions and a model each.
        LlmAgent architect = agent(llm, "architect", "senior software architect", "Design pragmatic, secure systems.");
        LlmAgent security = agent(llm, "security", "application security reviewer", "Find the design's security risks.");
        LlmAgent cost = agent(llm, "cost", "cloud cost analyst", "Estimate the monthly cost and how to cut it.");
        LlmAgent ops = agent(llm, "ops", "site reliability engineer", "Check operability: alerts, rollbacks, SLOs.");
        LlmAgent privacy = agent(llm, "privacy", "data protection officer", "Check GDPR compliance of personal data flows.");

        // 2. The gate of the loop: a model judges the rewrite against a rubric.
        QualityGate judge = QualityGates.llmJudge("design-quality", llm, """
                Score the design:
                - components and data flows are named (40)
                - every critique point is addressed (40)
                - risks have mitigations (20)
                """).build();

        // 3. The workflow: steps read only what they reference ({{input.x}}, {{stepId}}, {{gate.feedback}}).
        Workflow workflow = Workflow.builder("design-review")
                .input(InputSpec.builder()
                        .required("feature", "what to design")
                        .optional("personal_data", "does it store personal data? yes/no")
                        .build())
                .step(Steps.agent("draft", architect).prompt("Design {{input.feature}}."))               // sequential
                .step(Steps.parallel("critique",                                                          // parallel
                        Steps.agent("security-review", security).prompt("Review this design:\n{{draft}}"),
                        Steps.agent("cost-review", cost).prompt("Review this design:\n{{draft}}"),
                        Steps.agent("ops-review", ops).prompt("Review this design:\n{{draft}}")))
                .step(Steps.when("privacy-check", Condition.inputEquals("personal_data", "yes"),            // conditional
                        Steps.agent("privacy-review", privacy).prompt("Review the personal data flows of:\n{{draft}}")))
                .step(Steps.loop("revise", Steps.agent("rewrite", architect).prompt("""
                                Improve the design using the critiques and the judge's feedback.
                                Design: {{draft}}
                                Critiques: {{critique}}
                                Privacy: {{privacy-check}}
                                Judge feedback (empty on the first round): {{gate.feedback}}"""))
                        .until(judge, 80)                                                                  // iterative
                        .maxIterations(3))
                .deliverable("design", "revise")
                .build();

        // 4. Run it, then look at the result: status, gate attempts, cost, the deliverable.
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            out.println(workflow.toMermaid());
            WorkflowResult result = engine.run(workflow, Map.of("feature", "a rate limiter for a public API", "personal_data", "yes"));
            out.println("Status: " + result.status());
            result.gateHistory().forEach(g -> out.println("  gate " + g.path() + " attempt " + g.attempt() + ": "
                    + g.verdict().score() + "/" + g.verdict().threshold()));
            out.println("Tokens: " + result.metrics().usage().totalTokens() + ", cost: $" + result.metrics().usage().costUsd());
            out.println("\nFinal design:\n" + result.text("revise"));
            return result;
        }
    }

    private static LlmAgent agent(LlmProvider llm, String name, String role, String instructions) {
        return LlmAgent.builder(name).role(role).instructions(instructions).provider(llm).model(ExampleLlm.MODEL).build();
    }
}
