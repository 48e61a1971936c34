package dev.devora.orchestration.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.WorkflowValidationException;
import dev.devora.orchestration.internal.DefinitionValidator;
import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.internal.MermaidRenderer;
import dev.devora.orchestration.internal.WorkflowIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, validated workflow definition: id, name, description, input spec, steps, and how the deliverables
 * are assembled. Definitions are data: they can be validated, printed, drawn ({@link #toMermaid()}) and planned
 * without calling a model, and one definition serves any number of concurrent runs.
 *
 * <p>{@link Builder#build()} checks everything at once and throws {@link WorkflowValidationException} listing
 * every problem with its step path: unique ids, every {@code {{reference}}} resolvable where it is used, loops
 * bounded, branches non-empty.
 *
 * <pre>{@code
 * Workflow review = Workflow.builder("design-review")
 *         .description("Design a feature, critique it in parallel, revise until QA is satisfied")
 *         .input(InputSpec.builder().required("feature", "what to design").build())
 *         .step(Steps.agent("draft", architect).prompt("Design {{input.feature}}"))
 *         .step(Steps.parallel("critique",
 *                 Steps.agent("security", securityReviewer).prompt("Review {{draft}}"),
 *                 Steps.agent("cost", finOps).prompt("Review {{draft}}")))
 *         .step(Steps.loop("revise", Steps.agent("rewrite", architect)
 *                         .prompt("Improve {{draft}} using {{critique}} and {{gate.feedback}}"))
 *                 .until(qaGate, 80)
 *                 .maxIterations(3))
 *         .deliverable("design", "revise")
 *         .deliverable("reviews.security", "security")
 *         .build();
 * }</pre>
 */
public final class Workflow {
    /** How deeply steps may nest, sub-workflows' steps included (a top-level step is at level 1). */
    public static final int MAX_DEPTH = 100;

    private final String id;
    private final String name;
    private final String description;
    private final InputSpec input;
    private final List<Step> steps;
    private final Map<String, String> deliverables;
    private final DeliverableAssembler assembler;
    private final Map<String, java.time.Duration> slas;
    private final WorkflowIndex index;

    private Workflow(Builder b, WorkflowIndex index) {
        this.id = b.id;
        this.name = b.name == null ? b.id : b.name;
        this.description = b.description;
        this.input = b.input;
        this.steps = List.copyOf(b.steps);
        this.deliverables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.deliverables));
        this.assembler = b.assembler;
        this.slas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.slas));
        this.index = index;
    }

    /**
     * Starts a workflow with the given id (letters, digits, {@code -} and {@code _}).
     *
     * @param id the workflow id
     * @return a builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * A builder holding this definition, to extend or vary it.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(id).name(name).description(description).input(input);
        b.steps.addAll(steps);
        b.deliverables.putAll(deliverables);
        b.slas.putAll(slas);
        b.assembler = assembler;
        return b;
    }

    /**
     * This workflow with its agent steps (at any depth, sub-workflows included) replaced by what {@code map} makes of
     * each, e.g. a person's review of some steps of a predefined workflow, or another model for one agent. Everything
     * else is kept; the result is validated like any built workflow.
     *
     * <pre>{@code
     * Workflow reviewed = apiDevelopment.withAgentSteps(s -> s.id().equals("design")
     *         ? s.withAgent(Approvals.person("architect").reviewing(s.agent())) : s);
     * }</pre>
     *
     * @param map gives each agent step's replacement: an agent step with the same id (or the step itself)
     * @return the new workflow
     * @throws IllegalArgumentException when {@code map} returns null or changes an id
     */
    public Workflow withAgentSteps(java.util.function.UnaryOperator<AgentStep> map) {
        Objects.requireNonNull(map, "map");
        Builder b = new Builder(id).name(name).description(description).input(input);
        b.steps.addAll(new AgentStepMapper(map).all(steps));
        b.deliverables.putAll(deliverables);
        b.slas.putAll(slas);
        b.assembler = assembler;
        return b.build();
    }

    /**
     * The workflow's id.
     *
     * @return the id: letters, digits, {@code -} and {@code _}
     */
    public String id() {
        return id;
    }

    /**
     * The display name.
     *
     * @return the name; the id when none was set
     */
    public String name() {
        return name;
    }

    /**
     * What the workflow does.
     *
     * @return the description; "" when none was set
     */
    public String description() {
        return description;
    }

    /**
     * What input a run must give.
     *
     * @return the input spec; {@link InputSpec#ANY} when none was set
     */
    public InputSpec input() {
        return input;
    }

    /**
     * The top-level steps, run in order.
     *
     * @return the steps, unmodifiable
     */
    public List<Step> steps() {
        return steps;
    }

    /**
     * Deliverable mappings: JSON path in the deliverables tree → reference ({@code stepId} or {@code stepId.path}).
     *
     * @return the mappings in declaration order, unmodifiable
     */
    public Map<String, String> deliverables() {
        return deliverables;
    }

    /**
     * The steps' SLAs: step id → how long an execution of the step should take at most. Crossing it emits
     * {@link dev.devora.orchestration.event.WorkflowEvent.SlaBreached} and journals it; the run goes on (the step's
     * timeout stays the hard stop).
     *
     * @return the SLAs in declaration order, unmodifiable; empty when none was set
     */
    public Map<String, java.time.Duration> slas() {
        return slas;
    }

    /**
     * A step anywhere in the workflow, by id.
     *
     * @param stepId the step id
     * @return the step, or empty when there is none with that id
     */
    public Optional<Step> step(String stepId) {
        WorkflowIndex.StepInfo info = index.info(stepId);
        return info == null ? Optional.empty() : Optional.of(info.step());
    }

    /**
     * The path of a step, e.g. {@code review/critique/security}.
     *
     * @param stepId the step id
     * @return the path, or empty when there is no step with that id
     */
    public Optional<String> pathOf(String stepId) {
        WorkflowIndex.StepInfo info = index.info(stepId);
        return info == null ? Optional.empty() : Optional.of(info.path());
    }

    /**
     * Internal: the engine's precomputed view of this definition. Not part of the API.
     *
     * @return the index
     */
    public WorkflowIndex index() {
        return index;
    }

    /**
     * Assembles the deliverables tree from a final state.
     *
     * @param state the run's final state
     * @return the deliverables as a JSON object (from the custom assembler if one is set)
     */
    public JsonNode assembleDeliverables(StateView state) {
        if (assembler != null) return assembler.assemble(state);
        ObjectNode root = Json.NODES.objectNode();
        if (deliverables.isEmpty()) {
            for (WorkflowIndex.StepInfo info : index.steps()) {
                Step s = info.step();
                if (s.accept(DELIVERS_BY_DEFAULT)) {
                    state.output(s.id()).ifPresent(o -> root.set(s.id(), o.toJson()));
                }
            }
            return root;
        }
        for (Map.Entry<String, String> e : deliverables.entrySet()) {
            JsonNode value = state.json(e.getValue());
            if (value.isMissingNode()) continue;
            ObjectNode parent = root;
            String[] parts = e.getKey().split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = parent.get(parts[i]);
                parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
            }
            parent.set(parts[parts.length - 1], value);
        }
        return root;
    }

    /**
     * A Mermaid flowchart of the workflow: parallel branches as subgraphs, conditions and loop exits labelled.
     *
     * @return the Mermaid source, starting {@code flowchart TD}
     */
    public String toMermaid() {
        return MermaidRenderer.render(this);
    }

    @Override
    public String toString() {
        return "Workflow[" + id + ", " + index.steps().size() + " steps]";
    }

    /**
     * Whether a step's output is a deliverable when none are declared: an agent's, a task's or a sub-workflow's
     * (the steps that produce work; a composite's output is made of its children's).
     */
    private static final StepVisitor<Boolean> DELIVERS_BY_DEFAULT = new StepVisitor<>() {
        @Override
        public Boolean visitAgent(AgentStep step) {
            return true;
        }

        @Override
        public Boolean visitTask(TaskStep step) {
            return true;
        }

        @Override
        public Boolean visitSubWorkflow(SubWorkflowStep step) {
            return true;
        }

        @Override
        public Boolean visitSequence(SequenceStep step) {
            return false;
        }

        @Override
        public Boolean visitParallel(ParallelStep step) {
            return false;
        }

        @Override
        public Boolean visitConditional(ConditionalStep step) {
            return false;
        }

        @Override
        public Boolean visitRoute(RouteStep step) {
            return false;
        }

        @Override
        public Boolean visitLoop(LoopStep step) {
            return false;
        }

        @Override
        public Boolean visitGate(GateStep step) {
            return false;
        }
    };

    /** Builder for {@link Workflow}. */
    public static final class Builder {
        private final String id;
        private String name;
        private String description = "";
        private InputSpec input = InputSpec.ANY;
        private final List<Step> steps = new ArrayList<>();
        private final Map<String, String> deliverables = new LinkedHashMap<>();
        private DeliverableAssembler assembler;
        private final Map<String, java.time.Duration> slas = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = id;
        }

        /**
         * The display name; default the id.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) { this.name = name; return this; }
        /**
         * What the workflow does; default "".
         *
         * @param description the description; null for ""
         * @return this builder
         */
        public Builder description(String description) { this.description = description == null ? "" : description; return this; }
        /**
         * The input spec (default: any input accepted).
         *
         * @param input the spec; not null
         * @return this builder
         */
        public Builder input(InputSpec input) { this.input = Objects.requireNonNull(input, "input"); return this; }
        /**
         * Appends a top-level step.
         *
         * @param step the step
         * @return this builder
         */
        public Builder step(Step step) { steps.add(step); return this; }
        /**
         * Appends top-level steps, in order.
         *
         * @param more the steps
         * @return this builder
         */
        public Builder steps(Step... more) { steps.addAll(List.of(more)); return this; }

        /**
         * Maps a reference ({@code stepId}, {@code stepId.json.path} or {@code input.field}) to a dot-separated
         * path in the deliverables tree, e.g. {@code deliverable("business.prd", "prd")}. Each name must be usable as a
         * file or folder name (not empty, none of {@code / \ : * ? " < > |}), and a path has at most {@link #MAX_DEPTH}
         * names: {@link #build()} reports it otherwise.
         *
         * @param path      the dot-separated path in the deliverables tree, e.g. {@code business.prd}
         * @param reference the reference, e.g. {@code prd} or {@code design.openapi}
         * @return this builder
         */
        public Builder deliverable(String path, String reference) {
            deliverables.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(reference, "reference"));
            return this;
        }

        /**
         * Replaces the deliverable mappings with custom assembly code.
         *
         * @param assembler builds the deliverables tree from the final state
         * @return this builder
         */
        public Builder deliverables(DeliverableAssembler assembler) { this.assembler = assembler; return this; }

        /**
         * Gives a step (of any kind: an agent, a sequence or parallel phase, a loop…) an SLA: how long one execution
         * of it should take at most, counted from its first start (a run that waits for an answer counts the wait).
         * Crossing it while the step runs emits {@link dev.devora.orchestration.event.WorkflowEvent.SlaBreached}
         * and journals it, once per execution; the step and the run go on. A step's timeout, not its SLA, stops it.
         * {@link #build()} reports an id that names no step and a duration that is not positive.
         *
         * <pre>{@code
         * Workflow.builder("launch").step(design).step(build).sla("design", Duration.ofMinutes(8)).build();
         * }</pre>
         *
         * @param stepId the step's id (a step of this workflow, nested ones included; a sub-workflow's steps take
         *               their SLAs from the sub-workflow's own definition)
         * @param sla    the time allowed; positive
         * @return this builder
         */
        public Builder sla(String stepId, java.time.Duration sla) {
            slas.put(Objects.requireNonNull(stepId, "stepId"), sla);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws WorkflowValidationException listing every problem found
         * @return the workflow
         */
        public Workflow build() {
            List<ValidationProblem> problems = new ArrayList<>();
            if (id == null || !id.matches("[A-Za-z0-9_-]+")) {
                problems.add(new ValidationProblem("workflow", "id must be letters, digits, '-' or '_', was "
                        + (id == null ? "null" : "\"" + id + "\"")));
            }
            deliverables.keySet().forEach(path -> checkDeliverablePath(path, problems));
            List<String> refs = new ArrayList<>();
            deliverables.values().forEach(r -> refs.add("{{" + r + "}}"));
            WorkflowIndex index = DefinitionValidator.validate(steps, input, refs, slas, problems);
            if (!problems.isEmpty()) {
                throw new WorkflowValidationException("Workflow '" + id + "'", problems);
            }
            return new Workflow(this, index);
        }

        /**
         * Each dot-separated name of a deliverable path must be usable as a file or folder name, and a path has at
         * most {@link #MAX_DEPTH} names (folders nest no deeper than steps may).
         */
        private static void checkDeliverablePath(String path, List<ValidationProblem> problems) {
            String[] names = path.split("\\.", -1);
            if (names.length > MAX_DEPTH) {
                problems.add(new ValidationProblem("deliverables." + path, "deliverable path has " + names.length
                        + " names, at most " + MAX_DEPTH + " may nest"));
                return;
            }
            for (String name : names) {
                int bad = name.chars().filter(c -> c < 0x20 || "/\\:*?\"<>|".indexOf(c) >= 0).findFirst().orElse(-1);
                String problem = name.isBlank() ? "has an empty name"
                        : bad >= 0 ? "has the name '" + name + "', which contains "
                        + (bad < 0x20 ? "a control character" : "'" + (char) bad + "'")
                        : null;
                if (problem != null) {
                    problems.add(new ValidationProblem("deliverables." + path, "deliverable path \"" + path + "\" "
                            + problem + " (write dot-separated names, e.g. \"business.prd\")"));
                    return;
                }
            }
        }
    }
}
