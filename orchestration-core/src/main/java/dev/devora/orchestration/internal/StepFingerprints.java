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
import dev.devora.orchestration.workflow.StepVisitor;
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
        return d.append(step.accept(OWN)).toString();
    }

    /** The kind-specific part of a step's description. */
    private static final StepVisitor<String> OWN = new StepVisitor<>() {
        @Override
        public String visitAgent(AgentStep a) {
            return " prompt=" + a.prompt() + " agent=" + agent(a.agent()) + " timeout=" + a.timeout() + " attempts="
                    + a.maxAttempts() + " squad=" + a.squad();
        }

        @Override
        public String visitTask(TaskStep t) {
            return " description=" + t.description() + " timeout=" + t.timeout() + " attempts=" + t.maxAttempts()
                    + " code=" + stableName(t.task());
        }

        @Override
        public String visitSequence(SequenceStep step) {
            return " sequence";
        }

        @Override
        public String visitParallel(ParallelStep p) {
            return " mode=" + p.failureMode() + " timeout=" + p.timeout();
        }

        @Override
        public String visitConditional(ConditionalStep c) {
            StringBuilder d = new StringBuilder();
            for (ConditionalStep.Branch b : c.branches()) {
                d.append(" when=").append(b.when().description()).append("->").append(b.step().id());
            }
            return d.append(" otherwise=").append(c.otherwise() == null ? null : c.otherwise().id()).toString();
        }

        @Override
        public String visitRoute(RouteStep r) {
            StringBuilder d = new StringBuilder(" prompt=").append(r.prompt()).append(" router=")
                    .append(agent(r.router())).append(" default=").append(r.defaultRoute());
            for (RouteStep.Route o : r.routes()) {
                d.append(" route=").append(o.name()).append(':').append(o.description()).append("->").append(o.step().id());
            }
            return d.toString();
        }

        @Override
        public String visitLoop(LoopStep l) {
            return " max=" + l.maxIterations() + " until=" + (l.until() == null ? null : l.until().description())
                    + " gate=" + gate(l.gate()) + " threshold=" + l.threshold() + " exhausted=" + l.onExhausted();
        }

        @Override
        public String visitGate(GateStep g) {
            return " gate=" + gate(g.gate()) + " threshold=" + g.threshold() + " policy=" + g.policy().maxRetries()
                    + "/" + g.policy().failWhenDone();
        }

        @Override
        public String visitSubWorkflow(SubWorkflowStep w) {
            return " workflow=" + w.workflow().id() + " input=" + new java.util.TreeMap<>(w.input());
        }
    };

    private static String agent(Agent agent) {
        if (agent instanceof LlmAgent a) {
            return "llm " + a.name() + " role=" + a.role() + " instructions=" + a.instructions() + " options="
                    + a.modelOptions() + " output=" + a.output().kind() + ":" + a.output().schemaName() + ":"
                    + a.output().schema() + ":" + (a.output().type() == null ? null : a.output().type().getName())
                    + " stream=" + a.streaming() + " reasks=" + a.maxFormatRetries() + tools(a);
        }
        return "agent " + agent.name() + " code=" + stableName(agent);
    }

    /** The tools an agent offers and its tool bounds; nothing for an agent without tools (their digests stay as they were). */
    private static String tools(LlmAgent a) {
        if (a.tools().tools().isEmpty()) return "";
        StringBuilder sb = new StringBuilder(" tools=");
        for (dev.devora.orchestration.tool.Tool t : a.tools().tools()) {
            dev.devora.orchestration.llm.ToolDefinition d = t.definition();
            sb.append('[').append(d.name()).append(' ').append(d.description()).append(' ').append(d.parametersSchema())
                    .append(']');
        }
        return sb.append(" toolRounds=").append(a.maxToolRounds()).append(" toolCalls=").append(a.maxToolCalls())
                .append(" toolResultChars=").append(a.maxToolResultChars()).toString();
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
        return digest(text, 16);
    }

    private static final java.util.HexFormat HEX = java.util.HexFormat.of();
    /** One SHA-256 per thread: {@code getInstance} per digest costs more than the hash of a short text. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    /** The first {@code bytes} bytes of the text's SHA-256 (UTF-8), in lower-case hex. */
    static String digest(String text, int bytes) {
        MessageDigest sha = SHA256.get();
        byte[] hash = sha.digest(text.getBytes(StandardCharsets.UTF_8)); // digest() resets it for the next use
        return HEX.formatHex(hash, 0, bytes);
    }
}
