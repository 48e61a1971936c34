package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflows.business.BusinessInput;
import dev.devora.orchestration.workflows.business.BusinessPhase;
import dev.devora.orchestration.workflows.internal.BusinessRecipe;
import dev.devora.orchestration.workflows.internal.Recipe;
import dev.devora.orchestration.workflows.internal.Recipes;
import dev.devora.orchestration.workflows.roles.Role;

import java.util.Locale;
import java.util.Map;

/**
 * Renders the reference of the predefined workflows ({@code docs/workflows.md}): squads and roles, then per
 * workflow its Mermaid diagram, input fields and deliverables. A test keeps the checked-in file equal to this
 * output.
 *
 * <pre>{@code
 * Files.writeString(Path.of("docs/workflows.md"), WorkflowDocs.render());
 * }</pre>
 */
public final class WorkflowDocs {
    private static final Map<String, Class<? extends WorkflowInput>> TYPED = Map.ofEntries(
            Map.entry("full-stack-development", FullStackInput.class), Map.entry("api-development", ApiDevelopmentInput.class),
            Map.entry("documentation-generation", DocumentationInput.class),
            Map.entry("performance-optimization", PerformanceInput.class), Map.entry("cicd-setup", CiCdInput.class),
            Map.entry("data-pipeline-setup", DataPipelineInput.class), Map.entry("ml-model-integration", MlIntegrationInput.class),
            Map.entry("security-audit", SecurityAuditInput.class), Map.entry("accessibility-compliance", AccessibilityInput.class),
            Map.entry("complete-project-launch", ProjectLaunchInput.class),
            Map.entry("feature-development", FeatureDevelopmentInput.class),
            Map.entry("bug-resolution", BugResolutionInput.class),
            Map.entry("saas-mvp", SaasMvpInput.class),
            Map.entry("quality-gate", QualityGateInput.class),
            Map.entry("migration", MigrationInput.class),
            Map.entry("refactoring", RefactoringInput.class),
            Map.entry("performance-audit", PerformanceAuditInput.class),
            Map.entry("scaling", ScalingInput.class),
            Map.entry("incident-response", IncidentResponseInput.class),
            Map.entry("release-management", ReleaseManagementInput.class),
            Map.entry("restaurant-premium", BusinessInput.class),
            Map.entry("coiffeur-express", BusinessInput.class), Map.entry("artisan-pro", BusinessInput.class));

    /** What comes before the first business template: the phases' shape and the environment variables. */
    private static final String BUSINESS = String.join("\n",
            "## Business templates",
            "",
            "Three templates deliver a small business's website with the four agents of the website squad: the design",
            "(`design-ia`) first; the site (`core-platform`) and the sector's automation (`automation`: reservations,",
            "appointments or quotes) in parallel, as both only need the design; the advertising (`ads-management`) last,",
            "after both. Each phase is one agent step with one deliverable and a planned time, kept as data:",
            "`BusinessTemplate.phases()` gives each phase's step id, role, planned `Duration` and deliverable;",
            "`plannedTotal()` adds the four up (the template's advertised time), `plannedElapsed()` counts the two",
            "middle phases once, as they overlap. The input is the same for the three (`BusinessInput`, whose `secteur`",
            "chooses the template); a template refuses another sector's order, naming the template that serves it.",
            "",
            "Where each phase's agent runs is read from the environment (`AgentEndpoints.fromEnvironment(map)`, by",
            "default `System.getenv()` when the workflow is built; `Workflows.byId(id, llm, config, endpoints)` takes",
            "one); `BusinessAgents.forRole` is the one place that chooses a phase's agent. A phase whose endpoint is set",
            "is a `RemoteAgent`: the task is posted there with the token, the run waits (holding no thread) for the",
            "agent's `task_completed` at `ORCHESTRATION_WEBHOOK_URL` (3 attempts, 30 s per request, a circuit breaker,",
            "a report within 30 min), and the role's model agent is its fallback; the other phases are that model agent.",
            "Each phase's planned time is its SLA (`SlaBreached` when crossed; the run goes on). The runner starts the",
            "receiver itself; `StubAgents` (examples) serves the four agents on local ports for a try.",
            "",
            "| variable | what |",
            "|---|---|",
            "| `DESIGN_IA_ENDPOINT` | the `design-ia` agent's endpoint: an absolute `http` or `https` URI with a host, e.g. `http://localhost:3335` |",
            "| `CORE_ENDPOINT` | the `core-platform` agent's endpoint |",
            "| `AUTOMATION_ENDPOINT` | the `automation` agent's endpoint |",
            "| `ADS_ENDPOINT` | the `ads-management` agent's endpoint |",
            "| `INTER_AGENT_TOKEN` | the bearer token between the agents, required once an endpoint is set; kept as an `ApiKey`, shown in no message and no `toString` |",
            "| `ORCHESTRATION_WEBHOOK_URL` | where the agents report back (a `RemoteCallbackServer`'s `uri()`), required once an endpoint is set; the runner sets it to its own receiver when unset |",
            "",
            "An unset or blank variable is not configured. A bad value is an `AgentEndpointsException` listing every",
            "problem with its variable (an endpoint's value quoted, unless it holds credentials; the token's never).",
            "", "");

