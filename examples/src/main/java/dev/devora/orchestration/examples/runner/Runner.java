package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.DefinitionChangedException;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.cassette.Cassette;
import dev.devora.orchestration.cassette.CassetteFileException;
import dev.devora.orchestration.cassette.RecordingProvider;
import dev.devora.orchestration.cassette.ReplayProvider;
import dev.devora.orchestration.engine.ExecutionPlan;
import dev.devora.orchestration.engine.ResumeOptions;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.testing.RevisablePaths;
import dev.devora.orchestration.testing.SimulatedProvider;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.workflow.Workflow;
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
import java.math.RoundingMode;
import java.nio.file.Files;
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
 * {@code OPENROUTER_API_KEY} is set, else the simulated one, said plainly; a cassette's with {@code --replay}, a
 * recording one around it with {@code --record}), validates the input, then lists, plans or runs a predefined
 * workflow with a progress display, prints the summary and writes the deliverables. Runs are journaled in a
 * {@link RunStores run store} (their id printed at start and end), listed with {@code --runs} and continued with
 * {@code --resume RUN_ID}.
 *
 * <p>Exit status: 0 when the run succeeded or ended {@code PARTIAL} (and for {@code --list}, {@code --plan},
 * {@code --sample}, {@code --help}); 1 when it failed, or its files could not be written; 4
 * ({@link #EXIT_BELOW_SCORE}) when it finished but its quality score is below {@code --fail-under N}; 2 for a
 * usage or input error, an {@code --out} or store that cannot be used, an unknown {@code --resume} id, a run
 * another process is running or whose finished steps changed included (found before any model call); 130 after
 * Ctrl-C and 143 after {@code kill} (the JVM's statuses for SIGINT and SIGTERM: a shutdown hook cancels the run and
 * waits for its summary and files; a run is cancelled only so). Each
 * run writes into its own folder ({@link OutputFolder}).
 *
 * <pre>{@code
 * Runner runner = new Runner(System.out, System.err, System::getenv, Terminal.isInteractive(System.getenv()), true);
 * int status = runner.run("api-development", "--input", "api.json");
 * int resumed = runner.run("--resume", "20261201-205100-3fa9c2", "--max-cost", "1.00");
 * }</pre>
 */
public final class Runner {
    static final BigDecimal DEFAULT_LIVE_BUDGET_USD = new BigDecimal("5.00");
    /** The exit status of a run that finished with a quality score below {@code --fail-under N}. */
    public static final int EXIT_BELOW_SCORE = 4;
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
    /** Where a person's decisions are read from when a run waits for them; null: the run is left waiting. */
    private final java.io.BufferedReader answers;

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
        this.answers = null;
    }

    private Runner(Runner r, java.io.BufferedReader answers) {
        this.out = r.out;
        this.err = r.err;
        this.env = r.env;
        this.terminal = r.terminal;
        this.simulatedLatency = r.simulatedLatency;
        this.answers = answers;
    }

    /**
     * This runner, asking a person on {@code in} when a run waits for a decision (the terminal), instead of leaving
     * the run waiting for {@code --decide}.
     *
     * @param in the person's answers, one per line
     * @return a new runner
     */
    public Runner withAnswers(java.io.BufferedReader in) {
        return new Runner(this, Objects.requireNonNull(in, "in"));
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
        if (a.runs()) return listRuns(a, catalog);
        if (a.resume() != null) return resume(a, catalog);
        if (a.workflowId() == null) {
            throw new UsageException("name the workflow to run, e.g. api-development (--list shows the workflows, --help the options)");
        }
        WorkflowInfo info = known(catalog, a.workflowId());
        if (a.sample()) {
            out.print(Inputs.sampleText(info.id()));
            return 0;
        }
        JsonNode input = a.input() != null ? Inputs.read(a.input()) : Inputs.sample(info.id());

        String key = env.apply(OpenRouterProvider.Builder.API_KEY_VARIABLE);
        ReplayProvider replay = a.replay() != null ? cassette(a.replay()) : null;
        boolean live = replay == null && !a.offline() && key != null && !key.isBlank();
        String runId = a.plan() ? null : OutputFolder.newRunId();
        WorkflowConfig config = config(a, live, runId);
        LlmProvider provider = replay != null ? replay : provider(live, key, info.id(), config);
        RecordingProvider recorder = a.record() != null && !a.plan() ? new RecordingProvider(provider) : null;
        PredefinedWorkflow workflow = reviewed(writing(a, AgentEnvironment.workflow(info.id(), recorder != null ? recorder : provider,
                config, env)), input, a.approve());

        List<ValidationProblem> problems = workflow.validate(input);
        if (!problems.isEmpty()) throw new UsageException(describe(info.id(), a.input(), problems));
        String inputText = a.input() != null ? "input " + a.input() : "the bundled sample input (--sample prints it)";
        if (a.plan()) {
            out.println(header(info, a, live, config, config.budget(), inputText));
            ExecutionPlan plan = workflow.plan(toMap(input));
            out.print(PlanPrinter.render(plan, a.prompts(), live ? "OpenRouter's model catalogue"
                    : replay != null ? "the prices kept in the cassette"
                    : "the simulated provider's fake price of $" + SimulatedProvider.PRICE_PER_TOKEN + "/token; set "
                    + OpenRouterProvider.Builder.API_KEY_VARIABLE + " for real prices"));
            return 0;
        }
        // where the files go, the store and the run's folder are checked, and made, before any model call
        OutputFolder folder = OutputFolder.create(RunStores.outputFolder(a, info.id()), runId);
        RunStore store;
        try {
            store = RunStores.open(a);
        } catch (UsageException e) {
            folder.discardIfEmpty();
            throw e;
        }
        try {
            out.println(header(info, a, live, config, config.budget(), inputText));
            out.println("run " + runId + " started; " + (a.noStore() ? "not stored (--no-store): it cannot be resumed"
                    : replay != null ? "a replay is not resumed: replay it again"
                    : "resume with " + RunStores.resumeCommand(a, runId)));
            Launch fresh = (engine, listener) -> {
                try {
                    return workflow.withEngine(engine).start(input, listener);
                } catch (InputValidationException e) {
                    throw new UsageException(describe(workflow.id(), a.input(), e.problems()));
                }
            };
            try (RunLock running = a.noStore() ? null : RunLock.acquire(RunStores.file(a), runId)) {
                return runAndReport(new Job(workflow, workflow.definitionFor(input), a, live, folder, store, recorder, replay,
                        Instant.now(), AgentEnvironment.receiver(info.id(), env).orElse(null)), fresh);
            }
        } finally {
            store.close();
        }
    }

    /** {@code --runs}: the stored runs, newest first, optionally of one workflow and status. */
    private int listRuns(RunnerArgs a, WorkflowCatalog catalog) {
        RunQuery.Builder query = RunQuery.builder();
        if (a.workflowId() != null) query.workflow(known(catalog, a.workflowId()).id());
        if (a.runsStatus() != null) query.status(a.runsStatus());
        RunQuery q = query.build();
        Path file = RunStores.file(a);
        if (!Files.exists(file)) {
            out.print("No stored runs: " + file + " does not exist yet (each run stores itself there).\n");
            return 0;
        }
        try (RunStore store = RunStores.open(a)) {
            out.print(RunsTable.render(store.runs(q), file, q.limit(),
                    run -> RunLock.probe(file, run.runId())));
        }
        return 0;
    }

    /** {@code --resume RUN_ID}: the stored run goes on with its own workflow, input and folder. */
    private int resume(RunnerArgs a, WorkflowCatalog catalog) {
        String runId = a.resume();
        if (a.output() != null) OutputFolder.check(a.output()); // the store is in it, unless --store
        RunStore store = RunStores.open(a);
        try {
            RunSummary stored = store.run(runId).orElseThrow(() -> new UsageException("no stored run '" + runId + "' in "
                    + RunStores.file(a) + " (--runs lists the stored runs; a run started with --out or --store is found"
                    + " with the same option)"));
            String workflowId = stored.workflowId();
            if (a.workflowId() != null && !a.workflowId().equals(workflowId)) {
                throw new UsageException("run " + runId + " is a run of " + workflowId + ", not of " + a.workflowId()
                        + ": leave out the workflow id, --resume runs the run's own workflow");
            }
            WorkflowInfo info = known(catalog, workflowId);
            JournalEntry first = store.entries(runId).get(0);
            RunOptions recorded = first instanceof JournalEntry.RunStarted s ? s.options() : RunOptions.NONE;
            JsonNode startedInput = first instanceof JournalEntry.RunStarted s ? s.input() : null;

            String key = env.apply(OpenRouterProvider.Builder.API_KEY_VARIABLE);
            boolean live = !a.offline() && key != null && !key.isBlank();
            WorkflowConfig config = config(a, live, runId);
            PredefinedWorkflow workflow = reviewed(writing(a, AgentEnvironment.workflow(workflowId, provider(live, key, workflowId, config),
                    config, env)), startedInput, a.approve());
            ResumeOptions.Builder how = ResumeOptions.builder().timeout(a.timeout()).maxCostUsd(a.maxCostUsd())
                    .estimatedCallCostUsd(a.maxCostUsd() == null ? null : UNPRICED_CALL_ESTIMATE_USD);
            if (a.rerunChanged()) how.rerunChangedSteps();
            ResumeOptions options = how.build();
            OutputFolder folder = OutputFolder.reopen(RunStores.outputFolder(a, workflowId), runId);
            try (RunLock running = RunLock.acquire(RunStores.file(a), runId)) { // refused while another process runs it
                requireReviews(store, runId, a.approve());
                if (a.decide() != null) recordDecision(store, a.decide());
                Workflow definition = workflow.definitionFor(startedInput);
                return resumeLocked(new Job(workflow, definition, a, live, folder, store, null, null, stored.startedAt(),
                        AgentEnvironment.receiver(workflowId, env).orElse(null)), stored, definition, options,
                        options.applyTo(recorded), info, config);
            }
        } finally {
            store.close();
        }
    }

    /** Resumes the stored run whose lock this process holds: prints what it resumes, then runs it to its end. */
    private int resumeLocked(Job job, RunSummary stored, Workflow definition, ResumeOptions options, RunOptions limits,
                             WorkflowInfo info, WorkflowConfig config) {
        RunnerArgs a = job.args();
        String runId = stored.runId();
        String state = stored.status().isFinal() ? stored.status().name()
                : "INTERRUPTED (" + stored.status() + " when its process ended)";
        out.println(header(info, a, job.live(), config, limits, "the input run " + runId + " started with"));
        out.println("run " + runId + " resumed: it started " + RunsTable.STARTED.format(stored.startedAt()) + " UTC and is "
                + state + " in " + RunStores.file(a) + ", $" + stored.costUsd().setScale(6, RoundingMode.HALF_UP).toPlainString()
                + " spent in " + stored.calls() + " model calls so far (finished steps are not run again)");
        Launch resumed = (engine, listener) -> {
            try {
                return engine.startResume(definition, runId, options, listener); // the one it ran: definitionFor(its input)
            } catch (DefinitionChangedException e) {
                throw new UsageException("run " + runId + " cannot be resumed: steps it finished are defined differently now: "
                        + String.join(", ", e.changedPaths()) + "\n(give the same --fast-model and --smart-model as when it"
                        + " started, or add --rerun-changed to run those steps, and everything the run did after the first"
                        + " of them, again)");
            } catch (InputValidationException e) {
                throw new UsageException(describe(stored.workflowId(), null, e.problems()));
            }
        };
        return runAndReport(job, resumed);
    }

    private static WorkflowInfo known(WorkflowCatalog catalog, String workflowId) {
        try {
            return catalog.workflow(workflowId);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static ReplayProvider cassette(Path file) {
        try {
            return ReplayProvider.load(file);
        } catch (CassetteFileException e) {
            throw new UsageException("--replay: " + e.getMessage());
        }
    }

    /** Starts (or resumes) the run on the runner's engine. */
    @FunctionalInterface
    private interface Launch {
        WorkflowRun start(WorkflowEngine engine, WorkflowListener listener);
    }

    /**
     * One run as the runner carries it out.
     *
     * @param recorder the recording provider of {@code --record}; or null
     * @param replay   the replaying provider of {@code --replay}; or null
     * @param started  when the run started (a resumed run: when its first process started it)
     */
    private record Job(PredefinedWorkflow workflow, Workflow definition, RunnerArgs args, boolean live,
                       OutputFolder folder, RunStore store, RecordingProvider recorder, ReplayProvider replay,
                       Instant started, AgentEnvironment.Receiver receiver) {
    }

    /** The workflow with a person's review of the agent steps {@code --approve} names. */
    /** The workflow allowed to write to its input's workspace when {@code --write} was given. */
    private static PredefinedWorkflow writing(RunnerArgs a, PredefinedWorkflow workflow) {
        PredefinedWorkflow w = a.write() ? workflow.withWritableWorkspace() : workflow;
        return a.commands().isEmpty() ? w
                : w.withCommands(a.commands().toArray(dev.devora.orchestration.workflows.WorkspaceCommand[]::new));
    }

    private static PredefinedWorkflow reviewed(PredefinedWorkflow workflow, JsonNode input, List<String> stepIds) {
        if (stepIds.isEmpty()) return workflow;
        Workflow definition = workflow.definitionFor(input);
        List<String> agentSteps = new ArrayList<>();
        definition.withAgentSteps(s -> {
            agentSteps.add(s.id());
            return s;
        });
        for (String id : stepIds) {
            if (!agentSteps.contains(id)) {
                throw new UsageException("--approve: " + workflow.id() + " has no agent step '" + id + "'; its agent steps"
                        + " are " + String.join(", ", agentSteps));
            }
        }
        dev.devora.orchestration.approval.Approver you = dev.devora.orchestration.approval.Approvals.person("you");
        return workflow.withDefinition(definition.withAgentSteps(s -> stepIds.contains(s.id())
                ? s.withAgent(you.reviewing(s.agent())) : s));
    }

    /** {@code --decide}: journals the decision on the waiting run (nothing when it is refused: exit 2, said why). */
    private void recordDecision(RunStore store, RunnerArgs.Decide d) {
        String edited = null;
        if (d.editFile() != null) {
            try {
                edited = Files.readString(d.editFile());
            } catch (IOException e) {
                throw new UsageException("--edit-file " + d.editFile() + " cannot be read: " + e.getMessage());
            }
        }
        dev.devora.orchestration.approval.Decision decision = new dev.devora.orchestration.approval.Decision(d.verdict(),
                d.feedback(), edited);
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            boolean fresh = engine.recordDecision(d.runId(), d.requestId(), decision);
            out.println("decision on " + d.requestId() + " of run " + d.runId() + ": " + d.verdict().name().toLowerCase(
                    java.util.Locale.ROOT) + (fresh ? " recorded" : " (recorded already)"));
        } catch (dev.devora.orchestration.AnswerRefusedException e) {
            throw new UsageException("--decide: " + e.getMessage() + waitingFor(store, d.runId()));
        }
    }

    /**
     * Refuses to continue a run that waits for reviews of steps {@code --approve} does not name now: the step would
     * run unreviewed and the decision (a rejection too) would be ignored.
     */
    private static void requireReviews(RunStore store, String runId, List<String> approve) {
        List<String> missing = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            for (dev.devora.orchestration.engine.PendingRequest p : engine.pending(runId)) {
                String stepId = p.stepPath().substring(p.stepPath().lastIndexOf('/') + 1);
                boolean review = dev.devora.orchestration.approval.Approvals.KIND.equals(p.kind())
                        && p.request().has("agent"); // Approver.reviewing's request names the reviewed agent
                if (review && !approve.contains(stepId)) {
                    if (!missing.contains(stepId)) missing.add(stepId);
                    requests.add(p.requestId());
                }
            }
        }
        if (missing.isEmpty()) return;
        List<String> wanted = new ArrayList<>(approve);
        wanted.addAll(missing);
        throw new UsageException("run " + runId + " waits for your review of " + String.join(", ", requests)
                + ": give --approve " + String.join(",", wanted) + " as when it started (without it the step would run"
                + " again unreviewed and the decision would be ignored); nothing was recorded");
    }

    /** What a stored run waits for, as a line for an error message ("" when nothing). */
    private static String waitingFor(RunStore store, String runId) {
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            List<dev.devora.orchestration.engine.PendingRequest> pending = engine.pending(runId);
            return pending.isEmpty() ? " (the run waits for nothing)" : " (the run waits for "
                    + String.join(", ", pending.stream().map(dev.devora.orchestration.engine.PendingRequest::requestId)
                    .toList()) + ")";
        }
    }

    /**
     * Asks the person at the terminal for each decision the waiting run needs; true when at least one was recorded
     * (the run can go on), false when there was none to ask or the input ended.
     */
    private boolean askDecisions(WorkflowEngine engine, String runId) {
        boolean any = false;
        for (dev.devora.orchestration.engine.PendingRequest p : engine.pending(runId)) {
            if (!p.kind().equals(dev.devora.orchestration.approval.Approvals.KIND)
                    && !p.kind().equals(dev.devora.orchestration.approval.ToolApproval.KIND)) {
                continue;
            }
            out.println("\nRun " + runId + " waits for your decision on " + p.stepPath() + " (" + p.requestId() + "):");
            out.println("----\n" + p.request().path("show").asText() + "\n----");
            dev.devora.orchestration.approval.Decision d = ask(p);
            if (d == null) return any;
            engine.recordDecision(runId, p.requestId(), d);
            any = true;
        }
        return any;
    }

    /** One decision read from the person; null when the input ended. */
    private dev.devora.orchestration.approval.Decision ask(dev.devora.orchestration.engine.PendingRequest p) {
        try {
            while (true) {
                out.print("approve, reject or edit? [a/r/e]: ");
                out.flush();
                String line = answers.readLine();
                if (line == null) return null;
                switch (line.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "a", "approve":
                        return dev.devora.orchestration.approval.Decision.approve();
                    case "r", "reject": {
                        out.print("why (one line, for the next attempt): ");
                        out.flush();
                        String why = answers.readLine();
                        return dev.devora.orchestration.approval.Decision.reject(why == null ? "" : why.strip());
                    }
                    case "e", "edit": {
                        out.print("file holding the replacement: ");
                        out.flush();
                        String file = answers.readLine();
                        if (file == null) return null;
                        try {
                            return dev.devora.orchestration.approval.Decision.edit(Files.readString(Path.of(file.strip())));
                        } catch (IOException | RuntimeException e) {
                            out.println("cannot read '" + file.strip() + "': " + e.getMessage());
                            continue;
                        }
                    }
                    default:
                        out.println("answer a (approve), r (reject) or e (edit), was '" + line.strip() + "'");
                }
            }
        } catch (IOException e) {
            err.println("error: the decision could not be read: " + e.getMessage());
            return null;
        }
    }

    private int runAndReport(Job job, Launch launch) {
        ProgressDisplay display = terminal && !job.args().plain() ? ProgressDisplay.live(out, width()) : ProgressDisplay.plain(out);
        int status;
        CountDownLatch reported = new CountDownLatch(1);
        AgentEnvironment.Receiver receiver = job.receiver();
        WorkflowEngine.Builder engineBuilder = WorkflowEngine.builder().runStore(job.store());
        if (receiver != null) engineBuilder.listener(display); // the agents' reports continue the run on other threads
        try (WorkflowEngine engine = engineBuilder.build();
             dev.devora.orchestration.remote.RemoteCallbacks callbacks = receiver == null ? null
                     : dev.devora.orchestration.remote.RemoteCallbacks.of(engine, receiver.token());
             dev.devora.orchestration.remote.RemoteCallbackServer server = receiver == null ? null
                     : listen(callbacks, receiver)) {
            WorkflowRun run = launch.start(engine, receiver == null ? display : WorkflowListener.NONE);
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
                while (result.status() == RunStatus.WAITING) {
                    if (answers != null && askDecisions(engine, result.runId())) {
                        result = engine.startResume(job.definition(), result.runId(), ResumeOptions.DEFAULT,
                                receiver == null ? display : WorkflowListener.NONE).result().join();
                    } else if (server != null && waitsForRemote(engine, result.runId())) {
                        result = awaitReports(engine, job, result.runId(), server.uri());
                    } else {
                        break;
                    }
                }
                ReportContext times = new ReportContext(job.started(), Instant.now(), !job.live());
                display.finish();
                status = report(job, result, times);
                status = Math.max(status, cassetteStatus(job, result));
                out.println("\n" + ending(job.args(), result));
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

    /** Serves the agents' reports at the receiver's address, or says why it cannot (exit 2, nothing run). */
    private static dev.devora.orchestration.remote.RemoteCallbackServer listen(
            dev.devora.orchestration.remote.RemoteCallbacks callbacks, AgentEnvironment.Receiver receiver) {
        try {
            return dev.devora.orchestration.remote.RemoteCallbackServer.start(callbacks, receiver.address());
        } catch (RuntimeException e) {
            throw new UsageException("cannot receive the agents' reports at " + receiver.url() + ": " + problem(e)
                    + " (set " + dev.devora.orchestration.workflows.business.AgentEndpoints.WEBHOOK_VARIABLE
                    + " to a free port's http://127.0.0.1:PORT/callbacks)");
        }
    }

    private static boolean waitsForRemote(WorkflowEngine engine, String runId) {
        return engine.isRunning(runId) || engine.pending(runId).stream()
                .anyMatch(p -> p.kind().equals(dev.devora.orchestration.remote.RemoteAgent.KIND));
    }

    /**
     * Waits while the run waits for remote agents: their reports reach the receiver, which continues the run; then
     * the run's result (a finished run's is read back, a run that waits for something else is shown as it is).
     */
    private WorkflowResult awaitReports(WorkflowEngine engine, Job job, String runId, java.net.URI at) {
        out.println("waiting for the remote agents' reports at " + at + " (Ctrl-C stops waiting; the run stays stored)");
        while (true) {
            RunStatus status = job.store().run(runId).map(RunSummary::status).orElse(RunStatus.FAILED);
            if (status.isFinal() || (status == RunStatus.WAITING && !waitsForRemote(engine, runId))) {
                try {
                    return engine.resume(job.definition(), runId);
                } catch (IllegalStateException running) {
                    // a report continued it just now: wait on
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return engine.resume(job.definition(), runId);
            }
        }
    }

    /** Saves the cassette of {@code --record}; checks that {@code --replay} used every recorded call. 0 or 1. */
    private int cassetteStatus(Job job, WorkflowResult result) {
        if (job.recorder() != null) {
            try {
                Cassette saved = job.recorder().save(job.args().record());
                out.println("\nCassette: " + saved.interactions().size() + " answered model calls recorded to "
                        + job.args().record() + " (replay them with --replay " + job.args().record() + ")");
            } catch (CassetteFileException e) {
                err.println("error: the cassette could not be saved: " + e.getMessage());
                return 1;
            }
        }
        if (job.replay() != null && result.status() != RunStatus.FAILED && result.status() != RunStatus.CANCELLED) {
            try {
                job.replay().assertAllUsed();
            } catch (AssertionError unused) {
                err.println("error: the replay of " + job.args().replay() + " did not use the whole cassette: " + unused.getMessage()
                        + " (was it recorded with another input, other models or another version of the workflow?)");
                return 1;
            }
        }
        return 0;
    }

    /** The last line: the run's id and status, and how to resume it when it did not finish. */
    private static String ending(RunnerArgs a, WorkflowResult result) {
        String line = "run " + result.runId() + " ended " + result.status();
        if (a.noStore()) return line + " (not stored: --no-store)";
        if (result.status() == RunStatus.WAITING) return "run " + result.runId() + " waits for a decision (see above)";
        if (result.status() == RunStatus.SUCCEEDED || result.status() == RunStatus.PARTIAL || a.replay() != null) {
            return line + "; stored in " + RunStores.file(a) + " (--runs lists the stored runs)";
        }
        boolean budget = result.failure().map(f -> Failures.find(f, BudgetExceededException.class) != null).orElse(false);
        boolean timeout = result.failure().map(f -> Failures.find(f, RunTimeoutException.class) != null).orElse(false);
        return line + "; finished steps are stored: resume with " + RunStores.resumeCommand(a, result.runId())
                + (budget ? " --max-cost <a higher amount>" : timeout ? " --timeout <a longer one>" : "");
    }

    /** Prints the summary, writes the files, explains a failure; returns the exit status (1 when the files could not be written). */
    private int report(Job job, WorkflowResult result, ReportContext context) {
        PredefinedWorkflow predefined = job.workflow();
        out.println();
        out.println("Summary of " + predefined.id() + " (run " + result.runId() + "): " + result.status()
                + (job.replay() != null ? "  [REPLAYED from " + job.args().replay() + ": no model was called]"
                : job.live() ? "" : "  [SIMULATED: no model was called, costs are fake]"));
        out.println();
        out.print(SummaryTable.render(result));
        boolean written = writeDeliverables(job, result, context);
        if (written && job.args().failUnder() != null
                && (result.status() == RunStatus.SUCCEEDED || result.status() == RunStatus.PARTIAL)) {
            Integer score = qualityScore(result);
            int bar = job.args().failUnder();
            if (score == null || score < bar) {
                if (result.status() == RunStatus.PARTIAL) {
                    out.println("\nThe run ended PARTIAL: a quality bar was not reached within its bound (see the gates above).");
                }
                err.println("\nerror: " + (score == null ? "the run has no quality score" : "the quality score " + score
                        + "/100 is below --fail-under " + bar) + (result.deliverables().path("score").has("failing_commands")
                        ? "; failing commands: " + result.deliverables().path("score").path("failing_commands") : "")
                        + " (exit status " + EXIT_BELOW_SCORE + "; see quality/score.json and REPORT.md)");
                return EXIT_BELOW_SCORE;
            }
            out.println("\nQuality score " + score + "/100: at or above --fail-under " + bar + ".");
        }
        switch (result.status()) {
            case SUCCEEDED:
                return written ? 0 : 1;
            case WAITING:
                out.println("\nThe run waits (it holds nothing; its finished steps are stored) for:");
                try (WorkflowEngine engine = WorkflowEngine.builder().runStore(job.store()).build()) {
                    for (dev.devora.orchestration.engine.PendingRequest p : engine.pending(result.runId())) {
                        out.println("  " + p.requestId() + "  " + p.kind() + " at " + p.stepPath()
                                + (p.deadline() != null ? ", due " + p.deadline() : ""));
                        out.println("    decide with: " + RunStores.decideCommand(job.args(), result.runId(), p.requestId()));
                    }
                }
                return written ? 3 : 1;
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
     * The run's quality score: the Quality Gate's computed {@code score.score} deliverable, else the score of the
     * run's last gate verdict; null when it has neither.
     */
    static Integer qualityScore(WorkflowResult result) {
        JsonNode score = result.deliverables().path("score").path("score");
        if (score.isInt()) return score.asInt();
        if (result.gateHistory().isEmpty()) return null;
        return result.gateHistory().get(result.gateHistory().size() - 1).verdict().score();
    }

    /**
     * Writes the deliverables, {@code report.json}, {@code REPORT.md} (and {@code SIMULATED.md}) into the run's
     * folder and prints where the readable report is; false when it could not. Both reports are written even when
     * the deliverables cannot be (a refused path, a link planted in the folder), so a paid run always leaves its
     * report behind.
     */
    private boolean writeDeliverables(Job job, WorkflowResult result, ReportContext context) {
        PredefinedWorkflow predefined = job.workflow();
        OutputFolder folder = job.folder();
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
            Path readable = folder.write("REPORT.md", predefined.reportMarkdown(result, context));
            files.add(readable);
            if (job.replay() != null) {
                files.add(folder.write("REPLAYED.md", "# Replayed run\n\nEvery model answer in this run was served from the "
                        + "cassette " + job.args().replay() + " (--replay): no model was called; the costs are those recorded.\n"));
            } else if (context.simulated()) {
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
            out.println("Report: " + readable.toAbsolutePath().normalize() + " (what was done, gates, findings, cost, what to do next)");
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: could not write the deliverables to " + outDir + ": "
                    + (deliverablesProblem != null ? deliverablesProblem : problem(e)));
            return false;
        }
        if (deliverablesProblem != null) {
            err.println("error: could not write the deliverables to " + outDir + ": " + deliverablesProblem
                    + " (report.json and REPORT.md were written)");
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
        RevisablePaths revisable = RevisablePaths.of(AgentEnvironment.workflow(workflowId, SimulatedProvider.create(), config, env).definition());
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

    private String header(WorkflowInfo info, RunnerArgs a, boolean live, WorkflowConfig config, RunOptions budget, String inputText) {
        StringBuilder sb = new StringBuilder();
        if (a.replay() != null) {
            sb.append("Provider: REPLAY of the cassette ").append(a.replay()).append(" (--replay): every answer is the recorded one;")
                    .append("\nno model is called and no key is needed. A prompt that differs from the recorded one fails its step.");
        } else if (live) {
            sb.append("Provider: OpenRouter (OPENROUTER_API_KEY is set). Models: fast = ")
                    .append(config.modelPolicy().tiers().get(ModelTier.FAST).model()).append(", smart = ")
                    .append(config.modelPolicy().tiers().get(ModelTier.SMART).model()).append('.');
        } else {
            sb.append(a.offline() ? "Provider: SIMULATED (--offline)." : "OPENROUTER_API_KEY is not set: running OFFLINE on a simulated provider.")
                    .append("\nNo model is called: every output is a deterministic [simulated] placeholder and costs are fake.")
                    .append("\nThe engine, parallel phases, quality gates, progress and accounting are real.")
                    .append(a.offline() ? "" : " Set OPENROUTER_API_KEY to run on real models.");
        }
        if (a.record() != null) sb.append("\nRecording every answered model call into ").append(a.record()).append(" (--record).");
        sb.append("\nWorkflow: ").append(info.id()).append(" (").append(info.name()).append(") with ").append(inputText);
        if (!a.plan() && (budget.maxCostUsd() != null || budget.timeout() != null)) {
            sb.append("\nLimits:");
            if (budget.maxCostUsd() != null) {
                sb.append(" max cost $").append(budget.maxCostUsd().toPlainString()).append(" (--max-cost), a call")
                        .append(" of a model without a catalogue price counting $")
                        .append(UNPRICED_CALL_ESTIMATE_USD.toPlainString());
            }
            if (budget.timeout() != null) sb.append(budget.maxCostUsd() != null ? ";" : "").append(" timeout ").append(budget.timeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT)).append(" (--timeout)");
        }
        if (!a.plan() && live) {
            sb.append("\nCtrl-C cancels the run (outputs finished so far are kept"
                    + (a.noStore() ? ")." : "; --resume goes on from there without paying for them again)."));
        }
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
