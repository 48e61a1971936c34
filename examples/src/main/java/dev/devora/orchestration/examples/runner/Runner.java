package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.engine.ExecutionPlan;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.testing.RevisablePaths;
import dev.devora.orchestration.testing.SimulatedProvider;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.workflows.ModelPolicy;
import dev.devora.orchestration.workflows.ModelTier;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.ReportContext;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.WorkflowInfo;
import dev.devora.orchestration.workflows.Workflows;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The runner behind {@code devora-run.jar}: parses the command line, picks the provider (OpenRouter when
 * {@code OPENROUTER_API_KEY} is set, else the simulated one, said plainly), validates the input, then lists,
 * plans or runs a predefined workflow with a progress display, prints the summary and writes the deliverables.
 *
 * <p>Exit status: 0 when the run succeeded or ended {@code PARTIAL} (and for {@code --list}, {@code --plan},
 * {@code --sample}, {@code --help}); 1 when it failed, or its files could not be written; 2 for a
 * usage or input error, an {@code --out} that cannot be used included (found before any model call); 130 after
 * Ctrl-C and 143 after {@code kill} (the JVM's statuses for SIGINT and SIGTERM: a shutdown hook cancels the run and
 * waits for its summary and files; a run is cancelled only so). Each
 * run writes into its own folder ({@link OutputFolder}).
 *
 * <pre>{@code
 * int status = new Runner(System.out, System.err, System::getenv, Terminal.isInteractive(System.getenv()), true)
 *         .run("api-development", "--input", "api.json");
 * }</pre>
 */
public final class Runner {
    static final BigDecimal DEFAULT_LIVE_BUDGET_USD = new BigDecimal("5.00");
    /**
     * What a call counts against the budget when its model has no price in the model catalogue (it could not be
     * fetched, or does not list the model): 16,000 answer tokens at $15 per million, the smart tier's list price.
     */
    static final BigDecimal UNPRICED_CALL_ESTIMATE_USD = new BigDecimal("0.25");
    static final String BASE_URL_VARIABLE = "OPENROUTER_BASE_URL";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> env;
    private final boolean terminal;
    private final boolean simulatedLatency;

