package dev.devora.orchestration.internal;

import dev.devora.orchestration.journal.StepRef;

/**
 * Who a step execution is, for the journal, accounting and events: its accounting slot (declaration order in the
 * run's own workflow, -1 inside sub-workflows), the iterations around it and the step.
 *
 * @param slot     index into the accounting's per-step array, or -1 to account by path
 * @param instance {@code #n} per enclosing loop iteration or gate attempt ("" for none): with the path, the
 *                 execution's journal key
 * @param ref      the step: path, order key, kind, agent and squad
 */
public record StepTag(int slot, String instance, StepRef ref) {
    /** The tag of a journaled step execution, its slot read back from the order key (no dot: the run's own step). */
    static StepTag of(String instance, StepRef ref) {
        String order = ref.orderKey();
        int slot = -1;
        if (order.indexOf('.') < 0) {
            try {
                slot = Integer.parseInt(order);
            } catch (NumberFormatException e) {
                slot = -1;
            }
        }
        return new StepTag(slot, instance, ref);
    }

    /** The execution's journal key, {@code path#iteration…} (computed: fresh runs never need it). */
    String key() {
        return dev.devora.orchestration.journal.JournalEntry.key(ref.path(), instance);
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
