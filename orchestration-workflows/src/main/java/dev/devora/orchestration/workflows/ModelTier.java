package dev.devora.orchestration.workflows;

/**
 * How capable (and costly) a model a role needs. Each role has a tier; a {@link ModelPolicy} maps tiers to models.
 *
 * <pre>{@code
 * ModelPolicy policy = ModelPolicy.defaults().toBuilder().tier(ModelTier.FAST, "openai/gpt-5-nano").build();
 * }</pre>
 */
public enum ModelTier {
    /** Simple, well-specified steps (copy, styles, test plans, reviews by rules): a cheap, fast model. */
    FAST,
    /** Design, code and judgement: a stronger model. */
    SMART
}
