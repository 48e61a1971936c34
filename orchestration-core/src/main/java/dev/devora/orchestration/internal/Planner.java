package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.ExecutionPlan;
import dev.devora.orchestration.gate.LlmJudgeGate;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.ConditionalStep;
import dev.devora.orchestration.workflow.GateStep;
import dev.devora.orchestration.workflow.LoopStep;
import dev.devora.orchestration.workflow.ParallelStep;
import dev.devora.orchestration.workflow.RouteStep;
import dev.devora.orchestration.workflow.SequenceStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.SubWorkflowStep;
import dev.devora.orchestration.workflow.TaskStep;
import dev.devora.orchestration.workflow.Workflow;

import java.util.ArrayList;
import java.util.List;

/** Builds an {@link ExecutionPlan} by walking a workflow without running it. */
public final class Planner {
    private final List<ExecutionPlan.PlannedCall> calls = new ArrayList<>();
    private final StringBuilder outline = new StringBuilder();
    private final int assumedOutputTokens;
    private final java.util.Map<String, java.util.Optional<dev.devora.orchestration.llm.ModelPrice>> prices =
            new java.util.HashMap<>();
    private long tokens;
    private java.math.BigDecimal cost = java.math.BigDecimal.ZERO;
    private int withoutPrice;

    /**
     * Calls counted four ways: fewest, most, along the critical path with every loop and retry at its bound, and
     * along the critical path of one pass (each loop once, the longest branch).
     */
    private record Count(int min, int max, int critical, int onePass) {
        static final Count ZERO = new Count(0, 0, 0, 0);
        static final Count ONE = new Count(1, 1, 1, 1);

        Count then(Count next) {
            return new Count(min + next.min, max + next.max, critical + next.critical, onePass + next.onePass);
        }

        Count times(int n) {
            return new Count(min, max * n, critical * n, onePass);
        }

        /** Alternatives (branches of a conditional): the fewest for min, the largest for the others. */
        Count or(Count other) {
            return new Count(Math.min(min, other.min), Math.max(max, other.max), Math.max(critical, other.critical),
                    Math.max(onePass, other.onePass));
        }

        /** Parallel branches: calls add up, the critical paths do not. */
        Count alongside(Count other) {
            return new Count(min + other.min, max + other.max, Math.max(critical, other.critical),
                    Math.max(onePass, other.onePass));
        }
    }

    private Planner(int assumedOutputTokens) {
        this.assumedOutputTokens = assumedOutputTokens;
    }

    /** Plans a workflow for a validated input; referenced outputs are assumed to be {@code assumedOutputTokens} long. */
    public static ExecutionPlan plan(Workflow workflow, JsonNode input, int assumedOutputTokens) {
        Planner p = new Planner(assumedOutputTokens);
        p.outline.append("workflow ").append(workflow.id()).append('\n');
        Count total = p.sequence(workflow, workflow.steps(), input, "", null, "  ");
        return new ExecutionPlan(workflow.id(), List.copyOf(p.calls), p.tokens, total.min(), total.max(),
                total.critical(), total.onePass(), p.cost, p.withoutPrice, p.outline.toString());
    }

    private Count sequence(Workflow wf, List<Step> steps, JsonNode input, String condition, String group, String indent) {
        Count c = Count.ZERO;
        for (Step s : steps) c = c.then(step(wf, s, input, condition, group, indent));
        return c;
    }

