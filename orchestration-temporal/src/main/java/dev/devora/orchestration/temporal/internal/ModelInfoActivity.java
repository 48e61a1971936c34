package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.llm.LlmProvider;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The worker's model-info activity: asks the registered provider for a model's price (decimals as text, so that a
 * budget decides on exactly the same numbers) and context length; what it cannot tell (or fails to fetch) is left
 * out, as the engine treats an unknown price or context in one JVM.
 *
 * <pre>{@code
 * worker.registerActivitiesImplementations(new ModelInfoActivity(Map.of(llm.name(), llm)));
 * }</pre>
 */
public final class ModelInfoActivity implements ModelInfo {
    private final Map<String, LlmProvider> providers;

    /**
     * The activity over these providers.
     *
     * @param providers provider name → provider
     */
    public ModelInfoActivity(Map<String, LlmProvider> providers) {
        this.providers = Map.copyOf(providers);
    }

    @Override
    public String describe(String provider, String model) {
        LlmProvider p = Registered.provider(providers, provider);
        ObjectNode out = LlmJson.MAPPER.createObjectNode();
        try {
            p.price(model).ifPresent(price -> { // decimals as text: every digit and the scale kept
                ObjectNode n = out.putObject("price").put("prompt_per_token", price.promptPerToken().toPlainString())
                        .put("completion_per_token", price.completionPerToken().toPlainString());
                if (price.model() != null) n.put("model", price.model());
            });
        } catch (RuntimeException unknown) { // as in one JVM: a price that cannot be had is unknown
        }
        try {
            OptionalInt n = p.contextLength(model);
            if (n != null && n.isPresent()) out.put("context_length", n.getAsInt());
        } catch (RuntimeException unknown) {
        }
        return out.toString();
    }
}
