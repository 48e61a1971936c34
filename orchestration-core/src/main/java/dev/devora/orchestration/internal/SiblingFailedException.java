package dev.devora.orchestration.internal;

import dev.devora.orchestration.OrchestrationException;

/** Why a parallel branch was cancelled: a sibling failed first (fail-fast). Never reaches users. */
final class SiblingFailedException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    SiblingFailedException(String path) {
        super("cancelled because a sibling branch of '" + path + "' failed", null, false);
    }
}
