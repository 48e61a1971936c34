package dev.devora.orchestration.internal;

import dev.devora.orchestration.workflow.Workflow;

/**
 * A digest of a whole workflow definition, the one a resumed run's journal compares step by step: what another
 * process running the same definition by its id (a Temporal worker) checks before it runs a run of it.
 *
 * <pre>{@code
 * if (!DefinitionFingerprint.of(workflow).equals(expected)) throw new IllegalStateException("changed");
 * }</pre>
 */
public final class DefinitionFingerprint {
    private DefinitionFingerprint() {
    }

    /**
     * The definition's digest.
     *
     * @param workflow the definition
     * @return its digest (hex), the same for the same definition in any JVM
     */
    public static String of(Workflow workflow) {
        return StepFingerprints.of(workflow).workflow();
    }
}
