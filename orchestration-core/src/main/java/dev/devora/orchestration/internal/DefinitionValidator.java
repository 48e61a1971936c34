package dev.devora.orchestration.internal;

import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.ConditionalStep;
import dev.devora.orchestration.workflow.GateStep;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.LoopStep;
import dev.devora.orchestration.workflow.ParallelStep;
import dev.devora.orchestration.workflow.RouteStep;
import dev.devora.orchestration.workflow.SequenceStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.StepVisitor;
import dev.devora.orchestration.workflow.SubWorkflowStep;
import dev.devora.orchestration.workflow.TaskStep;
import dev.devora.orchestration.workflow.Workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a workflow definition and indexes it. Every problem is collected, none stops the walk: unique valid ids,
 * non-empty sequences, branches and routes, bounded loops with an exit, gate thresholds in range, and every
 * {@code {{reference}}} resolvable at the place it is used (a step can only read inputs and the outputs of steps
 * that have finished before it starts; not those of parallel siblings or of steps that run later; a route step's
 * options can read the route step itself: the router's answer).
 */
public final class DefinitionValidator {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> RESERVED = Set.of("input", "gate", "loop");

    private final InputSpec inputSpec;
    private final List<ValidationProblem> problems = new ArrayList<>();
    private final Map<String, WorkflowIndex.StepInfo> byId = new LinkedHashMap<>();
    private final Set<String> allIds = new HashSet<>();
    private int order;

    /**
     * What a step may read: outputs finished before it, whether it is in a loop or gate, and the ids of the
     * innermost loop's body (readable as their previous iteration's output, empty on the first).
     */
    private record Scope(Set<String> visible, boolean inLoop, boolean inGate, Set<String> loopBody) {
        Scope with(Set<String> more) {
            Set<String> v = new HashSet<>(visible);
            v.addAll(more);
            return new Scope(v, inLoop, inGate, loopBody);
        }
    }

    private DefinitionValidator(InputSpec inputSpec) {
        this.inputSpec = inputSpec;
    }

    /** Validates the top-level steps; returns the index, or adds to {@code problems} and returns null. */
    public static WorkflowIndex validate(List<Step> topLevel, InputSpec inputSpec, List<String> deliverableRefs,
                                         Map<String, java.time.Duration> slas, List<ValidationProblem> problems) {
        int depth = depthOf(topLevel, problems);
        if (depth < 0) return null; // checked first: every walk below recurses once per level
        DefinitionValidator v = new DefinitionValidator(inputSpec);
        if (topLevel.isEmpty()) v.problems.add(new ValidationProblem("workflow", "has no steps"));
        collectIds(topLevel, v.allIds);
        Scope scope = new Scope(Set.of(), false, false, Set.of());
        int weight = 0;
        for (int i = 0; i < topLevel.size(); i++) {
            Step s = topLevel.get(i);
            Set<String> produced = v.walk(s, "", "steps[" + i + "]", scope);
            scope = scope.with(produced);
            weight += weightOf(s);
        }
        for (String ref : deliverableRefs) {
            v.checkRefs(ref, "deliverables", scope, "deliverable");
        }
        v.checkSlas(slas);
        problems.addAll(v.problems);
        return v.problems.isEmpty()
                ? new WorkflowIndex(v.byId, List.copyOf(v.byId.values()), weight, depth, slas) : null;
    }

    /** Each SLA names a step of this workflow (not of a sub-workflow: that one's own definition holds its SLAs) and is positive. */
    private void checkSlas(Map<String, java.time.Duration> slas) {
        for (Map.Entry<String, java.time.Duration> e : slas.entrySet()) {
            String field = "slas." + e.getKey();
            if (!allIds.contains(e.getKey())) {
                problems.add(new ValidationProblem(field, "sla names no step of this workflow: \"" + e.getKey()
                        + "\" (a sub-workflow's steps take their slas from its own definition)"));
            }
            java.time.Duration sla = e.getValue();
            if (sla == null || sla.isZero() || sla.isNegative()) {
                problems.add(new ValidationProblem(field, "sla must be a positive duration, was " + sla));
            }
        }
    }

    /** A step on its level, with its parent's path (for the report only). */
    private record Nesting(Step step, String parentPath, int depth) {
        String path() {
            String id = String.valueOf(step.id());
            return parentPath.isEmpty() ? id : parentPath + "/" + id;
        }
    }

    /**
     * How many levels the steps nest, sub-workflows' steps included (as they run), found without recursion; a
     * sub-workflow counts with the depth its own build found, so a shared one is not walked once per use. Adds a
     * problem for the first step deeper than {@link Workflow#MAX_DEPTH} levels and returns -1.
     */
    private static int depthOf(List<Step> topLevel, List<ValidationProblem> problems) {
        java.util.Deque<Nesting> todo = new java.util.ArrayDeque<>();
        for (int i = topLevel.size() - 1; i >= 0; i--) {
            if (topLevel.get(i) != null) todo.push(new Nesting(topLevel.get(i), "", 1));
        }
        int deepest = 0;
        while (!todo.isEmpty()) {
            Nesting n = todo.pop();
            boolean sub = n.step instanceof SubWorkflowStep w && w.workflow() != null;
            int reach = sub ? n.depth + ((SubWorkflowStep) n.step).workflow().index().depth() : n.depth;
            if (reach > Workflow.MAX_DEPTH) {
                problems.add(new ValidationProblem(n.path(), "step is nested deeper than " + Workflow.MAX_DEPTH
                        + " levels (sub-workflows included); flatten the definition"));
                return -1;
            }
            deepest = Math.max(deepest, reach);
            List<Step> children = sub ? List.of() : n.step.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                if (children.get(i) != null) todo.push(new Nesting(children.get(i), n.path(), n.depth + 1));
            }
        }
        return deepest;
    }

    private static void collectIds(List<Step> steps, Set<String> ids) {
        for (Step s : steps) {
            if (s == null) continue;
            if (s.id() != null) ids.add(s.id());
            collectIds(s.children(), ids);
        }
    }

    /** Walks one step; returns the ids of the steps in its subtree (outputs available after it). */
    private Set<String> walk(Step step, String parentPath, String position, Scope scope) {
        if (step == null) {
            problems.add(new ValidationProblem(parentPath.isEmpty() ? position : parentPath + "/" + position,
                    "step is null"));
            return Set.of();
        }
        String id = step.id();
        String path = parentPath.isEmpty() ? String.valueOf(id) : parentPath + "/" + id;
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(new ValidationProblem(parentPath.isEmpty() ? position : parentPath + "/" + position,
                    "step id must be letters, digits, '-' or '_', was " + (id == null ? "null" : "\"" + id + "\"")));
        } else if (RESERVED.contains(id)) {
            problems.add(new ValidationProblem(path, "step id '" + id + "' is reserved for references"));
        } else if (byId.containsKey(id)) {
            problems.add(new ValidationProblem(path, "duplicate step id '" + id + "' (also at '" + byId.get(id).path() + "')"));
        }
        Set<String> produced = new LinkedHashSet<>();
        int myOrder = order++;
        KindCheck check = new KindCheck(path, scope, produced);
        step.accept(check);
        if (id != null && !byId.containsKey(id)) {
            byId.put(id, new WorkflowIndex.StepInfo(step, path, myOrder, check.template, check.inputs, weightOf(step),
                    String.format("%05d", myOrder)));
        }
        if (id != null) produced.add(id);
        return produced;
    }

    /**
     * The checks of one step's own kind: reports its problems, walks its children (adding their ids to
     * {@code produced}) and keeps the prompt template and the sub-workflow input templates it parsed.
     */
    private final class KindCheck implements StepVisitor<Void> {
        private final String path;
        private final Scope scope;
        private final Set<String> produced;
        private Template template;
        private Map<String, Template> inputs = Map.of();

        KindCheck(String path, Scope scope, Set<String> produced) {
            this.path = path;
            this.scope = scope;
            this.produced = produced;
        }

        @Override
        public Void visitAgent(AgentStep a) {
            if (a.agent() == null) problems.add(new ValidationProblem(path, "agent step has no agent"));
            if (a.prompt() == null || a.prompt().isBlank()) {
                problems.add(new ValidationProblem(path, "agent step has no prompt"));
            } else {
                template = checkRefs(a.prompt(), path, scope, "prompt");
            }
            checkAttempts(path, a.maxAttempts());
            return null;
        }

        @Override
        public Void visitTask(TaskStep t) {
            if (t.task() == null) problems.add(new ValidationProblem(path, "task step has no task"));
            checkAttempts(path, t.maxAttempts());
            return null;
        }

        @Override
        public Void visitSequence(SequenceStep s) {
            if (s.steps().isEmpty()) problems.add(new ValidationProblem(path, "sequence has no steps"));
            Scope inner = scope;
            for (int i = 0; i < s.steps().size(); i++) {
                Set<String> childIds = walk(s.steps().get(i), path, "steps[" + i + "]", inner);
                inner = inner.with(childIds);
                produced.addAll(childIds);
            }
            return null;
        }

        @Override
        public Void visitParallel(ParallelStep p) {
            if (p.branches().isEmpty()) problems.add(new ValidationProblem(path, "parallel step has no branches"));
            for (int i = 0; i < p.branches().size(); i++) {
                produced.addAll(walk(p.branches().get(i), path, "branches[" + i + "]", scope));
            }
            return null;
        }

        @Override
        public Void visitConditional(ConditionalStep c) {
            if (c.branches().isEmpty()) problems.add(new ValidationProblem(path, "conditional step has no branches"));
            for (int i = 0; i < c.branches().size(); i++) {
                produced.addAll(walk(c.branches().get(i).step(), path, "branches[" + i + "]", scope));
            }
            if (c.otherwise() != null) produced.addAll(walk(c.otherwise(), path, "otherwise", scope));
            return null;
        }

        @Override
        public Void visitRoute(RouteStep r) {
            if (r.router() == null) problems.add(new ValidationProblem(path, "route step has no router agent"));
            if (r.routes().isEmpty()) problems.add(new ValidationProblem(path, "route step has no options"));
            if (r.prompt() == null || r.prompt().isBlank()) {
                problems.add(new ValidationProblem(path, "route step has no prompt"));
            } else {
                template = checkRefs(r.prompt(), path, scope, "prompt").followedBy(StepInterpreter.routeOptions(r));
            }
            Set<String> names = new HashSet<>();
            Scope options = r.id() == null ? scope : scope.with(Set.of(r.id())); // the options read the router's answer
            for (int i = 0; i < r.routes().size(); i++) {
                RouteStep.Route route = r.routes().get(i);
                if (!names.add(route.name().toLowerCase(java.util.Locale.ROOT))) {
                    problems.add(new ValidationProblem(path, "duplicate route name '" + route.name() + "'"));
                }
                produced.addAll(walk(route.step(), path, "routes[" + i + "]", options));
            }
            if (r.defaultRoute() != null && r.routes().stream().noneMatch(x -> x.name().equalsIgnoreCase(r.defaultRoute()))) {
                problems.add(new ValidationProblem(path, "default route '" + r.defaultRoute() + "' is not one of "
                        + r.routes().stream().map(RouteStep.Route::name).toList()));
            }
            return null;
        }

        @Override
        public Void visitLoop(LoopStep l) {
            if (l.maxIterations() < 1) {
                problems.add(new ValidationProblem(path, "loop has no maxIterations (set a bound ≥ 1, was "
                        + l.maxIterations() + ")"));
            }
            if (l.until() == null && l.gate() == null) {
                problems.add(new ValidationProblem(path, "loop has no exit: call until(condition) or until(gate, threshold)"));
            }
            if (l.gate() != null) checkThreshold(path, l.threshold());
            if (l.body() == null) problems.add(new ValidationProblem(path, "loop has no body"));
            else {
                Set<String> body = new HashSet<>();
                collectIds(List.of(l.body()), body);
                produced.addAll(walk(l.body(), path, "body",
                        new Scope(scope.visible(), true, scope.inGate() || l.gate() != null, body)));
            }
            return null;
        }

        @Override
        public Void visitGate(GateStep g) {
            if (g.gate() == null) problems.add(new ValidationProblem(path, "gate step has no gate"));
            checkThreshold(path, g.threshold());
            if (g.subject() == null) problems.add(new ValidationProblem(path, "gate step has no subject step"));
            else produced.addAll(walk(g.subject(), path, "subject",
                    new Scope(scope.visible(), scope.inLoop(), true, scope.loopBody())));
            return null;
        }

        @Override
        public Void visitSubWorkflow(SubWorkflowStep w) {
            if (w.workflow() == null) {
                problems.add(new ValidationProblem(path, "sub-workflow step has no workflow"));
            } else {
                inputs = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : w.input().entrySet()) {
                    if (e.getKey() == null) {
                        problems.add(new ValidationProblem(path, "input mapping has a null field name"));
                        continue;
                    }
                    if (w.workflow().input().field(e.getKey()).isEmpty() && !w.workflow().input().allowsUnknownFields()) {
                        problems.add(new ValidationProblem(path + "/input." + e.getKey(), "is not an input field of workflow '"
                                + w.workflow().id() + "' (fields: " + fieldNames(w.workflow().input()) + ")"));
                    }
                    inputs.put(e.getKey(), checkRefs(e.getValue() == null ? "" : e.getValue(), path + "/input." + e.getKey(), scope, "input"));
                }
                for (InputField f : w.workflow().input().fields()) {
                    if (f.required() && f.defaultValue() == null && !w.input().containsKey(f.name())) {
                        problems.add(new ValidationProblem(path + "/input." + f.name(), "required by workflow '"
                                + w.workflow().id() + "' but not mapped"));
                    }
                }
            }
            return null;
        }
    }

    private Template checkRefs(String source, String path, Scope scope, String what) {
        List<String> errors = new ArrayList<>();
        Template template = Template.parse(source, errors);
        for (String e : errors) problems.add(new ValidationProblem(path, what + ": " + e));
        Set<String> carried = new HashSet<>();
        for (Template.Ref ref : template.refs()) {
            if (!scope.visible().contains(ref.root()) && scope.loopBody().contains(ref.root())) {
                carried.add(ref.root()); // the previous iteration's output: empty on the first
                continue;
            }
            String problem = refProblem(ref, scope);
            if (problem != null) problems.add(new ValidationProblem(path, what + ": {{" + ref.text() + "}} " + problem));
        }
        return template.withOptional(carried);
    }

    private String refProblem(Template.Ref ref, Scope scope) {
        switch (ref.root()) {
            case "input":
                if (ref.path().isEmpty()) return "names no input field (write {{input.field}})";
                if (inputSpec.allowsUnknownFields() || inputSpec.field(ref.path().get(0)).isPresent()) return null;
                return "refers to unknown input field '" + ref.path().get(0) + "' (fields: " + fieldNames(inputSpec) + ")";
            case "gate":
                if (!scope.inGate()) return "is only available inside a gate step or a loop with a gate";
                if (ref.path().size() != 1 || !Set.of("feedback", "score", "passed").contains(ref.path().get(0))) {
                    return "is not a gate value (use gate.feedback, gate.score or gate.passed)";
                }
                return null;
            case "loop":
                if (!scope.inLoop()) return "is only available inside a loop";
                if (!ref.path().equals(List.of("iteration"))) return "is not a loop value (use loop.iteration)";
                return null;
            default:
                if (scope.visible().contains(ref.root())) return null;
                if (allIds.contains(ref.root())) {
                    return "refers to step '" + ref.root() + "', which has not finished at this point "
                            + "(it runs later, in a parallel branch, or encloses this step; inside a loop, steps of the "
                            + "same loop body can be read as their previous iteration)";
                }
                return "refers to no step or input (steps: " + new java.util.TreeSet<>(allIds) + ")";
        }
    }

    private void checkThreshold(String path, int threshold) {
        if (threshold < 0 || threshold > 100) {
            problems.add(new ValidationProblem(path, "gate threshold must be 0..100, was " + threshold));
        }
    }

    private void checkAttempts(String path, int maxAttempts) {
        if (maxAttempts < 0) problems.add(new ValidationProblem(path, "maxAttempts must be ≥ 1, was " + maxAttempts));
    }

    private static List<String> fieldNames(InputSpec spec) {
        return spec.fields().stream().map(InputField::name).toList();
    }

    /**
     * A step's share of the run's progress: 1 per agent or task, a sub-workflow's total, a composite's children
     * summed (the longest alternative for a conditional, plus 1 for a router or a gate's judge).
     */
    private static int weightOf(Step step) {
        return step == null ? 0 : step.accept(WEIGHT);
    }

    private static final StepVisitor<Integer> WEIGHT = new StepVisitor<>() {
        @Override
        public Integer visitAgent(AgentStep step) {
            return 1;
        }

        @Override
        public Integer visitTask(TaskStep step) {
            return 1;
        }

        @Override
        public Integer visitSubWorkflow(SubWorkflowStep step) {
            return step.workflow() == null ? 1 : Math.max(1, step.workflow().index().totalWeight());
        }

        @Override
        public Integer visitSequence(SequenceStep step) {
            return Math.max(1, sum(step));
        }

        @Override
        public Integer visitParallel(ParallelStep step) {
            return Math.max(1, sum(step));
        }

        @Override
        public Integer visitLoop(LoopStep step) {
            return Math.max(1, sum(step));
        }

        @Override
        public Integer visitConditional(ConditionalStep step) {
            return Math.max(1, max(step));
        }

        @Override
        public Integer visitRoute(RouteStep step) {
            return 1 + max(step);
        }

        @Override
        public Integer visitGate(GateStep step) {
            return sum(step) + 1;
        }

        private int sum(Step step) {
            int sum = 0;
            for (Step child : step.children()) sum += weightOf(child);
            return sum;
        }

        private int max(Step step) {
            int max = 0;
            for (Step child : step.children()) max = Math.max(max, weightOf(child));
            return max;
        }
    };
}
