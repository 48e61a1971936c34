package dev.devora.orchestration.testing;

import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a run's events in arrival order (thread-safe) and checks the event contract: one {@code RunStarted}
 * (or {@code RunResumed}) first, one {@code RunCompleted} last, every {@code StepStarted} matched by one completion, failure or skip, and
 * progress never decreasing.
 *
 * <pre>{@code
 * RecordingWorkflowListener events = new RecordingWorkflowListener();
 * engine.run(workflow, input, RunOptions.NONE, events);
 * events.assertWellFormed();
 * assertThat(events.startedPaths()).containsExactly("draft", "critique", ...);
 * }</pre>
 */
public final class RecordingWorkflowListener implements WorkflowListener {
    private final List<WorkflowEvent> events = new ArrayList<>();

    /** A listener that has recorded nothing yet. */
    public RecordingWorkflowListener() {
    }

    @Override
    public void onEvent(WorkflowEvent event) {
        synchronized (events) {
            events.add(event);
        }
    }

    /** {@return every event received so far, in arrival order} */
    public List<WorkflowEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * The events of one type, in arrival order.
     *
     * @param type the event record, e.g. {@code WorkflowEvent.StepFailed.class}
     * @param <T>  that type
     * @return the events of that type
     */
    public <T extends WorkflowEvent> List<T> ofType(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** {@return the paths of started steps, in start order} */
    public List<String> startedPaths() {
        return ofType(WorkflowEvent.StepStarted.class).stream().map(WorkflowEvent.StepStarted::path).toList();
    }

    /** {@return the paths of completed steps, in completion order} */
    public List<String> completedPaths() {
        return ofType(WorkflowEvent.StepCompleted.class).stream().map(WorkflowEvent.StepCompleted::path).toList();
    }

    /** {@return the progress percentages, in order} */
    public List<Integer> progress() {
        return ofType(WorkflowEvent.Progress.class).stream().map(WorkflowEvent.Progress::percent).toList();
    }

    /**
     * Throws {@link AssertionError} unless the events follow the contract: one start (or resumption) first, one
     * {@code RunCompleted} last, every step start matched by one completion, failure or skip (but for a run that ends
     * {@code WAITING}: the steps that wait, and those around them, stay open), progress rising to 100.
     */
    public void assertWellFormed() {
        List<WorkflowEvent> all = events();
        if (all.isEmpty() || !(all.get(0) instanceof WorkflowEvent.RunStarted
                || all.get(0) instanceof WorkflowEvent.RunResumed)) {
            throw new AssertionError("first event is not RunStarted or RunResumed: "
                    + (all.isEmpty() ? "no events" : all.get(0)));
        }
        if (!(all.get(all.size() - 1) instanceof WorkflowEvent.RunCompleted)) {
            throw new AssertionError("last event is not RunCompleted: " + all.get(all.size() - 1));
        }
        if (ofType(WorkflowEvent.RunStarted.class).size() + ofType(WorkflowEvent.RunResumed.class).size() != 1
                || ofType(WorkflowEvent.RunCompleted.class).size() != 1) {
            throw new AssertionError("expected exactly one RunStarted (or RunResumed) and one RunCompleted");
        }
        Map<String, Integer> open = new HashMap<>();
        for (WorkflowEvent e : all) {
            if (e instanceof WorkflowEvent.StepStarted s) open.merge(s.path(), 1, Integer::sum);
            String ended = e instanceof WorkflowEvent.StepCompleted c ? c.path()
                    : e instanceof WorkflowEvent.StepFailed f ? f.path()
                    : e instanceof WorkflowEvent.StepSkipped k ? k.path() : null;
            if (ended != null) {
                int n = open.getOrDefault(ended, 0);
                if (n <= 0) throw new AssertionError("step '" + ended + "' ended without having started");
                open.put(ended, n - 1);
            }
        }
        boolean waiting = ((WorkflowEvent.RunCompleted) all.get(all.size() - 1)).status()
                == dev.devora.orchestration.engine.RunStatus.WAITING;
        open.forEach((path, n) -> { // a waiting run leaves open the steps that wait and those around them
            if (n < 0 || (n != 0 && !waiting)) {
                throw new AssertionError("step '" + path + "' started " + n + " more times than it ended");
            }
        });
        int last = -1;
        for (int p : progress()) {
            if (p < last) throw new AssertionError("progress went back from " + last + " to " + p);
            if (p > 100) throw new AssertionError("progress above 100: " + p);
            last = p;
        }
        if (waiting && last == 100) throw new AssertionError("a waiting run's progress reached 100: it is not done");
        if (!waiting && last != 100) throw new AssertionError("progress ended at " + last + ", not 100");
    }
}
