package dev.devora.orchestration.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.StepMetrics;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.Workflows;
import dev.devora.orchestration.workflows.internal.DocumentationRecipe;
import dev.devora.orchestration.workflows.internal.Rubric;
import dev.devora.orchestration.workflows.internal.SourceSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tokens per run of the documentation and security-audit workflows on this repository, with the fixed source
 * summary (the old way: {@code definition()} run on the engine) and with the read-only workspace (the way
 * {@code PredefinedWorkflow.run} goes with a {@code source_code_path}), by a {@link ReadingModel}: per agent step and
 * per run, prompt and completion tokens as {@code result.metrics()} accounts them. Prints Markdown tables.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.devora.orchestration.benchmarks.WorkspaceTokenReport .
 * }</pre>
 */
public final class WorkspaceTokenReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The code-reading step of each workflow and how it reads (terms a model would search for this repository). */
    static final Map<String, ReadingModel.Reading> READINGS = Map.of(
            "analysis", new ReadingModel.Reading(List.of("public final class WorkflowEngine", "public interface LlmProvider",
                    "public final class LlmAgent"), List.of("README.md", "pom.xml"), 3, 10, 50),
            "code-findings", new ReadingModel.Reading(List.of("re:ProcessBuilder|Runtime\\.getRuntime", "ApiKey",
                    "re:toRealPath|normalize\\(\\)"), List.of(), 4, 20, 40));

    private WorkspaceTokenReport() {
    }

    /**
     * Runs both workflows both ways on {@code <repo>/orchestration-core/src/main/java} and on {@code <repo>}.
     *
     * @param args the repository root (default: the working directory)
     * @throws Exception when a run does not succeed
     */
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        if (!Files.isDirectory(repo.resolve("orchestration-core/src/main/java"))) {
            throw new IllegalArgumentException("not this repository's root (no orchestration-core/src/main/java): " + repo);
        }
        System.out.println("| source | workflow | way | step | calls | prompt | completion | total |");
        System.out.println("|---|---|---|---|---:|---:|---:|---:|");
        StringBuilder rounds = new StringBuilder("| source | workflow | way | code-reading step: prompt tokens per call |\n|---|---|---|---|\n");
        StringBuilder given = new StringBuilder("| source | summary in the prompt | outline in the prompt |\n|---|---:|---:|\n");
        StringBuilder totals = new StringBuilder("| source | workflow | way | calls | prompt | completion | total | not in the estimate¹ |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|\n");
        try (WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build()) {
            for (Path source : List.of(repo.resolve("orchestration-core/src/main/java"), repo)) {
                String label = repo.equals(source) ? "whole repository" : "orchestration-core/src/main/java";
                given.append(String.format("| %s | %,d tokens | %,d tokens |%n", label,
                        SourceSummary.of(source, DocumentationRecipe.SOURCE_BUDGET).length() / 4, SourceSummary.tree(source).length() / 4));
                for (String workflow : List.of("documentation-generation", "security-audit")) {
                    for (boolean tools : new boolean[] {false, true}) {
                        ReadingModel model = new ReadingModel(READINGS, WorkspaceTokenReport::answer);
                        WorkflowResult r = measure(engine, model, workflow, source, tools);
                        String way = tools ? "workspace" : "summary";
                        for (StepMetrics s : r.metrics().steps().values()) {
                            if (s.llmCalls() == 0) continue;
                            Usage u = s.usage();
                            System.out.printf("| %s | %s | %s | %s | %d | %,d | %,d | %,d |%n", label, workflow, way,
                                    s.path(), s.llmCalls(), u.promptTokens(), u.completionTokens(), u.promptTokens() + u.completionTokens());
                        }
                        List<String> perCall = r.metrics().calls().stream()
                                .filter(c -> READINGS.containsKey(c.path().substring(c.path().lastIndexOf('/') + 1)))
                                .map(c -> String.format("%,d", c.usage().promptTokens())).toList();
                        rounds.append(String.format("| %s | %s | %s | %s |%n", label, workflow, way, String.join(" → ", perCall)));
                        Usage u = r.metrics().usage();
                        totals.append(String.format("| %s | %s | %s | %d | %,d | %,d | %,d | %,d |%n", label, workflow, way,
                                r.metrics().llmCalls(), u.promptTokens(), u.completionTokens(),
                                u.promptTokens() + u.completionTokens(), model.uncountedChars() / 4));
                    }
                }
            }
        }
        System.out.println();
        System.out.print(given);
        System.out.println();
        System.out.print(rounds);
        System.out.println();
        System.out.print(totals);
        System.out.println();
        System.out.println("¹ tokens (characters / 4) of the tool definitions sent with each request and of the earlier "
                + "tool calls' arguments: a provider bills them, the engine's estimate and the counts above leave them out.");
    }

    /**
     * One run of a workflow on {@code source}: with the workspace ({@code PredefinedWorkflow.run}) or with the
     * summary ({@code definition()} on the engine).
     *
     * @throws IllegalStateException if the run does not succeed
     */
    static WorkflowResult measure(WorkflowEngine engine, ReadingModel model, String workflow, Path source, boolean tools) {
        PredefinedWorkflow wf = Workflows.byId(workflow, model).withEngine(engine);
        JsonNode input = input(workflow, source);
        WorkflowResult r = tools ? wf.run(input) : engine.run(wf.definition(), input, RunOptions.NONE, WorkflowListener.NONE);
        if (r.status() != RunStatus.SUCCEEDED) throw new IllegalStateException(workflow + ": " + r.failure());
        return r;
    }

    static JsonNode input(String workflow, Path source) {
        ObjectNode in = JSON.createObjectNode();
        ArrayNode stack = in.arrayNode().add("Java 17").add("Maven").add("Jackson").add("resilience4j").add("SLF4J");
        if (workflow.equals("documentation-generation")) {
            in.put("project_name", "Devora Orchestration");
            in.put("project_type", "library");
            in.set("tech_stack", stack);
            in.set("documentation_types", in.arrayNode().add("readme").add("architecture").add("api_reference"));
        } else {
            in.put("target_name", "Devora Orchestration");
            in.put("description", "An embeddable Java library that runs teams of LLM agents through workflows; it holds "
                    + "API keys of model providers, calls them over HTTPS and lets agents read a local folder through tools.");
            in.set("tech_stack", stack);
            in.put("api_specification", "No HTTP API of its own: a Java API (WorkflowEngine, LlmProvider, Tool).");
            in.set("infrastructure", in.arrayNode().add("runs inside the embedding application's JVM; journals runs in SQLite or PostgreSQL"));
        }
        in.put("source_code_path", source.toString());
        return in;
    }

    /** Each step's final answer: the same in both ways, sized like a real model's answer (see docs/benchmarks.md). */
    static String answer(String step) {
        return switch (step) {
            case "analysis" -> analysis();
            case "write-readme", "write-architecture", "write-api-reference" -> markdown(step.substring(6), 16, 380);
            case "code-findings", "api-findings", "infra-findings" -> findings(step, 4);
            case "consolidated" -> findings("SEC", 8);
            case "code-fixes", "infra-fixes" -> markdown(step, 10, 420);
            case "remediation-plan", "revised-plan" -> plan();
            case "review" -> verdict("docs-review");
            case "signoff" -> verdict("security-signoff");
            default -> throw new IllegalArgumentException("no scripted answer for step '" + step + "'");
        };
    }

    /** The documentation analysis: a Markdown summary, prerequisites, the project's commands, unknowns. */
    private static String analysis() {
        ObjectNode out = JSON.createObjectNode();
        out.put("summary", markdown("Analysis of Devora Orchestration", 14, 420));
        out.putArray("prerequisites").add("Java 17").add("Maven 3.8");
        ArrayNode commands = out.putArray("commands");
        commands.addObject().put("purpose", "build").put("command", "mvn -B -ntp verify").put("source", "README.md:12");
        commands.addObject().put("purpose", "run").put("command", "java -jar examples/target/devora-run.jar api-development")
                .put("source", "README.md:8");
        out.putArray("unknowns").add("TODO: the supported operating systems");
        return out.toString();
    }

    /** An approving verdict scoring every criterion of the gate's rubric at 90. */
    private static String verdict(String rubric) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode criteria = out.putObject("criteria");
        for (Rubric.Criterion c : Rubric.of(rubric).criteria()) {
            criteria.putObject(c.id()).put("score", 90).put("evidence", "README.md and the API reference agree with the code");
        }
        out.put("score", 90).put("approved", true);
        out.putArray("blockers");
        out.putArray("issues");
        out.put("feedback", "Ready to ship; keep the examples in sync with the API.");
        return out.toString();
    }

    /** A Markdown answer of {@code sections} sections of about {@code chars} characters each. */
    private static String markdown(String title, int sections, int chars) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        String sentence = "The engine runs each step through one interpreter; agents call models only through the "
                + "engine's call context, which accounts tokens and enforces budgets (WorkflowEngine.java:120). ";
        for (int i = 1; i <= sections; i++) {
            sb.append("## Section ").append(i).append("\n\n");
            while (sb.length() < i * (chars + 20)) sb.append(sentence);
            sb.append("\n\n");
        }
        return sb.toString();
    }

    private static String findings(String prefix, int n) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("findings");
        for (int i = 1; i <= n; i++) {
            ObjectNode f = list.addObject();
            f.put("id", prefix + "-" + i);
            f.put("title", "Unbounded input reaches a file path");
            f.put("category", "CWE-22 Path Traversal; OWASP A01:2021");
            f.put("severity", i == 1 ? "high" : "medium");
            f.put("location", "orchestration-core/src/main/java/dev/devora/orchestration/tool/workspace/PathGuard.java:" + (20 + i));
            f.put("evidence", "Path given = Path.of(path); if (given.isAbsolute() ...) refuses absolute paths; the "
                    + "symbolic-link check resolves the real path and compares it with the root.");
            f.put("impact", "A model steered by a prompt injection could try to read files outside the workspace; "
                    + "the guard refuses it, so the residual risk is a race between check and read.");
            f.put("remediation", "Open the file through the resolved real path only, and re-check after opening.");
            f.put("effort", "S");
        }
        out.put("summary", "The library keeps secrets in ApiKey (redacted in toString) and confines workspace tools to "
                + "their root; the findings are hardening, not exploitable defects.");
        return out.toString();
    }

    private static String plan() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (int i = 1; i <= 8; i++) {
            ObjectNode it = items.addObject();
            it.put("finding_id", "SEC-" + i);
            it.put("action", "Re-check the resolved path after opening the file and add a regression test for it.");
            it.put("owner_role", "backend-developer");
            it.put("priority", i <= 2 ? "P1" : "P2");
            it.put("deadline_days", 14);
            it.put("verification", "A test that swaps a folder for a symbolic link between check and read is refused.");
        }
        out.putArray("quick_wins").add("Document the workspace bounds").add("Add the link-swap regression test");
        out.put("roadmap", "## P1\nHarden the path guard.\n\n## P2\nReview logging of tool arguments.");
        return out.toString();
    }
}
