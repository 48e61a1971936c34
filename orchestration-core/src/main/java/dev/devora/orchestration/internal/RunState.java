package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.workflow.StepOutput;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The input and the outputs of one workflow's steps. Outputs sit in an array indexed by declaration order, so
 * reading them back in declaration order needs no sorting. A sub-workflow has its own state (its ids may repeat the
 * parent's) that also reports its outputs to the parent as {@code sub/child}, kept apart with their order keys.
 */
final class RunState {
    private record Nested(String orderKey, StepOutput output) {
    }

    private final ObjectNode input;
    private final WorkflowIndex index;
    private final AtomicReferenceArray<StepOutput> outputs;
    private final RunState sink;
    private final String sinkPrefix;
    private final String sinkOrderPrefix;
    private volatile Map<String, Nested> nested;

    RunState(ObjectNode input, WorkflowIndex index) {
        this(input, index, null, null, null);
    }

    private RunState(ObjectNode input, WorkflowIndex index, RunState sink, String sinkPrefix, String sinkOrderPrefix) {
        this.input = input;
        this.index = index;
        this.outputs = new AtomicReferenceArray<>(index.steps().size());
        this.sink = sink;
        this.sinkPrefix = sinkPrefix;
        this.sinkOrderPrefix = sinkOrderPrefix;
    }

    /** State of a nested workflow whose outputs also appear here as {@code prefix/id}. */
    RunState nested(ObjectNode nestedInput, WorkflowIndex nestedIndex, String prefix, String orderPrefix) {
        return new RunState(nestedInput, nestedIndex, this, prefix, orderPrefix);
    }

    ObjectNode input() {
        return input;
    }

    StepOutput output(String id) {
        WorkflowIndex.StepInfo info = index.info(id);
        return info == null ? null : outputs.get(info.order());
    }

    void put(WorkflowIndex.StepInfo info, String orderKey, StepOutput output) {
        outputs.set(info.order(), output);
        if (sink != null) sink.putNested(sinkPrefix + "/" + info.step().id(), sinkOrderPrefix + "." + orderKey, output);
    }

    private void putNested(String key, String orderKey, StepOutput output) {
        Map<String, Nested> map = nested;
        if (map == null) {
            synchronized (this) {
                if (nested == null) nested = new ConcurrentHashMap<>();
                map = nested;
            }
        }
        map.put(key, new Nested(orderKey, output));
        if (sink != null) sink.putNested(sinkPrefix + "/" + key, sinkOrderPrefix + "." + orderKey, output);
    }

    /** Outputs by key in declaration order, whatever the order they finished in. */
    Map<String, StepOutput> ordered() {
        Map<String, StepOutput> out = new LinkedHashMap<>();
        Map<String, Nested> extra = nested;
        List<Map.Entry<String, Nested>> pending = extra == null ? new ArrayList<>(0) : new ArrayList<>(extra.entrySet());
        pending.sort(Comparator.comparing((Map.Entry<String, Nested> e) -> e.getValue().orderKey).thenComparing(Map.Entry::getKey));
        int next = 0;
        for (WorkflowIndex.StepInfo info : index.steps()) {
            StepOutput o = outputs.get(info.order());
            if (o != null) out.put(info.step().id(), o);
            String prefix = info.orderKey() + ".";
            while (next < pending.size() && pending.get(next).getValue().orderKey.startsWith(prefix)) {
                out.put(pending.get(next).getKey(), pending.get(next).getValue().output);
                next++;
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
