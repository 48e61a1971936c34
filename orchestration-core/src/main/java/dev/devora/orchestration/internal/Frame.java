package dev.devora.orchestration.internal;

/**
 * Where a step executes: which workflow (index and state, with path and order prefixes for sub-workflows), the
 * innermost cancellation scope, loop iteration and gate. Immutable; {@code with…} methods derive inner frames.
 */
final class Frame {
    final WorkflowIndex index;
    final RunState state;
    final String pathPrefix;
    final String orderPrefix;
    final Scope scope;
    final int loopIteration;
    final GateSlot gate;
    /** What the journal keys of steps here add to their path: {@code #n} per enclosing loop iteration or gate attempt. */
    final String instance;

    Frame(WorkflowIndex index, RunState state, String pathPrefix, String orderPrefix, Scope scope, int loopIteration,
          GateSlot gate, String instance) {
        this.index = index;
        this.state = state;
        this.pathPrefix = pathPrefix;
        this.orderPrefix = orderPrefix;
        this.scope = scope;
        this.loopIteration = loopIteration;
        this.gate = gate;
        this.instance = instance;
    }

    Frame withScope(Scope s) {
        return new Frame(index, state, pathPrefix, orderPrefix, s, loopIteration, gate, instance);
    }

    Frame inLoop(int iteration, GateSlot slot) {
        return new Frame(index, state, pathPrefix, orderPrefix, scope, iteration, slot == null ? gate : slot,
                instance(instance, iteration));
    }

    /** The frame of a gate step's subject at one attempt. */
    Frame inGateAttempt(GateSlot slot, int attempt) {
        return new Frame(index, state, pathPrefix, orderPrefix, scope, loopIteration, slot, instance(instance, attempt));
    }

    /** How many first-level iterations have their instance string and, per step, their tag made once. */
    static final int CACHED_ITERATIONS = 16;
    private static final String[] FIRST = new String[CACHED_ITERATIONS + 1];

    static {
        for (int i = 1; i < FIRST.length; i++) FIRST[i] = "#" + i;
    }

    /** {@code outer#n}: the iterations of an inner loop or gate; the first levels' strings are made once. */
    static String instance(String outer, int n) {
        if (outer.isEmpty() && n < FIRST.length) return FIRST[n];
        return outer + "#" + n;
    }

    /** The iteration n when this frame's instance is that of one loop or gate around the step ({@code #n}); or 0. */
    int firstLevelIteration() {
        int n = loopIteration > 0 ? loopIteration : 0;
        if (n > 0 && n < FIRST.length && FIRST[n] == instance) return n;
        for (int i = 1; i < FIRST.length; i++) if (FIRST[i] == instance) return i; // a gate's attempt
        return 0;
    }

    /** The journal key of a step execution here: its path, then this frame's iterations and attempts. */
    String key(String path) {
        return instance.isEmpty() ? path : path + instance;
    }

    String path(WorkflowIndex.StepInfo info) {
        return pathPrefix.isEmpty() ? info.path() : pathPrefix + "/" + info.path();
    }

    String orderKey(WorkflowIndex.StepInfo info) {
        return orderPrefix.isEmpty() ? info.orderKey() : orderPrefix + "." + info.orderKey();
    }
}
