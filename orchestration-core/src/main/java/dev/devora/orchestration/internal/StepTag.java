package dev.devora.orchestration.internal;

import dev.devora.orchestration.journal.StepRef;

/**
 * Who a step execution is, for the journal, accounting and events: its accounting slot (declaration order in the
 * run's own workflow, -1 inside sub-workflows), its journal key ({@code path#iteration…}) and the step.
 *
 * @param slot index into the accounting's per-step array, or -1 to account by path
 * @param key  the execution's journal key: the path, then {@code #n} per enclosing loop iteration or gate attempt
 * @param ref  the step: path, order key, kind, agent and squad
 */
record StepTag(int slot, String key, StepRef ref) {
    /** The tag of a journaled step execution, its slot read back from the order key (no dot: the run's own step). */
    static StepTag of(String key, StepRef ref) {
        String order = ref.orderKey();
        int slot = -1;
        if (order.indexOf('.') < 0) {
            try {
                slot = Integer.parseInt(order);
            } catch (NumberFormatException e) {
                slot = -1;
            }
        }
        return new StepTag(slot, key, ref);
    }

    String path() {
        return ref.path();
    }

    String orderKey() {
        return ref.orderKey();
    }

    String kind() {
        return ref.kind();
    }

    String agent() {
        return ref.agent();
    }

    String squad() {
        return ref.squad();
    }
}
