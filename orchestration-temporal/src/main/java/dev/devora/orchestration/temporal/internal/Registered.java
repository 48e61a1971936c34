package dev.devora.orchestration.temporal.internal;

import io.temporal.failure.ApplicationFailure;

import java.util.Map;
import java.util.TreeSet;

/** Lookups in what a worker registered, failing for good (no retry fixes a worker's configuration). */
final class Registered {
    private Registered() {
    }

    static DefinitionMap definition(Map<String, DefinitionMap> definitions, String id) {
        DefinitionMap d = definitions.get(id);
        if (d == null) {
            throw ApplicationFailure.newNonRetryableFailure("no workflow definition '" + id + "' is registered with this"
                    + " worker (registered: " + String.join(", ", new TreeSet<>(definitions.keySet())) + ")",
                    "UnknownWorkflow");
        }
        return d;
    }

    static dev.devora.orchestration.llm.LlmProvider provider(Map<String, dev.devora.orchestration.llm.LlmProvider> providers,
                                                            String name) {
        dev.devora.orchestration.llm.LlmProvider p = providers.get(name);
        if (p == null) {
            throw ApplicationFailure.newNonRetryableFailure("no provider '" + name + "' is registered with this worker"
                    + " (registered: " + String.join(", ", new TreeSet<>(providers.keySet())) + ")", "UnknownProvider");
        }
        return p;
    }
}
