package dev.devora.orchestration.workflows;

import dev.devora.orchestration.agent.ModelOptions;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which model each role uses: a model per {@link ModelTier}, overridable per tier or per role. To keep costs
 * down, simple steps (copy, styles, test plans, doc reviews, routing) use the cheap tier.
 *
 * <p>Defaults (OpenRouter model ids): {@code FAST} → {@value #DEFAULT_FAST_MODEL} at temperature 0.3 with up to
 * 8,000 output tokens, {@code SMART} → {@value #DEFAULT_SMART_MODEL} at temperature 0.2 with up to 16,000 output
 * tokens (code files and OpenAPI documents are long).
 *
 * <pre>{@code
 * ModelPolicy cheap = ModelPolicy.defaults().toBuilder()
 *         .tier(ModelTier.SMART, "openai/gpt-5-mini")               // everything on the cheaper model
 *         .role("api-architect", "anthropic/claude-opus-4.1")       // except the API design
 *         .build();
 * }</pre>
 *
 * @param tiers options per tier (both tiers present)
 * @param roles options per role id, overriding the tier's
 */
public record ModelPolicy(Map<ModelTier, ModelOptions> tiers, Map<String, ModelOptions> roles) {
    /** Default model of the {@code FAST} tier. */
    public static final String DEFAULT_FAST_MODEL = "openai/gpt-5-mini";
    /** Default model of the {@code SMART} tier. */
    public static final String DEFAULT_SMART_MODEL = "anthropic/claude-sonnet-4.5";

    private static final ModelPolicy DEFAULTS = builder().build();

    /**
     * Checks that both tiers have options and copies the maps.
     *
     * @param tiers options per tier (both tiers present)
     * @param roles options per role id, overriding the tier's; or null for none
     * @throws IllegalArgumentException if a tier has no options
     */
    public ModelPolicy {
        Objects.requireNonNull(tiers, "tiers");
        for (ModelTier t : ModelTier.values()) {
            if (tiers.get(t) == null) throw new IllegalArgumentException("model policy has no options for tier " + t);
        }
        tiers = Collections.unmodifiableMap(new EnumMap<>(tiers));
        roles = roles == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    /**
     * The default policy.
     *
     * @return the policy described above
     */
    public static ModelPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this policy, to make a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tiers.putAll(tiers);
        b.roles.putAll(roles);
        return b;
    }

    /**
     * The options of a role: its own override, else its tier's.
     *
     * @param role the role
     * @return the model options its agent uses
     */
    public ModelOptions optionsFor(Role role) {
        ModelOptions own = roles.get(role.id());
        return own != null ? own : tiers.get(role.tier());
    }

    /** Builder for {@link ModelPolicy}; starts from the defaults. */
    public static final class Builder {
        private final Map<ModelTier, ModelOptions> tiers = new EnumMap<>(ModelTier.class);
        private final Map<String, ModelOptions> roles = new LinkedHashMap<>();

        private Builder() {
            tiers.put(ModelTier.FAST, ModelOptions.builder().model(DEFAULT_FAST_MODEL).temperature(0.3).maxTokens(8_000).build());
            tiers.put(ModelTier.SMART, ModelOptions.builder().model(DEFAULT_SMART_MODEL).temperature(0.2).maxTokens(16_000).build());
        }

        /**
         * Uses this model for a tier, keeping the tier's other options.
         *
         * @param tier    the tier
         * @param modelId the model id, not blank
         * @return this builder
         */
        public Builder tier(ModelTier tier, String modelId) {
            requireModel(modelId, "tier " + tier);
            tiers.put(tier, tiers.get(tier).toBuilder().model(modelId).build());
            return this;
        }

        /**
         * Uses these options for a tier.
         *
         * @param tier    the tier
         * @param options the options; not null
         * @return this builder
         */
        public Builder tier(ModelTier tier, ModelOptions options) {
            tiers.put(Objects.requireNonNull(tier, "tier"), Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * Uses this model for a role (its tier's other options are kept).
         *
         * @param roleId  the role id, e.g. {@code "api-architect"}
         * @param modelId the model id, not blank
         * @return this builder
         * @throws IllegalArgumentException if the role is unknown or the model id is blank
         */
        public Builder role(String roleId, String modelId) {
            Role role = Roles.byId(roleId);
            requireModel(modelId, "role " + roleId);
            roles.put(roleId, tiers.get(role.tier()).toBuilder().model(modelId).build());
            return this;
        }

        /**
         * Uses these options for a role.
         *
         * @param roleId  the role id
         * @param options the options; not null
         * @return this builder
         * @throws IllegalArgumentException if the role is unknown
         */
        public Builder role(String roleId, ModelOptions options) {
            Roles.byId(roleId);
            roles.put(roleId, Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public ModelPolicy build() {
            return new ModelPolicy(tiers, roles);
        }

        private static void requireModel(String modelId, String what) {
            if (modelId == null || modelId.isBlank()) {
                throw new IllegalArgumentException("model id of " + what + " must not be blank, was "
                        + (modelId == null ? "null" : "\"" + modelId + "\""));
            }
        }
    }
}
