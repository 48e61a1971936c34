package dev.devora.orchestration.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.temporal.TemporalRuns;
import dev.devora.orchestration.temporal.TemporalWorkers;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.Workflows;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one run of a predefined workflow costs in Temporal's history: events, bytes (each event's serialised size),
 * activity payload bytes (inputs and results) and the largest single payload, against Temporal's default limits
 * (51,200 events and 50 MB per history, warnings from 10,240 events and 10 MB; 2 MB per payload, warning from 512
 * KB). The model answers are the scripted provider's schema samples, so a real model's longer answers make the
 * payloads larger in proportion; the event count does not depend on them. A sub-workflow step is a child workflow
 * with its own history: the run's own history is measured, and its children's beside it (how many, the largest).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.devora.orchestration.benchmarks.TemporalHistoryReport full-stack-development
 * </pre>
 */
public final class TemporalHistoryReport {
    /** The sample inputs of the predefined workflows, from the project root. */
    static final Path SAMPLES = Path.of("examples", "src", "main", "resources", "dev", "devora", "orchestration",
            "examples", "samples");

    /**
     * One run's history in numbers.
     *
     * @param workflow        the predefined workflow
     * @param events          events in the history
     * @param activities      activities scheduled
     * @param historyBytes    the events' serialised size
     * @param payloadBytes    activity and child workflow inputs and results
     * @param largestPayload  the largest single payload
     * @param children        child workflows the run started (one per sub-workflow step execution and part)
     * @param childEvents     events in the largest child's history
     * @param childBytes      the largest child history's serialised size
     */
    public record Measured(String workflow, int events, int activities, long historyBytes, long payloadBytes,
                           long largestPayload, int children, int childEvents, long childBytes) {
        @Override
        public String toString() {
            return String.format("%s: %,d events (limit 51,200), %,d activities, %,d history bytes (limit 50 MB),"
                            + " %,d payload bytes, largest payload %,d bytes (limit 2 MB); %d child workflows, the"
                            + " largest %,d events and %,d bytes", workflow, events, activities, historyBytes,
                    payloadBytes, largestPayload, children, childEvents, childBytes);
        }
    }

    private TemporalHistoryReport() {
    }

    /**
     * Runs a predefined workflow on the sample input on Temporal's in-process test service and measures its history.
     *
     * @param id      the workflow's id
     * @param samples the directory of the sample inputs
     * @return the numbers
     */
    public static Measured measure(String id, Path samples) throws Exception {
        JsonNode input = new ObjectMapper().readTree(Files.readString(samples.resolve(id + ".json")));
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        Workflow definition = Workflows.byId(id, llm).definitionFor(input);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker("devora-history");
            TemporalWorkers.builder().workflow(definition).provider(llm).build().registerOn(worker);
            env.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), "devora-history").start(definition, input);
            run.stateJson();
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(run.id());
            Measured own = measured(id, history);
            int children = 0, childEvents = 0;
            long childBytes = 0;
            for (HistoryEvent e : history.getEvents()) {
                if (!e.hasStartChildWorkflowExecutionInitiatedEventAttributes()) continue;
                children++;
                Measured child = measured(id, env.getWorkflowClient().fetchHistory(
                        e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId()));
                if (child.historyBytes() > childBytes) {
                    childBytes = child.historyBytes();
                    childEvents = child.events();
                }
            }
            return new Measured(id, own.events(), own.activities(), own.historyBytes(), own.payloadBytes(),
                    own.largestPayload(), children, childEvents, childBytes);
        }
    }

    static Measured measured(String id, WorkflowExecutionHistory history) {
        List<HistoryEvent> events = history.getEvents();
        long bytes = 0, payloads = 0, largest = 0;
        int activities = 0;
        for (HistoryEvent e : events) {
            bytes += e.getSerializedSize();
            List<Payload> carried = List.of();
            if (e.hasActivityTaskScheduledEventAttributes()) {
                activities++;
                carried = e.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList();
            } else if (e.hasActivityTaskCompletedEventAttributes()) {
                carried = e.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList();
            } else if (e.hasStartChildWorkflowExecutionInitiatedEventAttributes()) {
                carried = e.getStartChildWorkflowExecutionInitiatedEventAttributes().getInput().getPayloadsList();
            } else if (e.hasChildWorkflowExecutionCompletedEventAttributes()) {
                carried = e.getChildWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList();
            }
            for (Payload p : carried) {
                payloads += p.getData().size();
                largest = Math.max(largest, p.getData().size());
            }
        }
        return new Measured(id, events.size(), activities, bytes, payloads, largest, 0, 0, 0);
    }

    /**
     * Prints the numbers of the workflows named (default: Full Stack).
     *
     * @param args workflow ids
     */
    public static void main(String[] args) throws Exception {
        List<String> ids = args.length == 0 ? List.of("full-stack-development") : List.of(args);
        for (String id : ids) System.out.println(measure(id, SAMPLES));
    }
}
