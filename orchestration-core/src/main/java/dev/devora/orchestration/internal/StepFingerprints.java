package dev.devora.orchestration.internal;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.LlmAgent;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A digest of each step's definition (its kind, id, children's ids, prompt template, agent with its role,
 * instructions, model options and output spec, conditions, gate, limits…) by step path, sub-workflow steps included,
 * and of the whole workflow. A resumed run compares the digests of the steps it finished with the current
 * definition's; plain-Java code (a task's lambda, a condition's predicate) is known only by its description and
 * limits, since its bytecode has no stable name. Computed once per workflow and cached in its index.
 *
 * @param workflow the whole definition's digest
 * @param steps    each step path's digest, in declaration order
 */
record StepFingerprints(String workflow, Map<String, String> steps) {

    static StepFingerprints of(Workflow workflow) {
        WorkflowIndex index = workflow.index();
        StepFingerprints cached = index.fingerprints();
        if (cached != null) return cached;
        Map<String, String> steps = new LinkedHashMap<>();
        collect(workflow, "", steps);
        StringBuilder all = new StringBuilder("workflow ").append(workflow.id()).append('\n');
        steps.forEach((path, fp) -> all.append(path).append('=').append(fp).append('\n'));
        workflow.deliverables().forEach((k, v) -> all.append("deliverable ").append(k).append('=').append(v).append('\n'));
        StepFingerprints fps = new StepFingerprints(digest(all.toString()), Collections.unmodifiableMap(steps));
        index.fingerprints(fps);
        return fps;
    }

    private static void collect(Workflow workflow, String prefix, Map<String, String> into) {
        for (WorkflowIndex.StepInfo info : workflow.index().steps()) {
            String path = prefix.isEmpty() ? info.path() : prefix + "/" + info.path();
            into.put(path, digest(describe(info.step())));
            if (info.step() instanceof SubWorkflowStep w) collect(w.workflow(), path, into);
        }
    }

    /** Everything of a step's own definition that changes what it does (its children are digested apart). */
    static String describe(Step step) {
        StringBuilder d = new StringBuilder(step.kind()).append(' ').append(step.id()).append(" children=");
        for (Step c : step.children()) d.append(c.id()).append(',');
        if (step instanceof AgentStep a) {
            d.append(" prompt=").append(a.prompt()).append(" agent=").append(agent(a.agent()))
                    .append(" timeout=").append(a.timeout()).append(" attempts=").append(a.maxAttempts())
                    .append(" squad=").append(a.squad());
        } else if (step instanceof TaskStep t) {
            d.append(" description=").append(t.description()).append(" timeout=").append(t.timeout())
                    .append(" attempts=").append(t.maxAttempts()).append(" code=").append(stableName(t.task()));
        } else if (step instanceof SequenceStep) {
            d.append(" sequence");
        } else if (step instanceof ParallelStep p) {
            d.append(" mode=").append(p.failureMode()).append(" timeout=").append(p.timeout());
        } else if (step instanceof ConditionalStep c) {
            for (ConditionalStep.Branch b : c.branches()) {
                d.append(" when=").append(b.when().description()).append("->").append(b.step().id());
            }
            d.append(" otherwise=").append(c.otherwise() == null ? null : c.otherwise().id());
        } else if (step instanceof RouteStep r) {
            d.append(" prompt=").append(r.prompt()).append(" router=").append(agent(r.router()))
                    .append(" default=").append(r.defaultRoute());
            for (RouteStep.Route o : r.routes()) {
                d.append(" route=").append(o.name()).append(':').append(o.description()).append("->").append(o.step().id());
            }
        } else if (step instanceof LoopStep l) {
            d.append(" max=").append(l.maxIterations()).append(" until=")
                    .append(l.until() == null ? null : l.until().description()).append(" gate=").append(gate(l.gate()))
                    .append(" threshold=").append(l.threshold()).append(" exhausted=").append(l.onExhausted());
        } else if (step instanceof GateStep g) {
            d.append(" gate=").append(gate(g.gate())).append(" threshold=").append(g.threshold())
                    .append(" policy=").append(g.policy().maxRetries()).append('/').append(g.policy().failWhenDone());
        } else if (step instanceof SubWorkflowStep w) {
            d.append(" workflow=").append(w.workflow().id()).append(" input=").append(new java.util.TreeMap<>(w.input()));
        }
        return d.toString();
    }

    private static String agent(Agent agent) {
        if (agent instanceof LlmAgent a) {
            return "llm " + a.name() + " role=" + a.role() + " instructions=" + a.instructions() + " options="
                    + a.modelOptions() + " output=" + a.output().kind() + ":" + a.output().schemaName() + ":"
                    + a.output().schema() + ":" + (a.output().type() == null ? null : a.output().type().getName())
                    + " stream=" + a.streaming() + " reasks=" + a.maxFormatRetries();
        }
        return "agent " + agent.name() + " code=" + stableName(agent);
    }

    private static String gate(QualityGate gate) {
        return gate == null ? "none" : gate.name() + " code=" + stableName(gate);
    }

    /** The class name of plain-Java code, or "lambda" when it has none that survives a recompilation. */
    private static String stableName(Object code) {
        Class<?> c = code.getClass();
        return c.isSynthetic() || c.isHidden() || c.isAnonymousClass() || c.getName().contains("$$Lambda")
                ? "lambda" : c.getName();
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (int i = 0; i < 16; i++) hex.append(String.format("%02x", hash[i]));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
