package dev.devora.orchestration.examples;

import dev.devora.orchestration.testing.SimulatedProvider;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.OpenRouterProvider;

/**
 * The model provider of the example mains: OpenRouter when {@code OPENROUTER_API_KEY} is set, otherwise the offline
 * {@link SimulatedProvider} (deterministic placeholder answers marked {@code [simulated]}), said plainly.
 *
 * <pre>{@code
 * LlmProvider llm = ExampleLlm.fromEnvironment();
 * }</pre>
 */
public final class ExampleLlm {
    /** A cheap model for the examples (OpenRouter id). */
    public static final String MODEL = "openai/gpt-5-mini";

    private ExampleLlm() {
    }

    public static LlmProvider fromEnvironment() {
        String key = System.getenv(OpenRouterProvider.Builder.API_KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            System.out.println("OPENROUTER_API_KEY is not set: running OFFLINE on a simulated provider "
                    + "(placeholder answers marked [simulated], fake costs).\n");
            return SimulatedProvider.create();
        }
        return OpenRouterProvider.builder().apiKey(key).appTitle("Devora Orchestration examples").build();
    }
}
