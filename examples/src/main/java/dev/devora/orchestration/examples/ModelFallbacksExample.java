package dev.devora.orchestration.examples;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.ModelOptions;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.SimulatedProvider;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Model fallbacks: an agent names a primary model and fallbacks, tried in order when the primary fails or is
 * unavailable (OpenRouter does it server-side in the same request). Every call records the model that actually
 * answered: in the result's metrics ({@link LlmCallRecord#model()}) and in {@code LlmCallCompleted} events.
 *
 * <p>Offline, the simulated provider pretends the primary model is down, so the fallback answers.
 *
 * <p>Run: {@code java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.ModelFallbacksExample}
 */
public final class ModelFallbacksExample {
    static final String PRIMARY = "anthropic/claude-sonnet-4.5";
    static final List<String> FALLBACKS = List.of("openai/gpt-5-mini", "google/gemini-2.5-flash");

    private ModelFallbacksExample() {
    }

    public static void main(String[] args) {
        String key = System.getenv(OpenRouterProvider.Builder.API_KEY_VARIABLE);
        LlmProvider llm;
        if (key != null && !key.isBlank()) {
            llm = OpenRouterProvider.builder().apiKey(key).build();
        } else {
            System.out.println("OPENROUTER_API_KEY is not set: running OFFLINE on a simulated provider where "
                    + PRIMARY + " is down (placeholder answers marked [simulated]).\n");
            llm = SimulatedProvider.builder().unavailable(PRIMARY).build();
        }
        run(llm, System.out);
    }

    static WorkflowResult run(LlmProvider llm, PrintStream out) {
        LlmAgent summarizer = LlmAgent.builder("summarizer").role("editor").instructions("Summarise in one sentence.")
                .provider(llm)
                .model(ModelOptions.builder()
                        .model(PRIMARY)                 // asked first
                        .fallbackModels(FALLBACKS)      // then these, in order
                        .temperature(0.2)
                        .build())
                .build();

        Workflow workflow = Workflow.builder("summary")
                .input(InputSpec.builder().required("text", "the text to summarise").build())
                .step(Steps.agent("summarize", summarizer).prompt("Summarise: {{input.text}}"))
                .build();

        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowResult result = engine.run(workflow, Map.of("text",
                    "Virtual threads make blocking code scale: each waits cheaply while the JVM runs others."));
            for (LlmCallRecord call : result.metrics().calls()) {
                out.println(call.path() + ": asked " + PRIMARY + ", answered by " + call.model()
                        + (call.model().equals(PRIMARY) ? "" : " (a fallback)") + " in " + call.latency().toMillis() + " ms");
            }
            out.println(result.text("summarize"));
            return result;
        }
    }
}
