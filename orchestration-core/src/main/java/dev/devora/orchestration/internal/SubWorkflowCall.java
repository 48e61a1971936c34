package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.workflow.Workflow;

import java.util.List;
import java.util.function.Supplier;

/**
 * A sub-workflow step about to run, as the interpreter gives it to {@link RunEffects#runSubWorkflow}: the nested
 * workflow, its validated input, where it sits in the run (its path, order key and loop or gate instance: the nested
 * steps are journaled under {@code path/...} with that instance, as in one JVM), and what the run's journal already
 * holds for it (made only when asked).
 *
 * <pre>{@code
 * for (JournalEntry e : call.recorded()) childStore.append(runId, e, null);
 * WorkflowResult part = childEngine.runNested(call.workflow(), call.input(), limits, runId,
 *         new NestedPlace(call.path(), call.orderKey(), call.instance()));
 * }</pre>
 */
public final class SubWorkflowCall {
    private final Workflow workflow;
    private final String path;
    private final String orderKey;
    private final String instance;
    private final ObjectNode input;
    private final Supplier<List<JournalEntry>> recorded;

    SubWorkflowCall(Workflow workflow, String path, String orderKey, String instance, ObjectNode input,
                    Supplier<List<JournalEntry>> recorded) {
        this.workflow = workflow;
        this.path = path;
        this.orderKey = orderKey;
        this.instance = instance;
        this.input = input;
        this.recorded = recorded;
    }

    /** {@return the nested workflow} */
    public Workflow workflow() {
        return workflow;
    }

    /** {@return the step's path in the run, e.g. {@code rounds/build}} */
    public String path() {
        return path;
    }

    /** {@return the step's order key in the run (outputs are ordered by it)} */
    public String orderKey() {
        return orderKey;
    }

    /** {@return the loop iterations and gate attempts around the step, e.g. {@code #2}; empty for none} */
    public String instance() {
        return instance;
    }

    /** {@return the nested workflow's input, validated} */
    public ObjectNode input() {
        return input;
    }

    /**
     * What the run's journal holds that a run of this step elsewhere needs, in seq order: every entry of the step's
     * nested steps at this instance (an earlier part of it that waited), the answers and timeouts of its requests,
     * the run's warnings (each is recorded once per run), and the run's other model calls without their answers (for
     * its budgets).
     *
     * @return the entries
     */
    public List<JournalEntry> recorded() {
        return recorded.get();
    }
}
