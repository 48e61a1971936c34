package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.ValidationProblem;
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
import dev.devora.orchestration.workflow.StepVisitor;
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
    private final long defaultContextTokens;
    private final java.util.Map<ProviderModel, java.util.Optional<dev.devora.orchestration.llm.ModelPrice>> prices =
            new java.util.HashMap<>();
    private final java.util.Map<ProviderModel, java.util.OptionalInt> contexts = new java.util.HashMap<>();
    private int withoutPrice;
    /** Prompts that cannot fit their model's context: input errors. */
    private final List<ValidationProblem> tooLarge = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Input fields of the sub-workflow being planned whose values come from step outputs. */
    private java.util.Set<String> unknownInputs = java.util.Set.of();
    /** Indexes into {@link #calls} of model calls whose provider knows no price, with the provider's name. */
    private final java.util.Map<Integer, String> unpriced = new java.util.LinkedHashMap<>();

    /**
     * Calls counted four ways: fewest, most, along the critical path with every loop and retry at its bound, and
     * along the critical path of one pass (each loop once, the longest branch); and the prompt tokens and cost of
     * one pass, fewest (each conditional's cheapest alternative) and most (its dearest).
     */
    private record Count(int min, int max, int critical, int onePass, long tokensMin, long tokensMax,
                         java.math.BigDecimal costMin, java.math.BigDecimal costMax) {
        static final Count ZERO = new Count(0, 0, 0, 0, 0, 0, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO);

        static Count call(long tokens, java.math.BigDecimal cost) {
            java.math.BigDecimal c = cost == null ? java.math.BigDecimal.ZERO : cost;
            return new Count(1, 1, 1, 1, tokens, tokens, c, c);
        }

        Count then(Count next) {
            return new Count(sum(min, next.min), sum(max, next.max), sum(critical, next.critical),
                    sum(onePass, next.onePass),
                    tokensMin + next.tokensMin, tokensMax + next.tokensMax, costMin.add(next.costMin),
                    costMax.add(next.costMax));
        }

        /** Repeated up to n times: the calls at the bound multiply, one pass stays one pass. */
        Count times(int n) {
            return new Count(min, saturated((long) max * n), saturated((long) critical * n), onePass, tokensMin,
                    tokensMax, costMin, costMax);
        }

        /** Alternatives (branches of a conditional): the fewest for min, the largest for the others. */
        Count or(Count other) {
            return new Count(Math.min(min, other.min), Math.max(max, other.max), Math.max(critical, other.critical),
                    Math.max(onePass, other.onePass), Math.min(tokensMin, other.tokensMin),
                    Math.max(tokensMax, other.tokensMax), costMin.min(other.costMin), costMax.max(other.costMax));
        }

        /** Parallel branches: calls add up, the critical paths do not. */
        Count alongside(Count other) {
            return new Count(sum(min, other.min), sum(max, other.max), Math.max(critical, other.critical),
                    Math.max(onePass, other.onePass), tokensMin + other.tokensMin, tokensMax + other.tokensMax,
                    costMin.add(other.costMin), costMax.add(other.costMax));
        }

        /**
         * Call counts saturate at {@code Integer.MAX_VALUE} (a gate retried up to {@code Integer.MAX_VALUE} times,
         * nested loops of large bounds): a plan may say "at least that many", never a wrapped, negative count.
         */
        private static int saturated(long calls) {
            return (int) Math.min(Integer.MAX_VALUE, calls);
        }

        private static int sum(int a, int b) {
            return saturated((long) a + b);
        }
    }

    /** Prompts above this share of their context limit are warned about in plans. */
    static final double NEAR_CONTEXT_LIMIT = 0.8;
    /**
     * Inputs with fewer characters than this (about 2,000 tokens, under half of a 4,096-token window) are not checked
     * at start, unless the engine's default context is smaller: then the input is checked from as many characters as
     * that context has tokens (a quarter of it), so {@code run} refuses what {@code plan} refuses.
     */
    static final long CONTEXT_CHECK_MIN_INPUT_CHARS = 8_000;

    private Planner(int assumedOutputTokens, long defaultContextTokens, RunEffects effects) {
        this.assumedOutputTokens = assumedOutputTokens;
        this.defaultContextTokens = defaultContextTokens;
        this.effects = effects;
    }

    /** Where a model's price and context length are asked: the provider, through the run's effects. */
    private final RunEffects effects;

    /**
     * Plans a workflow for a validated input; referenced outputs are assumed to be {@code assumedOutputTokens} long.
     * Conditions that read only the input are resolved; the others' branches are alternatives (min–max).
     *
     * @param defaultContextTokens the context limit of models whose provider does not know theirs
     * @param effects              where prices and context lengths are asked
     * @throws InputValidationException when a step's prompt cannot fit its model's context, naming the input
     *                                  field that made it large and the step
     */
    public static ExecutionPlan plan(Workflow workflow, JsonNode input, int assumedOutputTokens,
                                     long defaultContextTokens, RunEffects effects) {
        Planner p = new Planner(assumedOutputTokens, defaultContextTokens, effects);
        p.outline.append("workflow ").append(workflow.id()).append('\n');
        Count total = p.sequence(workflow, workflow.steps(), input, "", null, "  ");
        if (!p.tooLarge.isEmpty()) throw new InputValidationException(workflow.id(), List.copyOf(p.tooLarge));
        return new ExecutionPlan(workflow.id(), List.copyOf(p.calls), total.tokensMax(), total.min(), total.max(),
                total.critical(), total.onePass(), total.costMax(), p.withoutPrice, p.outline.toString(),
                total.tokensMin(), total.costMin(), List.copyOf(p.warnings));
    }

    /**
     * The checks of a run's start that need a walk of the definition: prompts that cannot fit their model's context
     * (only when the input is large enough to matter) and, when {@code requirePrices}, a USD budget that could not
     * be enforced. Runs with small inputs and no USD budget do not walk at all.
     *
     * @throws InputValidationException listing every problem
     */
    public static void checkBeforeRun(Workflow workflow, JsonNode input, long defaultContextTokens,
                                      boolean requirePrices, RunEffects effects) {
        long enough = Math.min(CONTEXT_CHECK_MIN_INPUT_CHARS, defaultContextTokens);
        boolean large = textChars(input, enough) >= enough;
        if (!large && !requirePrices) return;
        Planner p = new Planner(500, large ? defaultContextTokens : Long.MAX_VALUE, effects);
        p.sequence(workflow, workflow.steps(), input, "", null, "");
        List<ValidationProblem> problems = new ArrayList<>(p.tooLarge);
        if (requirePrices) problems.addAll(p.unpricedProblems());
        if (!problems.isEmpty()) throw new InputValidationException(workflow.id(), problems);
    }

    /** Characters of the input's text and values, counted up to {@code enough}. */
    private static long textChars(JsonNode node, long enough) {
        if (node.isValueNode()) return node.asText().length();
        long n = 0;
        for (JsonNode child : node) {
            n += textChars(child, enough - n);
            if (n >= enough) break;
        }
        return n;
    }

    /**
     * A USD budget that could not be enforced: one problem per model whose provider knows no price, naming
     * {@code options.maxCostUsd}, the model and the first step using it. Custom agents' models are checked when they
     * call.
     */
    private List<ValidationProblem> unpricedProblems() {
        java.util.Map<String, ValidationProblem> problems = new java.util.LinkedHashMap<>();
        unpriced.forEach((i, provider) -> {
            ExecutionPlan.PlannedCall c = calls.get(i);
            String model = c.model() == null ? "(provider default)" : c.model();
            problems.putIfAbsent(provider + "|" + model, new ValidationProblem("options.maxCostUsd",
                    "cannot be enforced: provider '" + provider + "' knows no price for model '" + model + "' (step '"
                    + c.path() + "'); set options.estimatedCallCostUsd to count each such call at an explicit estimate"));
        });
        return List.copyOf(problems.values());
    }

    private Count sequence(Workflow wf, List<Step> steps, JsonNode input, String condition, String group, String indent) {
        Count c = Count.ZERO;
        for (Step s : steps) c = c.then(step(wf, s, input, condition, group, indent));
        return c;
    }

    private Count step(Workflow wf, Step step, JsonNode input, String condition, String group, String indent) {
        return step.accept(new StepPlan(wf, wf.index().info(step.id()), input, condition, group, indent));
    }

    /** Plans one step: adds its model calls and outline lines, returns its count. */
    private final class StepPlan implements StepVisitor<Count> {
        private final Workflow wf;
        private final WorkflowIndex.StepInfo info;
        private final String path;
        private final JsonNode input;
        private final String condition;
        private final String group;
        private final String indent;

        StepPlan(Workflow wf, WorkflowIndex.StepInfo info, JsonNode input, String condition, String group,
                 String indent) {
            this.wf = wf;
            this.info = info;
            this.path = info.path();
            this.input = input;
            this.condition = condition;
            this.group = group;
            this.indent = indent;
        }

        @Override
        public Count visitAgent(AgentStep a) {
            LlmAgent llm = a.agent() instanceof LlmAgent l ? l : null;
            String prompt = render(info.template(), input);
            return add(path, "agent", a.agent().name(), llm, group, condition, prompt, info.template(), input, indent);
        }

        @Override
        public Count visitTask(TaskStep t) {
            outline.append(indent).append("- ").append(path).append(" [task] ").append(t.description()).append('\n');
            return Count.ZERO;
        }

        @Override
        public Count visitSequence(SequenceStep s) {
            return sequence(wf, s.steps(), input, condition, group, indent);
        }

        @Override
        public Count visitParallel(ParallelStep p) {
            outline.append(indent).append("- ").append(path).append(" [parallel ×").append(p.branches().size()).append("]\n");
            Count all = Count.ZERO;
            for (Step b : p.branches()) all = all.alongside(step(wf, b, input, condition, path, indent + "  "));
            return all;
        }

        @Override
        public Count visitConditional(ConditionalStep c) {
            return conditional(wf, c, path, input, condition, group, indent);
        }

        @Override
        public Count visitRoute(RouteStep r) {
            Count router = add(path, "router", r.router().name(), r.router() instanceof LlmAgent l ? l : null, group,
                    condition, render(info.template(), input), info.template(), input, indent);
            Count any = Count.ZERO;
            boolean first = true;
            for (RouteStep.Route route : r.routes()) {
                Count n = step(wf, route.step(), input, join(condition, "route " + route.name()), group, indent + "  ");
                any = first ? n : any.or(n);
                first = false;
            }
            return router.then(any);
        }

        @Override
        public Count visitLoop(LoopStep l) {
            outline.append(indent).append("- ").append(path).append(" [loop until ").append(l.exitDescription()).append("]\n");
            Count body = step(wf, l.body(), input, join(condition, "× up to " + l.maxIterations()), group, indent + "  ");
            Count judge = judge(l.gate(), path, group, join(condition, "× up to " + l.maxIterations()), indent + "  ");
            return body.then(judge).times(l.maxIterations());
        }

        @Override
        public Count visitGate(GateStep g) {
            outline.append(indent).append("- ").append(path).append(" [gate ").append(g.gate().name()).append(" ≥ ")
                    .append(g.threshold()).append(", ").append(g.policy()).append("]\n");
            int attempts = g.policy().maxAttempts();
            String cond = attempts > 1 ? join(condition, "× up to " + attempts) : condition;
            Count subject = step(wf, g.subject(), input, cond, group, indent + "  ");
            return subject.then(judge(g.gate(), path, group, cond, indent + "  ")).times(attempts);
        }

        @Override
        public Count visitSubWorkflow(SubWorkflowStep w) {
            outline.append(indent).append("- ").append(path).append(" [workflow ").append(w.workflow().id()).append("]\n");
            JsonNode nestedInput = nestedInput(w, info, input);
            java.util.Set<String> fromOutputs = new java.util.HashSet<>();
            for (var e : info.inputs().entrySet()) {
                boolean known = true;
                for (Template.Ref ref : e.getValue().refs()) {
                    if (!"input".equals(ref.root()) || unknownInputs.contains(ref.path().isEmpty() ? "" : ref.path().get(0))) {
                        known = false;
                    }
                }
                if (!known) fromOutputs.add(e.getKey());
            }
            int before = calls.size();
            java.util.Set<String> outer = unknownInputs;
            unknownInputs = fromOutputs;
            Count c;
            try {
                c = sequence(w.workflow(), w.workflow().steps(), nestedInput, condition, group, indent + "  ");
            } finally {
                unknownInputs = outer;
            }
            for (int i = before; i < calls.size(); i++) {
                ExecutionPlan.PlannedCall pc = calls.get(i);
                calls.set(i, new ExecutionPlan.PlannedCall(path + "/" + pc.path(), pc.kind(), pc.agent(), pc.model(),
                        pc.parallelGroup() == null ? null : path + "/" + pc.parallelGroup(), pc.condition(), pc.prompt(),
                        pc.estimatedPromptTokens(), pc.estimatedCostUsd()));
            }
            return c;
        }
    }

    /** Limits that never cut the input a plan gives a sub-workflow (the run's input was checked already). */
    private static final dev.devora.orchestration.workflow.InputLimits UNLIMITED =
            new dev.devora.orchestration.workflow.InputLimits(dev.devora.orchestration.workflow.InputLimits.MAX_DEPTH,
                    Integer.MAX_VALUE, Long.MAX_VALUE);

    /**
     * The input a sub-workflow would get, as the interpreter builds it: a lone input reference into a typed field
     * keeps its JSON type, anything else is rendered text; then the sub-workflow's spec applies its defaults and
     * types, so its conditions resolve as in the run. A field the spec would refuse (a value computed from outputs,
     * unknown here) keeps its rendered text.
     */
    private JsonNode nestedInput(SubWorkflowStep w, WorkflowIndex.StepInfo info, JsonNode input) {
        com.fasterxml.jackson.databind.node.ObjectNode raw = Json.NODES.objectNode();
        for (var e : info.inputs().entrySet()) {
            Template.Ref only = e.getValue().singleRef();
            boolean typed = w.workflow().input().field(e.getKey())
                    .map(f -> f.type() != dev.devora.orchestration.workflow.FieldType.STRING).orElse(false);
            JsonNode value = only == null || !typed || !"input".equals(only.root()) ? null : inputValue(input, only.path());
            if (value != null && !value.isMissingNode()) raw.set(e.getKey(), value);
            else raw.put(e.getKey(), render(e.getValue(), input));
        }
        com.fasterxml.jackson.databind.node.ObjectNode nested =
                w.workflow().input().normalise(raw, UNLIMITED, new ArrayList<>());
        for (var e : raw.properties()) if (!nested.has(e.getKey())) nested.set(e.getKey(), e.getValue());
        return nested;
    }

    private Count judge(QualityGate gate, String path, String group, String condition, String indent) {
        if (!(gate instanceof LlmJudgeGate j)) return Count.ZERO;
        return add(path, "judge", j.name(), j.judge(), group, condition,
                "Rubric:\n" + j.rubric() + "\n«output under review»", null, null, indent);
    }

    /**
     * A conditional: branches whose condition reads only the input are resolved (a false one cannot run and is not
     * counted; the first true one is the only one left), the others are alternatives.
     */
    private Count conditional(Workflow wf, ConditionalStep c, String path, JsonNode input, String condition,
                              String group, String indent) {
        PlanTimeState state = new PlanTimeState(input, unknownInputs);
        StringBuilder resolved = new StringBuilder();
        int header = outline.length();
        outline.append(indent).append("- ").append(path).append(" [conditional]\n");
        Count any = null;
        boolean decided = false;
        for (ConditionalStep.Branch b : c.branches()) {
            String when = "when " + b.when().description();
            PlanTimeState.Outcome outcome = state.evaluate(b.when());
            if (outcome == PlanTimeState.Outcome.FALSE) {
                outline.append(indent).append("  - not taken: ").append(when).append(" (false for this input)\n");
                continue;
            }
            boolean certain = outcome == PlanTimeState.Outcome.TRUE && any == null;
            Count n = step(wf, b.step(), input, certain ? condition : join(condition, when), group, indent + "  ");
            if (certain) resolved.append(when);
            any = any == null ? n : any.or(n);
            if (outcome == PlanTimeState.Outcome.TRUE) {
                decided = true;
                break;
            }
        }
        if (!decided && c.otherwise() != null) {
            boolean certain = any == null;
            Count n = step(wf, c.otherwise(), input, certain ? condition : join(condition, "otherwise"), group,
                    indent + "  ");
            if (certain) resolved.append("otherwise");
            any = any == null ? n : any.or(n);
        } else if (!decided && any != null) {
            any = any.or(Count.ZERO); // no branch may hold: the step is skipped
        }
        String kind = resolved.length() > 0 ? " [conditional, resolved by the input: " + resolved + "]"
                : any == null ? " [conditional, resolved by the input: no branch runs]" : " [conditional: alternatives]";
        outline.replace(header, outline.indexOf("\n", header), indent + "- " + path + kind);
        return any == null ? Count.ZERO : any;
    }

    private Count add(String path, String kind, String agent, LlmAgent llm, String group, String condition,
                      String prompt, Template template, JsonNode input, String indent) {
        int refs = 0;
        if (template != null) {
            for (Template.Ref r : template.refs()) if (!"input".equals(r.root())) refs++;
        }
        String model = llm == null ? null : llm.modelOptions().model();
        String system = llm == null ? "" : llm.systemPrompt();
        long estimate = (prompt.length() + system.length()) / 4 + (long) refs * assumedOutputTokens;
        java.math.BigDecimal callCost = null;
        if (llm != null) {
            Integer max = llm.modelOptions().maxTokens();
            long completion = max == null ? assumedOutputTokens : Math.min(max, assumedOutputTokens);
            java.util.Optional<dev.devora.orchestration.llm.ModelPrice> price =
                    prices.computeIfAbsent(new ProviderModel(llm.provider(), model),
                            k -> effects.price(k.provider(), k.model()));
            if (price.isPresent()) callCost = price.get().cost(estimate, completion);
        }
        if (callCost == null && llm != null) {
            withoutPrice++;
            unpriced.put(calls.size(), llm.provider().name());
        }
        checkContext(path, llm, model, estimate, template, input);
        calls.add(new ExecutionPlan.PlannedCall(path, kind, agent, model, group, condition, prompt, estimate, callCost));
        outline.append(indent).append("- ").append(path).append(" [").append(kind).append(' ').append(agent)
                .append(model == null ? "" : " @ " + model).append("] ~").append(estimate).append(" prompt tokens")
                .append(callCost == null ? "" : ", ~$" + callCost.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString())
                .append(condition.isEmpty() ? "" : " (" + condition + ")").append('\n');
        return Count.call(estimate, callCost);
    }

    /**
     * A prompt that cannot fit its model's context (the provider's figure, else the default limit) is an input
     * error naming the input field that contributes most to it; one above {@link #NEAR_CONTEXT_LIMIT} is a warning.
     */
    private void checkContext(String path, LlmAgent llm, String model, long estimate, Template template, JsonNode input) {
        if (defaultContextTokens == Long.MAX_VALUE) return; // not checked: a small input at run start
        java.util.OptionalInt known = llm == null ? java.util.OptionalInt.empty()
                : contexts.computeIfAbsent(new ProviderModel(llm.provider(), model),
                k -> contextLength(k.provider(), k.model()));
        long limit = known.isPresent() ? known.getAsInt() : defaultContextTokens;
        if (estimate <= limit * NEAR_CONTEXT_LIMIT) return;
        String modelName = model == null ? "the provider's default model" : "model '" + model + "'";
        String context = known.isPresent() ? "the " + String.format(java.util.Locale.ROOT, "%,d", limit)
                + "-token context of " + modelName
                : "the default context limit of " + String.format(java.util.Locale.ROOT, "%,d", limit)
                + " tokens (the provider does not know the context of " + modelName + ")";
        String tokens = String.format(java.util.Locale.ROOT, "~%,d prompt tokens", estimate);
        if (estimate > limit) {
            String field = largestInputField(template, input);
            String fieldPath = field == null ? path : "input." + field;
            String detail = field == null ? "" : "; input." + field + " has " + String.format(java.util.Locale.ROOT,
                    "%,d", FrameState.inputText(input, field).length()) + " characters";
            tooLarge.add(new ValidationProblem(fieldPath, "makes the prompt of step '" + path + "' " + tokens
                    + ", more than " + context + detail));
        } else {
            warnings.add("step '" + path + "': " + tokens + ", " + Math.round(100.0 * estimate / limit)
                    + "% of " + context);
        }
    }

    private java.util.OptionalInt contextLength(dev.devora.orchestration.llm.LlmProvider provider, String model) {
        try {
            java.util.OptionalInt n = effects.contextLength(provider, model);
            return n == null ? java.util.OptionalInt.empty() : n;
        } catch (RuntimeException unavailable) {
            return java.util.OptionalInt.empty();
        }
    }

    /** The input field referenced by the template whose value is longest; or null. */
    private static String largestInputField(Template template, JsonNode input) {
        if (template == null || input == null) return null;
        String best = null;
        long bestLength = -1;
        for (Template.Ref r : template.refs()) {
            if (!"input".equals(r.root()) || r.path().isEmpty()) continue;
            String field = r.path().get(0);
            long length = FrameState.inputText(input, field).length();
            if (length > bestLength) {
                best = field;
                bestLength = length;
            }
        }
        return best;
    }

    private static String render(Template template, JsonNode input) {
        if (template == null) return "";
        return template.render(ref -> {
            if ("input".equals(ref.root())) {
                JsonNode node = inputValue(input, ref.path());
                return node.isMissingNode() || node.isNull() ? "" : node.isValueNode() ? node.asText() : Json.write(node);
            }
            if ("loop".equals(ref.root())) return "«iteration»";
            if ("gate".equals(ref.root())) return "«gate " + String.join(".", ref.path()) + "»";
            return "«output of " + ref.text() + "»";
        });
    }

    /** The input's value at a reference's path; missing when there is none. */
    private static JsonNode inputValue(JsonNode input, List<String> path) {
        JsonNode node = input;
        for (String p : path) node = node.path(p);
        return node;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }
}