    /**
     * @param out              where progress, plans and summaries go
     * @param err              where errors go
     * @param env              the environment ({@code System::getenv})
     * @param terminal         whether {@code out} is an interactive terminal (live progress display)
     * @param simulatedLatency whether the simulated provider waits 100–300 ms per call (false in tests)
     */
    public Runner(PrintStream out, PrintStream err, Function<String, String> env, boolean terminal, boolean simulatedLatency) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.env = Objects.requireNonNull(env, "env");
        this.terminal = terminal;
        this.simulatedLatency = simulatedLatency;
    }

    /** Runs the command line and returns the exit status. */
    public int run(String... args) {
        try {
            return execute(RunnerArgs.parse(args));
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int execute(RunnerArgs a) {
        if (a.help()) {
            out.print(RunnerArgs.USAGE);
            return 0;
        }
        WorkflowCatalog catalog = Workflows.catalog();
        if (a.list()) {
            out.print(Catalogue.render(catalog));
            return 0;
        }
        if (a.workflowId() == null) {
            throw new UsageException("name the workflow to run, e.g. api-development (--list shows the ten workflows, --help the options)");
        }
        WorkflowInfo info;
        try {
            info = catalog.workflow(a.workflowId());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (a.sample()) {
            out.print(Inputs.sampleText(info.id()));
            return 0;
        }
        JsonNode input = a.input() != null ? Inputs.read(a.input()) : Inputs.sample(info.id());

        String key = env.apply(OpenRouterProvider.Builder.API_KEY_VARIABLE);
        boolean live = !a.offline() && key != null && !key.isBlank();
        String runId = a.plan() ? null : OutputFolder.newRunId();
        WorkflowConfig config = config(a, live, runId);
        PredefinedWorkflow workflow = Workflows.byId(info.id(), provider(live, key, info.id(), config), config);

        List<ValidationProblem> problems = workflow.validate(input);
        if (!problems.isEmpty()) throw new UsageException(describe(info.id(), a.input(), problems));
        // where the files go is checked, and the run's folder made, before any model call
        OutputFolder folder = a.plan() ? null
                : OutputFolder.create(a.output() != null ? a.output() : Path.of("devora-output", info.id()), runId);

        out.println(header(info, a, live, config));
        if (a.plan()) {
            ExecutionPlan plan = workflow.plan(toMap(input));
            out.print(PlanPrinter.render(plan, a.prompts(), live ? "OpenRouter's model catalogue"
                    : "the simulated provider's fake price of $" + SimulatedProvider.PRICE_PER_TOKEN + "/token; set "
                    + OpenRouterProvider.Builder.API_KEY_VARIABLE + " for real prices"));
            return 0;
        }
        return runAndReport(workflow, input, a, live, folder);
    }

    private int runAndReport(PredefinedWorkflow predefined, JsonNode input, RunnerArgs a, boolean live, OutputFolder folder) {
        ProgressDisplay display = terminal && !a.plain() ? ProgressDisplay.live(out, width()) : ProgressDisplay.plain(out);
        int status;
        CountDownLatch reported = new CountDownLatch(1);
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowRun run;
            Instant started = Instant.now();
            try {
                run = predefined.withEngine(engine).start(input, display);
            } catch (InputValidationException e) {
                throw new UsageException(describe(predefined.id(), a.input(), e.problems()));
            }
            // Ctrl-C cancels the run, and waits a little for the summary and the files of what finished
            Thread onCtrlC = new Thread(() -> {
                run.cancel();
                try {
                    reported.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "devora-cancel");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                WorkflowResult result = run.result().join();
                ReportContext times = new ReportContext(started, Instant.now(), !live);
                display.finish();
                status = report(predefined, result, times, folder);
            } finally {
                display.finish();
                reported.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting after Ctrl-C: the hook cancelled the run
                }
            }
        }

        return status;
    }

    /** Prints the summary, writes the files, explains a failure; returns the exit status (1 when the files could not be written). */
    private int report(PredefinedWorkflow predefined, WorkflowResult result, ReportContext context, OutputFolder folder) {
        boolean live = !context.simulated();
        out.println();
        out.println("Summary of " + predefined.id() + " (run " + result.runId() + "): " + result.status()
                + (live ? "" : "  [SIMULATED: no model was called, costs are fake]"));
        out.println();
        out.print(SummaryTable.render(result));
        boolean written = writeDeliverables(predefined, result, context, folder);
        switch (result.status()) {
            case SUCCEEDED:
                return written ? 0 : 1;
            case PARTIAL:
                out.println("\nThe run ended PARTIAL: a quality bar was not reached within its bound (see the gates above);"
                        + " the deliverables hold the last attempt.");
                return written ? 0 : 1;
            default:
                err.println("\nerror: the run " + (result.status() == RunStatus.CANCELLED ? "was cancelled" : "failed") + ": "
                        + result.failure().map(Failures::explain).orElse("no failure was recorded"));
                return 1;
        }
    }

    /**
     * Writes the deliverables, {@code report.json} (and {@code SIMULATED.md}) into the run's folder; false when it
     * could not. {@code report.json} is written even when the deliverables cannot be (a refused path, a link planted
     * in the folder), so a paid run always leaves its report behind.
     */
    private boolean writeDeliverables(PredefinedWorkflow predefined, WorkflowResult result, ReportContext context, OutputFolder folder) {
        Path outDir = folder.path();
        List<Path> files = new ArrayList<>();
        String deliverablesProblem = null;
        try {
            JsonNode deliverables = result.deliverables();
            boolean any = deliverables != null && deliverables.isObject() && !deliverables.isEmpty();
            if (any) files.addAll(predefined.writeDeliverables(result, outDir));
        } catch (IOException | IllegalArgumentException e) {
            deliverablesProblem = problem(e);
        }
        try {
            files.add(folder.write("report.json", JSON.writeValueAsString(predefined.report(result, context))));
            if (context.simulated()) {
                files.add(folder.write("SIMULATED.md", "# Simulated run\n\nEvery file in this directory was produced by the offline simulated "
                        + "provider: no model was called, the texts are [simulated] placeholders and the costs are fake.\n"
                        + "Set OPENROUTER_API_KEY and run again to get real deliverables.\n"));
            }
            if (deliverablesProblem == null) folder.markLatest();
            Path root = outDir.toRealPath();
            out.println("\n" + (deliverablesProblem == null ? "Deliverables: " : "Written despite the error below: ")
                    + files.size() + " files written to " + outDir);
            int shown = 0;
            for (Path f : files) {
                if (shown++ == 40) {
                    out.println("  … and " + (files.size() - 40) + " more");
                    break;
                }
                out.println("  " + root.relativize(f.toRealPath()));
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: could not write the deliverables to " + outDir + ": "
                    + (deliverablesProblem != null ? deliverablesProblem : problem(e)));
            return false;
        }
        if (deliverablesProblem != null) {
            err.println("error: could not write the deliverables to " + outDir + ": " + deliverablesProblem
                    + " (report.json was written)");
            return false;
        }
        return true;
    }

    private static String problem(Exception e) {
        if (e instanceof IOException io) {
            return OutputFolder.reason(io)
                    + (e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        return e.getMessage();
    }

    private LlmProvider provider(boolean live, String key, String workflowId, WorkflowConfig config) {
        if (live) {
            OpenRouterProvider.Builder b = OpenRouterProvider.builder().apiKey(key).appTitle("Devora Orchestration runner");
            String baseUrl = env.apply(BASE_URL_VARIABLE);
            if (baseUrl != null && !baseUrl.isBlank()) {
                try {
                    b.baseUrl(baseUrl);
                    b.buildConfig();
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new UsageException(BASE_URL_VARIABLE + ": " + e.getMessage());
                }
            }
            return b.build();
        }
        // the definition does not depend on the provider: build it once to learn where reviews can be revised
        RevisablePaths revisable = RevisablePaths.of(Workflows.byId(workflowId, SimulatedProvider.create(), config).definition());
        SimulatedProvider.Builder b = SimulatedProvider.builder().revisable(revisable);
        if (!simulatedLatency) b.noLatency();
        return b.build();
    }

    private static WorkflowConfig config(RunnerArgs a, boolean live, String runId) {
        ModelPolicy.Builder models = ModelPolicy.defaults().toBuilder();
        if (a.fastModel() != null) models.tier(ModelTier.FAST, a.fastModel());
        if (a.smartModel() != null) models.tier(ModelTier.SMART, a.smartModel());
        BigDecimal budget = a.maxCostUsd() != null ? a.maxCostUsd() : live ? DEFAULT_LIVE_BUDGET_USD : null;
        return WorkflowConfig.builder().modelPolicy(models.build())
                .budget(RunOptions.builder().maxCostUsd(budget).timeout(a.timeout()).runId(runId)
                        .estimatedCallCostUsd(budget == null ? null : UNPRICED_CALL_ESTIMATE_USD).build())
                .build();
    }

    private String header(WorkflowInfo info, RunnerArgs a, boolean live, WorkflowConfig config) {
        StringBuilder sb = new StringBuilder();
        if (live) {
            sb.append("Provider: OpenRouter (OPENROUTER_API_KEY is set). Models: fast = ")
                    .append(config.modelPolicy().tiers().get(ModelTier.FAST).model()).append(", smart = ")
                    .append(config.modelPolicy().tiers().get(ModelTier.SMART).model()).append('.');
        } else {
            sb.append(a.offline() ? "Provider: SIMULATED (--offline)." : "OPENROUTER_API_KEY is not set: running OFFLINE on a simulated provider.")
                    .append("\nNo model is called: every output is a deterministic [simulated] placeholder and costs are fake.")
                    .append("\nThe engine, parallel phases, quality gates, progress and accounting are real.")
                    .append(a.offline() ? "" : " Set OPENROUTER_API_KEY to run on real models.");
        }
        sb.append("\nWorkflow: ").append(info.id()).append(" (").append(info.name()).append(") with ")
                .append(a.input() != null ? "input " + a.input() : "the bundled sample input (--sample prints it)");
        RunOptions budget = config.budget();
        if (!a.plan() && (budget.maxCostUsd() != null || budget.timeout() != null)) {
            sb.append("\nLimits:");
            if (budget.maxCostUsd() != null) {
                sb.append(" max cost $").append(budget.maxCostUsd().toPlainString()).append(" (--max-cost), a call")
                        .append(" of a model without a catalogue price counting $")
                        .append(UNPRICED_CALL_ESTIMATE_USD.toPlainString());
            }
            if (budget.timeout() != null) sb.append(budget.maxCostUsd() != null ? ";" : "").append(" timeout ").append(budget.timeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT)).append(" (--timeout)");
        }
        if (!a.plan() && live) sb.append("\nCtrl-C cancels the run (outputs finished so far are kept).");
        return sb.append('\n').toString();
    }

    static String describe(String workflowId, Path file, List<ValidationProblem> problems) {
        StringBuilder sb = new StringBuilder("the input of workflow '").append(workflowId).append("'")
                .append(file == null ? "" : " (" + file + ")").append(" has ").append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        for (ValidationProblem p : problems) sb.append("\n  - ").append(p.path()).append(": ").append(p.message());
        sb.append("\n(--sample ").append(workflowId).append(" prints a valid input; docs/workflows.md lists every field)");
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode input) {
        return JSON.convertValue(input, Map.class);
    }

    private int width() {
        String columns = env.apply("COLUMNS");
        try {
            return columns == null ? 120 : Integer.parseInt(columns.strip());
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
