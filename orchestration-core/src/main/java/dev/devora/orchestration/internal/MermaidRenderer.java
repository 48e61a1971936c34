package dev.devora.orchestration.internal;

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

import java.util.List;

/**
 * Draws a workflow as a Mermaid flowchart. Each step renders as a fragment with one entry node and one exit node,
 * so fragments chain; parallel steps become subgraphs, conditions become diamonds with labelled edges, loops get
 * a back edge labelled with their exit condition.
 */
public final class MermaidRenderer {
    private final StringBuilder out = new StringBuilder();
    private int counter;

    private record Fragment(String entry, String exit) {
    }

    private MermaidRenderer() {
    }

    public static String render(Workflow workflow) {
        MermaidRenderer r = new MermaidRenderer();
        r.out.append("flowchart TD\n");
        r.out.append("  start([\"").append(escape(workflow.name())).append("\"])\n");
        String previous = "start";
        for (Step s : workflow.steps()) {
            Fragment f = r.step(s, "  ");
            r.edge(previous, f.entry(), null);
            previous = f.exit();
        }
        r.out.append("  done([done])\n");
        r.edge(previous, "done", null);
        return r.out.toString();
    }

    private Fragment step(Step step, String indent) {
        return step.accept(new Drawing(node(step.id()), indent));
    }

    /** Draws one step whose own node is {@code id} (numbered before its children's) at one indentation. */
    private final class Drawing implements StepVisitor<Fragment> {
        private final String id;
        private final String indent;

        Drawing(String id, String indent) {
            this.id = id;
            this.indent = indent;
        }

        @Override
        public Fragment visitAgent(AgentStep a) {
            out.append(indent).append(id).append("[\"").append(escape(a.id())).append("<br/><i>")
                    .append(escape(a.agent() == null ? "?" : a.agent().name())).append("</i>\"]\n");
            return new Fragment(id, id);
        }

        @Override
        public Fragment visitTask(TaskStep t) {
            out.append(indent).append(id).append("[[\"").append(escape(t.id())).append("<br/><i>")
                    .append(escape(t.description() == null ? "task" : t.description())).append("</i>\"]]\n");
            return new Fragment(id, id);
        }

        @Override
        public Fragment visitSubWorkflow(SubWorkflowStep w) {
            out.append(indent).append(id).append("[[\"").append(escape(w.id())).append("<br/><i>workflow ")
                    .append(escape(w.workflow().id())).append("</i>\"]]\n");
            return new Fragment(id, id);
        }

        @Override
        public Fragment visitSequence(SequenceStep s) {
            return chain(s.steps(), indent);
        }

        @Override
        public Fragment visitParallel(ParallelStep p) {
            String fork = node(p.id() + "_fork");
            String join = node(p.id() + "_join");
            out.append(indent).append(fork).append("{{\"").append(escape(p.id())).append(": parallel\"}}\n");
            out.append(indent).append("subgraph ").append(id).append(" [\"").append(escape(p.id())).append("\"]\n");
            List<Fragment> branches = p.branches().stream().map(b -> step(b, indent + "  ")).toList();
            out.append(indent).append("end\n");
            out.append(indent).append(join).append("((\" \"))\n");
            for (Fragment b : branches) {
                edge(fork, b.entry(), null);
                edge(b.exit(), join, null);
            }
            return new Fragment(fork, join);
        }

        @Override
        public Fragment visitConditional(ConditionalStep c) {
            String decision = node(c.id() + "_if");
            String join = node(c.id() + "_end");
            out.append(indent).append(decision).append("{\"").append(escape(c.id())).append("?\"}\n");
            for (ConditionalStep.Branch b : c.branches()) {
                Fragment f = step(b.step(), indent);
                edge(decision, f.entry(), b.when().description());
                edge(f.exit(), join, null);
            }
            out.append(indent).append(join).append("((\" \"))\n");
            if (c.otherwise() != null) {
                Fragment f = step(c.otherwise(), indent);
                edge(decision, f.entry(), "otherwise");
                edge(f.exit(), join, null);
            } else {
                edge(decision, join, "otherwise: skip");
            }
            return new Fragment(decision, join);
        }

        @Override
        public Fragment visitRoute(RouteStep r) {
            String decision = node(r.id() + "_route");
            String join = node(r.id() + "_end");
            out.append(indent).append(decision).append("{\"").append(escape(r.id())).append(": ")
                    .append(escape(r.router() == null ? "?" : r.router().name())).append(" chooses\"}\n");
            for (RouteStep.Route route : r.routes()) {
                Fragment f = step(route.step(), indent);
                edge(decision, f.entry(), route.name());
                edge(f.exit(), join, null);
            }
            out.append(indent).append(join).append("((\" \"))\n");
            return new Fragment(decision, join);
        }

        @Override
        public Fragment visitLoop(LoopStep l) {
            Fragment body = step(l.body(), indent);
            String check = node(l.id() + "_check");
            out.append(indent).append(check).append("{\"").append(escape(l.exitDescription())).append("\"}\n");
            edge(body.exit(), check, null);
            edge(check, body.entry(), "no: retry with feedback");
            return new Fragment(body.entry(), check);
        }

        @Override
        public Fragment visitGate(GateStep g) {
            Fragment subject = step(g.subject(), indent);
            String check = node(g.id() + "_gate");
            out.append(indent).append(check).append("{\"").append(escape(g.gate() == null ? "?" : g.gate().name()))
                    .append(" ≥ ").append(g.threshold()).append("\"}\n");
            edge(subject.exit(), check, null);
            if (g.policy().maxRetries() > 0) {
                edge(check, subject.entry(), "no: retry ≤ " + g.policy().maxRetries());
            }
            return new Fragment(subject.entry(), check);
        }
    }

    private Fragment chain(List<Step> steps, String indent) {
        Fragment first = null;
        Fragment last = null;
        for (Step s : steps) {
            Fragment f = step(s, indent);
            if (first == null) first = f;
            if (last != null) edge(last.exit(), f.entry(), null);
            last = f;
        }
        return new Fragment(first.entry(), last.exit());
    }

    private void edge(String from, String to, String label) {
        out.append("  ").append(from).append(" -->");
        if (label != null) out.append("|\"").append(escape(label)).append("\"|");
        out.append(' ').append(to).append('\n');
    }

    private String node(String base) {
        return "n" + (counter++) + "_" + base.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