    /** The schema of {@code report(result)} (and of the runner's {@code report.json}), kept beside the code that writes it. */
    private static final String REPORT = String.join("\n",
            "## The report",
            "",
            "`report(result)` (or `report(result, new ReportContext(startedAt, finishedAt, simulated))`) returns one JSON",
            "object of the same shape for every workflow; the runner writes it as `report.json`. Schema version 1:",
            "",
            "| field | type | what |",
            "|---|---|---|",
            "| `schema_version` | int | `1`; raised when a field changes meaning or is removed |",
            "| `metadata` | object | `library_version` (the library's version, `unknown` when not known), `execution_id` (the run id), `generated_at` (ISO-8601 UTC instant the report was made) |",
            "| `run_id`, `workflow_id` | string | the engine's run id; the workflow's id |",
            "| `status` | string | `success`, `partial` (a gate or loop ended below its bar), `failed`, `cancelled` |",
            "| `started_at`, `finished_at` | string or null | ISO-8601 UTC instants from the `ReportContext`; null when not given |",
            "| `duration_seconds` | number | the run's wall time |",
            "| `costs` | string | where the money figures come from: `reported` (every call's cost as the provider reported it), `estimated` (at least one call's cost estimated by the client from list prices), `incomplete` (some call has neither: totals leave it out), `simulated` (a simulated provider: fake), `none` (no model call) |",
            "| `totals` | object | `llm_calls`, `agents_executed`, `retries`, `success_rate` (agent executions / (executions + retries)), `prompt_tokens`, `completion_tokens`, `reasoning_tokens`, `cached_tokens`, `total_tokens`, `cost_usd` (each call's reported cost, else its client estimate, summed; null when no call has either), `cost_estimated` (whether that sum holds an estimate), `calls_without_cost` (calls whose cost the provider did not report: their estimates, if any, are in `cost_usd`; see `costs`) |",
            "| `steps` | array | one object per step in declaration order: `path`, `kind`, `agent`, `squad` (null when none), `models` (that answered), `executions`, `llm_calls`, `retries`, the token fields, `cost_usd`, `cost_estimated`, `calls_without_cost`, `time_seconds` (summed over executions) |",
            "| `squads` | array | per squad: `squad`, `agents_executed`, `llm_calls`, `retries`, the token fields, `cost_usd`, `cost_estimated` |",
            "| `gate_history` | array | every gate verdict: `path`, `gate`, `attempt`, `score`, `threshold`, `passed`, `failed_checks` (`name`, `score`, `detail`), `blockers`, `recommendations`, `feedback` |",
            "| `warnings` | array | `path`, `message` |",
            "| `error` | string or null | why the run failed or was cancelled |",
            "| `errors` | array | every failure, the run's own first: `path` (the failed step; null for a failure of the run itself, e.g. its budget), `kind` (a provider error kind such as `rate_limited` or `authentication`, else `budget_exceeded`, `timeout`, `cancelled`, `gate_failed`, `output_format`, `answer_refused`, `error`), `type` (the cause's exception class), `message`; `[]` when the run did not fail |",
            "| `deliverables` | object | the deliverables tree of the workflow (its sections below); `{}` when nothing was produced |",
            "| `files` | array | the relative paths `writeDeliverables` writes for these deliverables, `/`-separated as the files are named on disk (`README.md`, `diagrams/architecture.mmd`) |",
            "",
            "Fields are only added within a schema version (`metadata` and `errors` were). `reportMarkdown(result, context)`",
            "renders the same run for a person (the runner writes it as `REPORT.md`): status, what each agent step did,",
            "the gates' attempts and scores with the last attempt's failed checks, the deliverables' findings by severity,",
            "the cost, the files, the errors and what to do next.",
            "", "");

