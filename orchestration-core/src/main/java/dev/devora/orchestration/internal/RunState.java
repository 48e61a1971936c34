package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.workflow.StepOutput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The input and the outputs of one workflow's steps, by step id. A sub-workflow has its own state (its ids may
 * repeat the parent's) that also reports its outputs to the run's state as {@code sub/child}.
 */
final class RunState {
    private record Entry(String orderKey, StepOutput output) {
    }

    private final ObjectNode input;
    private final Map<String, Entry> outputs = new ConcurrentHashMap<>();
    private final RunState sink;
    private final String sinkPrefix;
    private final String sinkOrderPrefix;

    RunState(ObjectNode input) {
        this(input, null, null, null);
    }

    private RunState(ObjectNode input, RunState sink, String sinkPrefix, String sinkOrderPrefix) {
        this.input = input;
        this.sink = sink;
        this.sinkPrefix = sinkPrefix;
        this.sinkOrderPrefix = sinkOrderPrefix;
    }

    /** State of a nested workflow whose outputs also appear here as {@code prefix/id}. */
    RunState nested(ObjectNode nestedInput, String prefix, String orderPrefix) {
        return new RunState(nestedInput, this, prefix, orderPrefix);
    }

    ObjectNode input() {
        return input;
    }

    StepOutput output(String id) {
        Entry e = outputs.get(id);
        return e == null ? null : e.output;
    }

    void put(String id, String orderKey, StepOutput output) {
        outputs.put(id, new Entry(orderKey, output));
        if (sink != null) sink.put(sinkPrefix + "/" + id, sinkOrderPrefix + "." + orderKey, output);
    }

    /** Outputs ordered by declaration (orderKey), whatever the order they finished in. */
    Map<String, StepOutput> ordered() {
        List<Map.Entry<String, Entry>> entries = new ArrayList<>(outputs.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, Entry> e) -> e.getValue().orderKey).thenComparing(Map.Entry::getKey));
        Map<String, StepOutput> out = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : entries) out.put(e.getKey(), e.getValue().output);
        return java.util.Collections.unmodifiableMap(out);
    }
}
