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

    Frame(WorkflowIndex index, RunState state, String pathPrefix, String orderPrefix, Scope scope, int loopIteration,
          GateSlot gate) {
        this.index = index;
        this.state = state;
        this.pathPrefix = pathPrefix;
        this.orderPrefix = orderPrefix;
        this.scope = scope;
        this.loopIteration = loopIteration;
        this.gate = gate;
    }

    Frame withScope(Scope s) {
        return new Frame(index, state, pathPrefix, orderPrefix, s, loopIteration, gate);
    }

    Frame inLoop(int iteration, GateSlot slot) {
        return new Frame(index, state, pathPrefix, orderPrefix, scope, iteration, slot == null ? gate : slot);
    }

    Frame withGate(GateSlot slot) {
        return new Frame(index, state, pathPrefix, orderPrefix, scope, loopIteration, slot);
    }

    String path(WorkflowIndex.StepInfo info) {
        return pathPrefix.isEmpty() ? info.path() : pathPrefix + "/" + info.path();
    }

    String orderKey(WorkflowIndex.StepInfo info) {
        return orderPrefix.isEmpty() ? info.orderKey() : orderPrefix + "." + info.orderKey();
    }
}
