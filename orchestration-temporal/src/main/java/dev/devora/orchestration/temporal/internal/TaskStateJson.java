package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.internal.TaskState;
import dev.devora.orchestration.workflow.StepOutput;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task's state and output as JSON text, the form they take in a task activity's argument and result: outputs as
 * {@code {"text": …, "json": …}} in declaration order, the gate's verdict as Jackson writes the record.
 *
 * <pre>{@code
 * TaskState copy = TaskStateJson.state(TaskStateJson.write(state));
 * }</pre>
 */
public final class TaskStateJson {
    private TaskStateJson() {
    }

    /** {@return the state as JSON text} */
    public static String write(TaskState state) {
        ObjectNode root = LlmJson.MAPPER.createObjectNode().put("run_id", state.runId()).put("step_path", state.stepPath())
                .put("loop_iteration", state.loopIteration());
        root.set("input", state.input());
        ObjectNode outputs = root.putObject("outputs");
        state.outputs().forEach((id, out) -> outputs.set(id, node(out)));
        if (state.verdict() != null) root.set("verdict", LlmJson.MAPPER.valueToTree(state.verdict()));
        return root.toString();
    }

    /** {@return the state of this JSON text} */
    public static TaskState state(String json) {
        JsonNode root = LlmJson.read(json, JsonNode.class);
        Map<String, StepOutput> outputs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("outputs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            outputs.put(e.getKey(), output(e.getValue()));
        }
        GateVerdict verdict = root.hasNonNull("verdict")
                ? LlmJson.MAPPER.convertValue(root.get("verdict"), GateVerdict.class) : null;
        return new TaskState(root.path("run_id").asText(null), root.path("step_path").asText(null), root.path("input"),
                outputs, root.path("loop_iteration").asInt(), verdict);
    }

    /** {@return a step output as JSON text} */
    public static String write(StepOutput output) {
        return node(output).toString();
    }

    /** {@return the step output of this JSON text} */
    public static StepOutput output(String json) {
        return output(LlmJson.read(json, JsonNode.class));
    }

    private static ObjectNode node(StepOutput out) {
        ObjectNode n = LlmJson.MAPPER.createObjectNode().put("text", out.text());
        if (out.json() != null) n.set("json", out.json());
        return n;
    }

    private static StepOutput output(JsonNode n) {
        return new StepOutput(n.path("text").asText(""), n.hasNonNull("json") ? n.get("json") : null);
    }
}
