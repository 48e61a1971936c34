package dev.devora.orchestration.examples;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.io.PrintStream;
import java.util.Map;

/**
 * Listening to a run: progress (0–100 %, never decreasing), steps starting and finishing, every model call with its
 * tokens, cost and the model that answered, and the answer's tokens as they stream. The run is started
 * asynchronously; {@code run.result()} completes when it ends.
 *
 * <p>Listeners are called on the threads that run the steps: keep them fast and thread-safe (here, one
 * {@code synchronized} print). An exception thrown by a listener is logged and never breaks the run.
 *
 * <p>Run: {@code java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.EventsExample}
 */
public final class EventsExample {
    private EventsExample() {
    }

    public static void main(String[] args) {
        run(ExampleLlm.fromEnvironment(), System.out);
    }

    static WorkflowResult run(LlmProvider llm, PrintStream out) {
        LlmAgent poet = LlmAgent.builder("poet").role("poet").instructions("Write short poems.")
                .provider(llm).model(ExampleLlm.MODEL)
                .streaming(true)                     // TokenStreamed events as the answer arrives
                .build();
        LlmAgent critic = LlmAgent.builder("critic").role("literary critic").instructions("Be brief.")
                .provider(llm).model(ExampleLlm.MODEL).build();

        Workflow workflow = Workflow.builder("poem")
                .input(InputSpec.builder().required("topic", "what the poem is about").build())
                .step(Steps.agent("write", poet).prompt("A four-line poem about {{input.topic}}."))
                .step(Steps.agent("critique", critic).prompt("Critique in two sentences:\n{{write}}"))
                .build();

        WorkflowListener listener = event -> {
            synchronized (out) {
                if (event instanceof WorkflowEvent.TokenStreamed t) {
                    out.print(t.token());                                        // the poem, as it streams
                } else if (event instanceof WorkflowEvent.Progress p) {
                    out.println("\n[progress " + p.percent() + "%]");
                } else if (event instanceof WorkflowEvent.StepStarted s) {
                    out.println("[start " + s.path() + " (" + s.kind() + ")]");
                } else if (event instanceof WorkflowEvent.StepCompleted c) {
                    out.println("\n[done " + c.path() + " in " + c.duration().toMillis() + " ms]");
                } else if (event instanceof WorkflowEvent.LlmCallCompleted c) {
                    out.println("\n[call " + c.path() + ": " + c.model() + ", " + c.usage().totalTokens() + " tokens, $"
                            + c.usage().costUsd() + "]");
                } else if (event instanceof WorkflowEvent.RunCompleted r) {
                    out.println("[run " + r.status() + " in " + r.wallTime().toMillis() + " ms]");
                }                                                                // also: retries, gates, branches…
            }
        };

        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowRun run = engine.start(workflow, Map.of("topic", "parallel threads"), listener);
            out.println("[started run " + run.id() + "]");
            WorkflowResult result = run.result().join();   // or run.cancel(), run.pause(), run.progress()
            out.println("\nCritique: " + result.text("critique"));
            return result;
        }
    }
}
