package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.workflow.StepOutput;
import dev.devora.orchestration.workflow.TaskContext;

import java.util.List;
import java.util.Optional;

/** The {@link dev.devora.orchestration.workflow.StateView} of a frame, and reference resolution for templates. */
final class FrameState implements TaskContext {
    private final Frame frame;
    private final String runId;
    private final String stepPath;

    FrameState(Frame frame, String runId, String stepPath) {
        this.frame = frame;
        this.runId = runId;
        this.stepPath = stepPath;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String stepPath() {
        return stepPath;
    }

    @Override
    public JsonNode input() {
        return frame.state.input();
    }

    @Override
    public String inputText(String field) {
        return inputText(frame.state.input(), field);
    }

    @Override
    public boolean inputPresent(String field) {
        return inputPresent(frame.state.input(), field);
    }

    /** {@link dev.devora.orchestration.workflow.StateView#inputText} of an input. */
    static String inputText(JsonNode input, String field) {
        JsonNode v = input.get(field);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : Json.write(v);
    }

    /** {@link dev.devora.orchestration.workflow.StateView#inputPresent} of an input. */
    static boolean inputPresent(JsonNode input, String field) {
        JsonNode v = input.get(field);
        if (v == null || v.isNull()) return false;
        if (v.isTextual()) return !v.asText().isBlank();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isNumber()) return v.asDouble() != 0;
        return v.size() > 0;
    }

    /** A copy of what this context shows, detached from the frame (every output the run has so far). */
    TaskState detached() {
        return new TaskState(runId, stepPath, frame.state.input(), frame.state.ordered(), frame.loopIteration,
                frame.gate == null ? null : frame.gate.last());
    }

    @Override
    public Optional<StepOutput> output(String stepId) {
        return Optional.ofNullable(frame.state.output(stepId));
    }

    @Override
    public JsonNode json(String reference) {
        String[] parts = reference.split("\\.");
        return resolve(frame, parts[0], List.of(parts).subList(1, parts.length));
    }

    @Override
    public int loopIteration() {
        return frame.loopIteration;
    }

    @Override
    public Optional<GateVerdict> lastVerdict() {
        return frame.gate == null ? Optional.empty() : Optional.ofNullable(frame.gate.last());
    }

    /** Resolves {@code root.path…} to a JSON node; a missing node when absent. */
    static JsonNode resolve(Frame frame, String root, List<String> path) {
        return resolve(frame.state.input(), frame.gate == null ? null : frame.gate.last(), frame.loopIteration,
                frame.state::output, root, path);
    }

    /**
     * Resolves {@code root.path…} against a run state given by its parts (a frame's, or a {@link TaskState}'s);
     * a missing node when absent.
     */
    static JsonNode resolve(JsonNode input, GateVerdict lastVerdict, int loopIteration,
                            java.util.function.Function<String, StepOutput> outputs, String root, List<String> path) {
        JsonNode node;
        switch (root) {
            case "input":
                node = input;
                break;
            case "gate": {
                GateVerdict v = lastVerdict;
                if (v == null) return MissingNode.getInstance();
                node = Json.NODES.objectNode().put("feedback", v.feedback()).put("score", v.score()).put("passed", v.passed());
                break;
            }
            case "loop":
                node = Json.NODES.objectNode().put("iteration", loopIteration);
                break;
            default: {
                StepOutput out = outputs.apply(root);
                if (out == null) return MissingNode.getInstance();
                if (path.isEmpty()) return out.toJson();
                node = out.json();
                if (node == null) {
                    try {
                        node = Json.parseReply(out.text());
                    } catch (Exception notJson) {
                        return MissingNode.getInstance();
                    }
                }
            }
        }
        for (String segment : path) {
            if (node.isArray() && segment.chars().allMatch(Character::isDigit)) node = node.path(Integer.parseInt(segment));
            else node = node.path(segment);
        }
        return node;
    }

    /** Text for a template hole: strings as is, other values as JSON, missing as {@code null}. */
    static String render(Frame frame, Template.Ref ref) {
        if (ref.path().isEmpty() && !"input".equals(ref.root()) && !"gate".equals(ref.root()) && !"loop".equals(ref.root())) {
            StepOutput out = frame.state.output(ref.root());
            return out == null ? null : out.text();
        }
        if ("gate".equals(ref.root()) && frame.gate != null && frame.gate.last() == null) {
            return ""; // first attempt: no feedback yet
        }
        JsonNode node = resolve(frame, ref.root(), ref.path());
        if (node.isMissingNode()) return null;
        if (node.isNull()) return "";
        return node.isValueNode() ? node.asText() : Json.writePretty(node);
    }
}
