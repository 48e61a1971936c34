package dev.devora.orchestration.examples;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Bounding a run: a timeout per step and per run, and a budget in tokens and US dollars. A run that crosses a limit
 * stops with a typed error ({@code BudgetExceededException}, {@code RunTimeoutException}) and keeps every output
 * finished before it stopped.
 *
 * <p>Run: {@code java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.BudgetsAndTimeoutsExample}
 */
public final class BudgetsAndTimeoutsExample {
    private BudgetsAndTimeoutsExample() {
    }

    public static void main(String[] args) {
        run(ExampleLlm.fromEnvironment(), System.out);
    }

    static WorkflowResult run(LlmProvider llm, PrintStream out) {
        LlmAgent analyst = LlmAgent.builder("analyst").role("business analyst").instructions("Be concise.")
                .provider(llm).model(ExampleLlm.MODEL).build();

        Workflow workflow = Workflow.builder("three-steps")
                .input(InputSpec.builder().required("product", "the product").build())
                .step(Steps.agent("personas", analyst).prompt("Three personas for {{input.product}}.")
                        .timeout(Duration.ofSeconds(90)))                        // one step's limit
                .step(Steps.agent("journeys", analyst).prompt("A user journey per persona:\n{{personas}}"))
                .step(Steps.agent("kpis", analyst).prompt("KPIs for these journeys:\n{{journeys}}"))
                .build();

        try (WorkflowEngine engine = WorkflowEngine.create()) {
            // Generous limits: the run succeeds.
            RunOptions generous = RunOptions.builder()
                    .timeout(Duration.ofMinutes(5))
                    .maxTokens(100_000)
                    .maxCostUsd("0.50")
                    .build();
            WorkflowResult ok = engine.run(workflow, Map.of("product", "a meal-planning app"), generous);
            out.println("Generous limits: " + ok.status() + ", " + ok.metrics().usage().totalTokens() + " tokens, $"
                    + ok.metrics().usage().costUsd());

            // A token budget that one call exhausts: the run stops after it, with the first output kept.
            WorkflowResult stopped = engine.run(workflow, Map.of("product", "a meal-planning app"),
                    RunOptions.builder().maxTokens(150).build());
            out.println("Budget of 150 tokens: " + stopped.status());
            stopped.failure().ifPresent(e -> out.println("  " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (e instanceof BudgetExceededException ? "" : " (cause: " + e.getCause() + ")")));
            out.println("  outputs kept: " + stopped.outputs().keySet());
            return stopped;
        }
    }
}
