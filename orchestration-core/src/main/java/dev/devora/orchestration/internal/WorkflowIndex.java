package dev.devora.orchestration.internal;

import dev.devora.orchestration.workflow.Step;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the engine needs to know about a validated workflow, computed once when it is built: each step's path,
 * declaration order, parsed templates and progress weight. Internal: not part of the API.
 */
public final class WorkflowIndex {

    /**
     * One step.
     *
     * @param step     the step
     * @param path     its path, e.g. {@code review/critique/security}
     * @param order    its position in declaration (pre-)order
     * @param template its parsed prompt (agent and route steps); or null
     * @param inputs   a sub-workflow step's parsed input templates; empty otherwise
     * @param weight   its share of the run's progress, in leaf steps
     * @param orderKey sortable form of {@code order}, e.g. {@code "00012"}
     * @param tag      who an execution of the step is when it runs in the run's own workflow outside any loop or gate
     *                 (the journal's and accounting's tag, made once)
     * @param inLoop   the tags of its executions in iteration (or attempt) 1..16 of one loop or gate, made when first
     *                 needed and kept (immutable, so a race only makes one twice)
     */
    public record StepInfo(Step step, String path, int order, Template template, Map<String, Template> inputs,
                           int weight, String orderKey, StepTag tag, StepTag[] inLoop) {
        /** The tag of an execution at iteration {@code n} (1..16) of one loop or gate in the run's own workflow. */
        public StepTag tagInLoop(int n, String instance) {
            StepTag t = inLoop[n];
            if (t == null) {
                t = new StepTag(order, instance, tag.ref());
                inLoop[n] = t;
            }
            return t;
        }

        /** A step's info, with its tag. */
        public StepInfo(Step step, String path, int order, Template template, Map<String, Template> inputs, int weight,
                        String orderKey) {
            this(step, path, order, template, inputs, weight, orderKey, new StepTag(order, "",
                    new dev.devora.orchestration.journal.StepRef(path, orderKey, step.kind(),
                            step instanceof dev.devora.orchestration.workflow.AgentStep a ? a.agent().name() : null,
                            step instanceof dev.devora.orchestration.workflow.AgentStep a ? a.squad() : null)),
                    new StepTag[Frame.CACHED_ITERATIONS + 1]);
        }
    }

    /** Steps of a sequence or parallel step, with the sum of their weights: the engine's per-child lookups, once. */
    public record Children(StepInfo[] infos, int totalWeight) {
    }

    private final Map<String, Children> children = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile StepFingerprints fingerprints;

    private final Map<String, StepInfo> byId;
    private final List<StepInfo> ordered;
    private final int totalWeight;
    private final int depth;
    private final Map<String, java.time.Duration> slas;

    WorkflowIndex(Map<String, StepInfo> byId, List<StepInfo> ordered, int totalWeight, int depth,
                  Map<String, java.time.Duration> slas) {
        this.slas = Map.copyOf(slas);
        this.byId = Collections.unmodifiableMap(byId);
        this.ordered = List.copyOf(ordered);
        this.totalWeight = totalWeight;
        this.depth = depth;
    }

    /** The steps' digests, once computed; or null. */
    StepFingerprints fingerprints() {
        return fingerprints;
    }

    void fingerprints(StepFingerprints computed) {
        this.fingerprints = computed;
    }

    /** How many levels the workflow's steps nest, its sub-workflows' steps included. */
    public int depth() {
        return depth;
    }

    public StepInfo info(String stepId) {
        return byId.get(stepId);
    }

    /** Every step in declaration order. */
    public List<StepInfo> steps() {
        return ordered;
    }

    /** A step's SLA ({@code Workflow.Builder.sla}); or null when it has none. */
    public java.time.Duration sla(String stepId) {
        return slas.isEmpty() ? null : slas.get(stepId);
    }

    public boolean contains(String stepId) {
        return byId.containsKey(stepId);
    }

    /** The infos of a list of steps of this workflow (cached by the list's parent id; {@code ""} for top level). */
    public Children children(String parentId, List<Step> steps) {
        Children c = children.get(parentId);
        if (c == null) {
            StepInfo[] infos = new StepInfo[steps.size()];
            int total = 0;
            for (int i = 0; i < infos.length; i++) {
                infos[i] = byId.get(steps.get(i).id());
                total += infos[i].weight();
            }
            c = new Children(infos, total);
            children.put(parentId, c);
        }
        return c;
    }

    /** Sum of the top-level steps' weights. */
    public int totalWeight() {
        return totalWeight;
    }
}