    private Count step(Workflow wf, Step step, JsonNode input, String condition, String group, String indent) {
        WorkflowIndex.StepInfo info = wf.index().info(step.id());
        String path = info.path();
        if (step instanceof AgentStep a) {
            LlmAgent llm = a.agent() instanceof LlmAgent l ? l : null;
            String prompt = render(info.template(), input);
            add(path, "agent", a.agent().name(), llm, group, condition, prompt, info.template(), indent);
            return Count.ONE;
        }
        if (step instanceof TaskStep t) {
            outline.append(indent).append("- ").append(path).append(" [task] ").append(t.description()).append('\n');
            return Count.ZERO;
        }
        if (step instanceof SequenceStep s) {
            return sequence(wf, s.steps(), input, condition, group, indent);
        }
        if (step instanceof ParallelStep p) {
            outline.append(indent).append("- ").append(path).append(" [parallel ×").append(p.branches().size()).append("]\n");
            Count all = Count.ZERO;
            for (Step b : p.branches()) all = all.alongside(step(wf, b, input, condition, path, indent + "  "));
            return all;
        }
        if (step instanceof ConditionalStep c) {
            outline.append(indent).append("- ").append(path).append(" [conditional]\n");
            Count any = null;
            for (ConditionalStep.Branch b : c.branches()) {
                Count n = step(wf, b.step(), input, join(condition, "when " + b.when().description()), group, indent + "  ");
                any = any == null ? n : any.or(n);
            }
            Count otherwise = c.otherwise() == null ? Count.ZERO
                    : step(wf, c.otherwise(), input, join(condition, "otherwise"), group, indent + "  ");
            return any == null ? otherwise : any.or(otherwise);
        }
        if (step instanceof RouteStep r) {
            add(path, "router", r.router().name(), r.router() instanceof LlmAgent l ? l : null, group, condition,
                    render(info.template(), input), info.template(), indent);
            Count any = Count.ZERO;
            boolean first = true;
            for (RouteStep.Route route : r.routes()) {
                Count n = step(wf, route.step(), input, join(condition, "route " + route.name()), group, indent + "  ");
                any = first ? n : any.or(n);
                first = false;
            }
            return Count.ONE.then(any);
        }
        if (step instanceof LoopStep l) {
            outline.append(indent).append("- ").append(path).append(" [loop until ").append(l.exitDescription()).append("]\n");
            Count body = step(wf, l.body(), input, join(condition, "× up to " + l.maxIterations()), group, indent + "  ");
            Count judge = judge(l.gate(), path, group, join(condition, "× up to " + l.maxIterations()), indent + "  ");
            return body.then(judge).times(l.maxIterations());
        }
        if (step instanceof GateStep g) {
            outline.append(indent).append("- ").append(path).append(" [gate ").append(g.gate().name()).append(" ≥ ")
                    .append(g.threshold()).append(", ").append(g.policy()).append("]\n");
            int attempts = g.policy().maxAttempts();
            String cond = attempts > 1 ? join(condition, "× up to " + attempts) : condition;
            Count subject = step(wf, g.subject(), input, cond, group, indent + "  ");
            return subject.then(judge(g.gate(), path, group, cond, indent + "  ")).times(attempts);
        }
        if (step instanceof SubWorkflowStep w) {
            outline.append(indent).append("- ").append(path).append(" [workflow ").append(w.workflow().id()).append("]\n");
            JsonNode nestedInput = Json.NODES.objectNode();
            for (var e : info.inputs().entrySet()) ((com.fasterxml.jackson.databind.node.ObjectNode) nestedInput)
                    .put(e.getKey(), render(e.getValue(), input));
            int before = calls.size();
            Count c = sequence(w.workflow(), w.workflow().steps(), nestedInput, condition, group, indent + "  ");
            for (int i = before; i < calls.size(); i++) {
                ExecutionPlan.PlannedCall pc = calls.get(i);
                calls.set(i, new ExecutionPlan.PlannedCall(path + "/" + pc.path(), pc.kind(), pc.agent(), pc.model(),
                        pc.parallelGroup() == null ? null : path + "/" + pc.parallelGroup(), pc.condition(), pc.prompt(),
                        pc.estimatedPromptTokens(), pc.estimatedCostUsd()));
            }
            return c;
        }
        throw new IllegalStateException("cannot plan " + step.getClass());
    }

    private Count judge(QualityGate gate, String path, String group, String condition, String indent) {
        if (!(gate instanceof LlmJudgeGate j)) return Count.ZERO;
        add(path, "judge", j.name(), j.judge(), group, condition, "Rubric:\n" + j.rubric() + "\n«output under review»",
                null, indent);
        return Count.ONE;
    }

    private void add(String path, String kind, String agent, LlmAgent llm, String group, String condition,
                     String prompt, Template template, String indent) {
        int refs = 0;
        if (template != null) {
            for (Template.Ref r : template.refs()) if (!"input".equals(r.root())) refs++;
        }
        String model = llm == null ? null : llm.modelOptions().model();
        String system = llm == null ? "" : llm.systemPrompt();
        long estimate = (prompt.length() + system.length()) / 4 + (long) refs * assumedOutputTokens;
        tokens += estimate;
        java.math.BigDecimal callCost = null;
        if (llm != null) {
            Integer max = llm.modelOptions().maxTokens();
            long completion = max == null ? assumedOutputTokens : Math.min(max, assumedOutputTokens);
            String key = System.identityHashCode(llm.provider()) + "|" + model;
            java.util.Optional<dev.devora.orchestration.llm.ModelPrice> price =
                    prices.computeIfAbsent(key, k -> llm.provider().price(model));
            if (price.isPresent()) callCost = price.get().cost(estimate, completion);
        }
        if (callCost != null) cost = cost.add(callCost);
        else if (llm != null) withoutPrice++;
        calls.add(new ExecutionPlan.PlannedCall(path, kind, agent, model, group, condition, prompt, estimate, callCost));
        outline.append(indent).append("- ").append(path).append(" [").append(kind).append(' ').append(agent)
                .append(model == null ? "" : " @ " + model).append("] ~").append(estimate).append(" prompt tokens")
                .append(callCost == null ? "" : ", ~$" + callCost.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString())
                .append(condition.isEmpty() ? "" : " (" + condition + ")").append('\n');
    }

    private static String render(Template template, JsonNode input) {
        if (template == null) return "";
        return template.render(ref -> {
            if ("input".equals(ref.root())) {
                JsonNode node = input;
                for (String p : ref.path()) node = node.path(p);
                return node.isMissingNode() || node.isNull() ? "" : node.isValueNode() ? node.asText() : Json.write(node);
            }
            if ("loop".equals(ref.root())) return "«iteration»";
            if ("gate".equals(ref.root())) return "«gate " + String.join(".", ref.path()) + "»";
            return "«output of " + ref.text() + "»";
        });
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }
}