    private WorkflowDocs() {
    }

    /**
     * Renders the reference.
     *
     * @return the Markdown text of {@code docs/workflows.md}
     */
    public static String render() {
        WorkflowCatalog catalog = WorkflowCatalog.standard();
        StringBuilder sb = new StringBuilder();
        sb.append("# Predefined workflows\n\n")
                .append("<!-- Generated by dev.devora.orchestration.workflows.WorkflowDocs; do not edit by hand. Regenerate with\n")
                .append("     mvn -pl orchestration-workflows -am verify -Dtest=WorkflowDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dworkflows.docs.update=true -->\n\n")
                .append("The predefined workflows, ready to run in one line: ten software workflows, the engineering-operations\n")
                .append("workflows that work on a repository (its directory is their `workspace`; they write to it only when the\n")
                .append("caller opts in with `withWritableWorkspace()`), then three business templates that deliver a small\n")
                .append("business's website ([Business templates](#business-templates)).\n\n")
                .append("```java\nWorkflowResult result = Workflows.apiDevelopment(llm).run(input);          // Map, JSON or ApiDevelopmentInput\n")
                .append("JsonNode report = Workflows.apiDevelopment(llm).report(result);            // one schema for every workflow (below)\n")
                .append("Workflows.byId(\"security-audit\", llm, WorkflowConfig.defaults()).writeDeliverables(result, Path.of(\"out\"));\n```\n\n")
                .append("Conventions common to every workflow:\n\n")
                .append("- **Input** is validated before any model call: missing fields, types, allowed values, unknown fields and the\n")
                .append("  content of lists and objects (`input.data_models[1].fields`); every problem is reported at once.\n")
                .append("- **Deliverables** come back as one JSON tree per workflow (`result.deliverables()`, its sections listed under\n")
                .append("  each workflow below); `report(result)` wraps them with the run's accounting in one schema for every\n")
                .append("  workflow (see [The report](#the-report)). Code comes back as files `[{path, language, content}]`, not\n")
                .append("  bare strings, so that `writeDeliverables` can save them where they belong. It refuses, before writing\n")
                .append("  anything, a path that is absolute or leaves the folder, any symbolic link below the folder (a linked\n")
                .append("  folder or file, even a dangling one) and a file with a second name (a hard link):\n")
                .append("  `DeliverablePathException` names the deliverable and the path on disk.\n")
                .append("- **Structured parts** (KPIs, OpenAPI documents, findings, verdicts, plans) are requested as JSON with a schema\n")
                .append("  and validated (re-asked on mismatch); documents are Markdown.\n")
                .append("- **Loops** (review loops, the performance target loop) are bounded by `WorkflowConfig.maxIterations` (default 3);\n")
                .append("  a loop that ends without passing leaves the run `PARTIAL`. Review gates pass when the reviewer's score reaches\n")
                .append("  the gate's threshold (default 80) with no blocker and approval; `WorkflowConfig.extraGate` adds checks.\n")
                .append("- **Prompts** contain only what they reference (declared reads): downstream squads read the integrated brief of\n")
                .append("  the previous phase, not every raw output.\n")
                .append("- **Words live in resources**: role instructions in `roles/<role>.md`, step prompts in\n")
                .append("  `prompts/<workflow-id>.md` (one `# step: <id>` section per agent step), under\n")
                .append("  `src/main/resources/dev/devora/orchestration/workflows/`; Java holds the structure.\n\n");

        sb.append(REPORT);
        sb.append("## Squads and roles\n\n| squad | role | tier | what it does |\n|---|---|---|---|\n");
        for (SquadInfo s : catalog.squads()) {
            for (Role r : s.roles()) {
                sb.append("| ").append(s.name()).append(" | `").append(r.id()).append("` | ")
                        .append(r.tier().name().toLowerCase(Locale.ROOT)).append(" | ").append(r.summary()).append(" |\n");
            }
        }
        sb.append("\nEach role's instructions are in `src/main/resources/dev/devora/orchestration/workflows/roles/<role>.md`; the\n")
                .append("`workflow-router` role suggests a workflow for a free-text task (`WorkflowCatalog.suggest`).\n")
                .append("Default models: fast → `").append(ModelPolicy.DEFAULT_FAST_MODEL).append("`, smart → `")
                .append(ModelPolicy.DEFAULT_SMART_MODEL).append("` (override per tier or role with `ModelPolicy`).\n");

        int n = 1;
        boolean businessIntroduced = false;
        for (Recipe r : Recipes.ALL) {
            WorkflowInfo w = catalog.workflow(r.id());
            if (r instanceof BusinessRecipe && !businessIntroduced) {
                sb.append('\n').append(BUSINESS.stripTrailing()).append('\n');
                businessIntroduced = true;
            }
            sb.append("\n## ").append(n++).append(". ").append(w.name()).append(" (`").append(w.id()).append("`)\n\n")
                    .append(w.description()).append(".\n\nSquads: ").append(String.join(" → ", w.squads())).append("\n\n")
                    .append(r.notes().isEmpty() ? "" : r.notes() + "\n\n")
                    .append("Typed input: `").append(TYPED.get(w.id()).getSimpleName()).append("` (or a `Map`/JSON).\n\n")
                    .append("```mermaid\n").append(w.mermaid().strip()).append("\n```\n\n")
                    .append(r instanceof BusinessRecipe b ? phases(b) : "")
                    .append("### Input\n\n")
                    .append("| field | type | required | allowed values | default | description |\n|---|---|---|---|---|---|\n");
            for (InputField f : w.input().fields()) {
                sb.append("| `").append(f.name()).append("` | ").append(f.type().name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(f.required() ? "yes" : "no").append(" | ")
                        .append(f.allowedValues().isEmpty() ? "" : String.join(", ", f.allowedValues())).append(" | ")
                        .append(defaultOf(f.defaultValue())).append(" | ").append(cell(f.description())).append(" |\n");
            }
            sb.append("\n### Deliverables\n\n| path | content |\n|---|---|\n");
            for (Map.Entry<String, String> d : w.deliverables().entrySet()) {
                sb.append("| `").append(d.getKey()).append("` | ").append(cell(d.getValue())).append(" |\n");
            }
            if (!r.files().isEmpty()) {
                sb.append("\nFiles written by `writeDeliverables`: ");
                StringBuilder files = new StringBuilder();
                new java.util.TreeMap<>(r.files()).forEach((k, v) -> files.append(files.length() == 0 ? "" : ", ")
                        .append('`').append(k).append("` → `").append(v).append('`'));
                sb.append(files).append(".\n");
            }
        }
        return sb.toString();
    }

    private static String phases(BusinessRecipe recipe) {
        StringBuilder sb = new StringBuilder("### Phases\n\n| step | phase | role | planned | deliverable |\n|---|---|---|---|---|\n");
        for (BusinessPhase p : recipe.template().phases()) {
            sb.append("| `").append(p.stepId()).append("` | ").append(p.title()).append(" | `").append(p.role().id())
                    .append("` | ").append(p.planned().toMinutes()).append(" min | `").append(p.deliverable()).append("` |\n");
        }
        return sb.append("\nPlanned: ").append(recipe.template().plannedTotal().toMinutes()).append(" min in all, ")
                .append(recipe.template().plannedElapsed().toMinutes()).append(" min from start to end.\n\n").toString();
    }

    private static String defaultOf(JsonNode v) {
        if (v == null) return "";
        return "`" + (v.isTextual() ? v.asText() : v.toString()) + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
