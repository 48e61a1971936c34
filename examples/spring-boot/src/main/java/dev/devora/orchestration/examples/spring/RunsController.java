package dev.devora.orchestration.examples.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.spring.boot.DevoraWorkflows;
import dev.devora.orchestration.spring.boot.UnknownWorkflowException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts workflows and reports on their runs: {@code GET /workflows}, {@code POST /workflows/{id}/runs} with the
 * input as the JSON body (202 with the run's id; 400 listing every problem of the input; 404 for an unknown id),
 * {@code GET /runs/{runId}} (status, progress, and once ended the deliverables and the cost).
 */
@RestController
public class RunsController {
    /** The library's results are Jackson 2 trees; converted to maps, any JSON library of the web layer writes them. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DevoraWorkflows workflows;
    private final Map<String, WorkflowRun> runs = new ConcurrentHashMap<>();

    /**
     * @param workflows the starter's workflows: the predefined catalogue and the application's own
     */
    public RunsController(DevoraWorkflows workflows) {
        this.workflows = workflows;
    }

    /** {@return the ids of the workflows that can be started} */
    @GetMapping("/workflows")
    public List<String> workflows() {
        return workflows.ids();
    }

    /**
     * Starts a run.
     *
     * @param workflowId the workflow, e.g. {@code api-development}
     * @param input      its input
     * @return 202 with the run's id and where to follow it
     */
    @PostMapping("/workflows/{workflowId}/runs")
    public ResponseEntity<Map<String, Object>> start(@PathVariable("workflowId") String workflowId,
                                                     @RequestBody Map<String, Object> input) {
        WorkflowRun run = workflows.start(workflowId, input);
        runs.put(run.id(), run);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of("run_id", run.id(), "workflow", workflowId, "status_url", "/runs/" + run.id()));
    }

    /**
     * A run's status; once it has ended, its deliverables and cost.
     *
     * @param runId the run's id
     * @return the run, or 404
     */
    @GetMapping("/runs/{runId}")
    public ResponseEntity<Map<String, Object>> run(@PathVariable("runId") String runId) {
        WorkflowRun run = runs.get(runId);
        if (run == null) return ResponseEntity.notFound().build();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", run.id());
        body.put("workflow", run.workflowId());
        body.put("status", run.status().name());
        body.put("progress", run.progress());
        if (run.result().isDone()) {
            WorkflowResult result = run.result().join();
            body.put("deliverables", JSON.convertValue(result.deliverables(), Map.class));
            body.put("cost_usd", result.metrics().spentUsd());
            result.failure().ifPresent(f -> body.put("failure", f.getMessage()));
        }
        return ResponseEntity.ok(body);
    }

    /**
     * Every problem of an input, before anything started.
     *
     * @param e the failure
     * @return 400 with the problems
     */
    @ExceptionHandler(InputValidationException.class)
    public ResponseEntity<Map<String, Object>> invalidInput(InputValidationException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "invalid input", "problems",
                e.problems().stream().map(Object::toString).toList()));
    }

    /**
     * An id no workflow has.
     *
     * @param e the failure, listing the known ids
     * @return 404 with the message
     */
    @ExceptionHandler(UnknownWorkflowException.class)
    public ResponseEntity<Map<String, Object>> unknownWorkflow(UnknownWorkflowException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }
}
