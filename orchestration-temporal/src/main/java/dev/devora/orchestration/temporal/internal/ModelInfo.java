package dev.devora.orchestration.temporal.internal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a provider knows of a model (its price, its context length), as a local activity: a provider may fetch its
 * catalogue, which workflow code must not, and a replay must decide budgets and context checks with the answer the
 * run had, which the history keeps.
 *
 * <pre>{@code
 * ModelInfo info = Workflow.newLocalActivityStub(ModelInfo.class, options);
 * String json = info.describe("openrouter", "openai/gpt-5-mini"); // {"price": {...}, "context_length": 400000}
 * }</pre>
 */
@ActivityInterface
public interface ModelInfo {
    /**
     * Asks the registered provider about a model.
     *
     * @param provider the provider's name
     * @param model    the model, or null for the provider's default
     * @return {@code {"price": ModelPrice, "context_length": n}}, each absent when the provider does not know it
     */
    @ActivityMethod(name = "DevoraModelInfo")
    String describe(String provider, String model);
}
