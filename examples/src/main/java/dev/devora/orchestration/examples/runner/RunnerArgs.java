package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The runner's command line, parsed.
 *
 * <pre>{@code
 * RunnerArgs a = RunnerArgs.parse("api-development", "--input", "api.json", "--max-cost", "0.50");
 * }</pre>
 *
 * @param workflowId the workflow to run; or null
 * @param input      the input JSON file; or null for the bundled sample
 * @param output     the folder in which each run makes its own folder; or null for {@code devora-output/<workflow-id>}
 * @param list       print the catalogue
 * @param plan       print the dry-run plan instead of running
 * @param prompts    with the plan, print every rendered prompt
 * @param sample     print the bundled sample input of the workflow
 * @param offline    use the simulated provider even when a key is set
 * @param plain      plain progress lines even on a terminal
 * @param help       print the usage
 * @param maxCostUsd run budget in USD; or null for the default
 * @param timeout    run timeout; or null for none
 * @param fastModel  model of the fast tier; or null for the default
 * @param smartModel model of the smart tier; or null for the default
 * @param resume       the stored run to resume; or null
 * @param rerunChanged with {@code resume}: run finished steps that changed again instead of refusing
 * @param runs         list the stored runs
 * @param runsStatus   with {@code runs}: only runs of this status; or null
 * @param store        the run store's SQLite file; or null for {@code runs.db} under the output folder
 * @param noStore      keep the run in memory only (it cannot be resumed)
 * @param record       the cassette file to record the model calls into; or null
 * @param replay       the cassette file to serve the model calls from; or null
 * @param approve      the agent steps whose work a person reviews before the run goes on; empty for none
 * @param decide       the decision to record on a waiting stored run before it is resumed; or null
 * @param write        let the workflows that change code write to their input's {@code workspace}
 *                     ({@code PredefinedWorkflow.withWritableWorkspace()}); otherwise they only read it
 * @param commands     the commands {@code --command NAME=COMMAND} enables ({@code PredefinedWorkflow.withCommands}),
 *                     in order, each passed the variables of {@code --pass-env NAME[,NAME]}; empty for none
 * @param failUnder    {@code --fail-under N}: exit with {@link Runner#EXIT_BELOW_SCORE} when the run's quality score
 *                     is below it; or null
 */
record RunnerArgs(String workflowId, Path input, Path output, boolean list, boolean plan, boolean prompts,
                  boolean sample, boolean offline, boolean plain, boolean help, BigDecimal maxCostUsd,
                  Duration timeout, String fastModel, String smartModel, String resume, boolean rerunChanged,
                  boolean runs, RunStatus runsStatus, Path store, boolean noStore, Path record, Path replay,
                  java.util.List<String> approve, Decide decide, boolean write,
                  java.util.List<dev.devora.orchestration.workflows.WorkspaceCommand> commands, Integer failUnder) {

    /**
     * {@code --decide RUN_ID REQUEST_ID VERDICT} with its {@code --feedback} and {@code --edit-file}.
     *
     * @param runId     the waiting run
     * @param requestId the request it waits for
     * @param verdict   approve, reject or edit
     * @param feedback  the person's feedback; "" for none
     * @param editFile  with edit: the file holding the replacement; or null
     */
    record Decide(String runId, String requestId, dev.devora.orchestration.approval.Decision.Verdict verdict,
                  String feedback, Path editFile) {
    }

    static final String USAGE = String.join("\n",
            "Usage: java -jar examples/target/devora-run.jar [options] <workflow-id>",
            "",
            "Runs a predefined workflow end to end: on real models through OpenRouter when OPENROUTER_API_KEY is set,",
            "otherwise offline on a simulated provider (deterministic placeholder outputs, marked [simulated]).",
            "",
            "Options:",
            "  --list, -l             list the workflows (ids, squads, inputs) and exit",
            "  --input, -i FILE       the workflow's input as a JSON file (default: the bundled sample input)",
            "  --sample               print the bundled sample input of the workflow (a template for --input) and exit",
            "  --plan                 print the dry-run plan (steps, parallel groups, estimated tokens and cost), no model called",
            "  --prompts              with --plan: also print every rendered prompt",
            "  --out, -o DIR          where to write the deliverables (default: devora-output/<workflow-id>); each run",
            "                         writes into its own new folder DIR/<run-id>/ and DIR/latest.txt names the newest,",
            "                         so no run mixes with an earlier run's files; checked before any model call",
            "  --offline              use the simulated provider even when OPENROUTER_API_KEY is set",
            "  --max-cost USD         a cap on the run's spend: a model call is sent only if the spend so far, the calls",
            "                         in flight and its own prompt and maximum answer fit; a call of a model without a",
            "                         catalogue price counts $" + Runner.UNPRICED_CALL_ESTIMATE_USD.toPlainString()
                    + " (default on OpenRouter: 5.00; none offline)",
            "  --timeout DURATION     stop the run after this long: a number and a unit, e.g. 90s, 15m, 1h (ms, s, m, h,",
            "                         or ISO-8601 PT15M; a bare number is refused) (default: none)",
            "  --fast-model ID        model of the fast tier (default: openai/gpt-5-mini)",
            "  --smart-model ID       model of the smart tier (default: anthropic/claude-sonnet-4.5)",
            "  --write                let the workflows that change code (bug-resolution, feature-development,",
            "                         refactoring, quality-gate; migration and release-management with",
            "                         \"dry_run\": false) write into the input's workspace; without it they only",
            "                         read it and write the change as changes.patch",
            "  --command NAME=COMMAND let the workflows that run checks (quality-gate) run this command in the input's",
            "                         workspace, e.g. --command lint='npm run lint' --command types='npx tsc --noEmit';",
            "                         repeatable; COMMAND is split on whitespace, '…' and \"…\" quote, \\ escapes; no",
            "                         shell (give sh -c '…' for one); it runs with a minimal environment (PATH, HOME,",
            "                         the locale…, plus --pass-env; never OPENROUTER_API_KEY or another secret),",
            "                         killed after 5 minutes; the middle of a long output is cut; never from --input",
            "  --pass-env NAME[,NAME] pass these variables of this environment to every --command too, e.g.",
            "                         --pass-env JAVA_HOME,MAVEN_OPTS; repeatable; a secret-looking name",
            "                         (OPENROUTER_API_KEY, *TOKEN*, *SECRET*…) is refused",
            "  --fail-under N         exit with status 4 when the run's quality score (0-100) is below N: quality-gate's",
            "                         quality/score.json, another workflow's last gate score; for a pre-commit hook or",
            "                         a CI step (a run without a score counts as below)",
            "  --plain                plain progress lines, even on a terminal",
            "  --help, -h             this text",
            "",
            "Stored runs (each run's journal is kept in DIR/runs.db, DIR being --out or devora-output; the run id is",
            "printed at start and end):",
            "  --resume RUN_ID        continue a stored run that was interrupted (Ctrl-C, kill, a crash) or stopped by",
            "                         its budget or timeout (raise them with --max-cost / --timeout): finished steps are",
            "                         not paid again; it runs its own workflow on the input it started with (give no",
            "                         workflow id or --input) and writes into its own folder; give the same --out,",
            "                         --store, --fast-model, --smart-model (and --offline) as when it started (the",
            "                         command is printed with the run id); a run still running is refused",
            "  --rerun-changed        with --resume: run the finished steps whose definition changed (and everything",
            "                         after the first of them) again, instead of refusing",
            "  --runs [WORKFLOW-ID]   list the stored runs, newest first (id, workflow, status, cost, start, duration);",
            "                         a run whose process ended without ending the run shows as INTERRUPTED",
            "  --status STATUS        with --runs: only runs of this status (running, paused, waiting, succeeded,",
            "                         partial, failed, cancelled)",
            "  --store FILE           the SQLite file of stored runs (default: DIR/runs.db)",
            "  --no-store             keep the run in memory only: it is not listed and cannot be resumed",
            "",
            "Decisions by a person (the run waits, holding nothing, until decided; in a terminal you are asked at once):",
            "  --approve STEP[,STEP]  review the work of these agent steps before the run goes on (approve, reject with",
            "                         feedback, or edit: your text replaces the step's output); give the same --approve",
            "                         to --resume and --decide",
            "  --decide RUN_ID REQUEST_ID approve|reject|edit",
            "                         record a decision on a waiting stored run, then continue it (the waiting run prints",
            "                         its REQUEST_ID and this command); with --feedback TEXT (why), --edit-file FILE",
            "                         (with edit: the replacement)",
            "",
            "Record and replay (a cassette is a JSON file of the answered model calls, without any API key):",
            "  --record FILE          record every answered model call into FILE (written at the end, also when the",
            "                         run fails or is cancelled: what was answered is kept)",
            "  --replay FILE          serve the model calls from FILE: no API key, no network; a prompt that differs",
            "                         from the recorded one fails its step with a diff (give the same workflow, input",
            "                         and models as when recording)",
            "",
            "Environment: OPENROUTER_API_KEY (runs on real models when set), OPENROUTER_BASE_URL (another",
            "OpenAI-compatible server), CI or TERM=dumb (plain progress lines).",
            "");

    /**
     * Parses the arguments.
     *
     * @throws UsageException naming the offending argument
     */
    static RunnerArgs parse(String... args) {
        String id = null;
        Path input = null;
        Path output = null;
        boolean list = false, plan = false, prompts = false, sample = false, offline = false, plain = false, help = false;
        boolean write = false;
        java.util.List<dev.devora.orchestration.workflows.WorkspaceCommand> commands = new java.util.ArrayList<>();
        java.util.List<String> passEnv = new java.util.ArrayList<>();
        Integer failUnder = null;
        BigDecimal maxCost = null;
        Duration timeout = null;
        String fast = null, smart = null;
        String resume = null;
        boolean rerunChanged = false, runs = false, noStore = false;
        RunStatus runsStatus = null;
        Path store = null, record = null, replay = null, editFile = null;
        java.util.List<String> approve = new java.util.ArrayList<>();
        String[] decide = null;
        String feedback = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--list", "-l" -> list = true;
                case "--plan" -> plan = true;
                case "--prompts" -> { plan = true; prompts = true; }
                case "--sample" -> sample = true;
                case "--offline" -> offline = true;
                case "--plain" -> plain = true;
                case "--write" -> write = true;
                case "--command" -> commands.add(command(value(args, ++i, a), commands));
                case "--pass-env" -> passEnv.addAll(variables(value(args, ++i, a)));
                case "--fail-under" -> failUnder = score(value(args, ++i, a));
                case "--help", "-h" -> help = true;
                case "--input", "-i" -> input = Path.of(value(args, ++i, a));
                case "--out", "-o" -> output = folder(value(args, ++i, a));
                case "--max-cost" -> maxCost = money(value(args, ++i, a));
                case "--timeout" -> timeout = duration(value(args, ++i, a));
                case "--fast-model" -> fast = model(value(args, ++i, a), a);
                case "--smart-model" -> smart = model(value(args, ++i, a), a);
                case "--resume" -> resume = runId(value(args, ++i, a), a);
                case "--rerun-changed" -> rerunChanged = true;
                case "--runs" -> runs = true;
                case "--status" -> runsStatus = status(value(args, ++i, a));
                case "--store" -> store = file(value(args, ++i, a), a);
                case "--no-store" -> noStore = true;
                case "--record" -> record = file(value(args, ++i, a), a);
                case "--replay" -> replay = file(value(args, ++i, a), a);
                case "--approve" -> approve.addAll(stepIds(value(args, ++i, a)));
                case "--decide" -> {
                    decide = new String[] {value(args, ++i, a), value(args, ++i, a), value(args, ++i, a)};
                }
                case "--feedback" -> feedback = value(args, ++i, a);
                case "--edit-file" -> editFile = file(value(args, ++i, a), a);
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option '" + a + "' (--help lists the options)");
                    }
                    if (id != null) {
                        throw new UsageException("one workflow at a time: got '" + id + "' and '" + a + "'");
                    }
                    id = a;
                }
            }
        }
        if (!passEnv.isEmpty()) {
            if (commands.isEmpty()) {
                throw new UsageException("--pass-env passes variables to the commands: it goes with --command NAME=COMMAND");
            }
            commands.replaceAll(c -> c.withEnvironment(passEnv.toArray(String[]::new)));
        }
        Decide decision = decision(decide, feedback, editFile);
        if (decision != null) {
            if (resume != null && !resume.equals(decision.runId())) {
                throw new UsageException("--decide " + decision.runId() + " continues that run: leave out --resume " + resume);
            }
            resume = decision.runId();
        }
        RunnerArgs parsed = new RunnerArgs(id, input, output, list, plan, prompts, sample, offline, plain, help, maxCost,
                timeout, fast, smart, resume, rerunChanged, runs, runsStatus, store, noStore, record, replay,
                java.util.List.copyOf(approve), decision, write, java.util.List.copyOf(commands), failUnder);
        parsed.refuseConflicts();
        return parsed;
    }

    /** Options that cannot go together, named. */
    private void refuseConflicts() {
        if (help) return;
        if (noStore && (store != null || resume != null || runs)) {
            throw new UsageException("--no-store keeps nothing to " + (resume != null ? "resume" : runs ? "list" : "store in --store")
                    + ": leave out --no-store or " + (resume != null ? "--resume" : runs ? "--runs" : "--store"));
        }
        if (rerunChanged && resume == null) throw new UsageException("--rerun-changed goes with --resume RUN_ID");
        if (failUnder != null && (plan || sample || list || runs)) {
            throw new UsageException("--fail-under judges a run's score: it cannot go with --"
                    + (plan ? "plan" : sample ? "sample" : list ? "list" : "runs"));
        }
        if (runsStatus != null && !runs) throw new UsageException("--status goes with --runs");
        if (record != null && replay != null) throw new UsageException("--record and --replay cannot go together: record once, then replay");
        if (resume != null) {
            if (input != null) {
                throw new UsageException("--resume continues run " + resume + " on the input it started with: leave out --input");
            }
            if (record != null || replay != null) {
                throw new UsageException("--" + (record != null ? "record" : "replay") + " cannot go with --resume: a cassette"
                        + " holds the calls of a whole run, a resumed run makes only those it had not finished");
            }
            if (plan || sample || runs || list) {
                throw new UsageException("--resume runs a stored run: it cannot go with --"
                        + (plan ? "plan" : sample ? "sample" : runs ? "runs" : "list"));
            }
        }
        if (runs && (plan || sample || list || input != null || record != null || replay != null)) {
            throw new UsageException("--runs lists the stored runs: it cannot go with --"
                    + (plan ? "plan" : sample ? "sample" : list ? "list" : input != null ? "input" : record != null ? "record" : "replay"));
        }
    }

    /** {@code --decide}'s three values with {@code --feedback} and {@code --edit-file}, checked together. */
    private static Decide decision(String[] decide, String feedback, Path editFile) {
        if (decide == null) {
            if (feedback != null || editFile != null) {
                throw new UsageException((feedback != null ? "--feedback" : "--edit-file") + " goes with --decide RUN_ID "
                        + "REQUEST_ID approve|reject|edit");
            }
            return null;
        }
        String runId = runId(decide[0], "--decide");
        String requestId = decide[1].strip();
        if (requestId.isEmpty() || !requestId.matches("[A-Za-z0-9._/#:-]+")) {
            throw new UsageException("--decide needs the request id the waiting run printed, e.g. review/approval-1, was '"
                    + decide[1] + "'");
        }
        dev.devora.orchestration.approval.Decision.Verdict verdict;
        try {
            verdict = dev.devora.orchestration.approval.Decision.Verdict.valueOf(decide[2].strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--decide's decision must be approve, reject or edit, was '" + decide[2] + "'");
        }
        if (verdict == dev.devora.orchestration.approval.Decision.Verdict.EDIT && editFile == null) {
            throw new UsageException("--decide ... edit needs --edit-file FILE: the text that replaces the step's output");
        }
        if (verdict != dev.devora.orchestration.approval.Decision.Verdict.EDIT && editFile != null) {
            throw new UsageException("--edit-file goes with --decide ... edit, not with " + decide[2]);
        }
        return new Decide(runId, requestId, verdict, feedback == null ? "" : feedback, editFile);
    }

    /** {@code --pass-env NAME[,NAME]}: the names, each checked as the core checks them (no secret-looking one). */
    static java.util.List<String> variables(String text) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String part : text.split(",", -1)) {
            String name = part.strip();
            if (name.isEmpty()) {
                throw new UsageException("--pass-env takes NAME[,NAME], e.g. JAVA_HOME,MAVEN_OPTS, was '" + text + "'");
            }
            try {
                dev.devora.orchestration.tool.workspace.WorkspaceCommands.checkEnvironmentName(name);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--pass-env: " + e.getMessage());
            }
            names.add(name);
        }
        return names;
    }

    /** {@code --command NAME=COMMAND}: the name, then the command line split into words. */
    static dev.devora.orchestration.workflows.WorkspaceCommand command(String text,
            java.util.List<dev.devora.orchestration.workflows.WorkspaceCommand> earlier) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("--command takes NAME=COMMAND, e.g. lint='npm run lint', was '" + text + "'");
        }
        String name = text.substring(0, eq).strip();
        java.util.List<String> argv = words(text.substring(eq + 1));
        if (argv.isEmpty()) throw new UsageException("--command " + name + "= needs a command line after '=', was '" + text + "'");
        for (var c : earlier) {
            if (c.name().equals(name)) throw new UsageException("--command " + name + " is given twice");
        }
        try {
            return new dev.devora.orchestration.workflows.WorkspaceCommand(name, argv,
                    dev.devora.orchestration.workflows.WorkspaceCommand.DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--command: " + e.getMessage());
        }
    }

    /**
     * A command line split into words on whitespace: {@code '…'} quotes literally, {@code "…"} quotes with
     * {@code \"} and {@code \\} escapes, a backslash outside quotes escapes the next character.
     *
     * @throws UsageException when a quote is not closed
     */
    static java.util.List<String> words(String line) {
        java.util.List<String> words = new java.util.ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new UsageException("--command: a ' is not closed in " + line);
                w.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) d = line.charAt(++j);
                    w.append(d);
                }
                if (j >= line.length()) throw new UsageException("--command: a \" is not closed in " + line);
                i = j;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }

    /** {@code --fail-under}'s score: a whole number from 0 to 100. */
    private static Integer score(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 0 || n > 100) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--fail-under must be a score from 0 to 100, was '" + text + "'");
        }
    }

    /** {@code --approve}'s comma-separated step ids. */
    private static java.util.List<String> stepIds(String text) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String id = part.strip();
            if (!id.matches("[A-Za-z0-9_-]+")) {
                throw new UsageException("--approve takes step ids separated by commas, e.g. architecture,api-design, was '"
                        + text + "'");
            }
            ids.add(id);
        }
        return ids;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static BigDecimal money(String text) {
        try {
            BigDecimal usd = new BigDecimal(text.strip().replace("$", ""));
            if (usd.signum() <= 0) throw new NumberFormatException();
            RunOptions.builder().maxCostUsd(usd).build();       // the engine's own limits on an amount
            return usd;
        } catch (NumberFormatException e) {
            throw new UsageException("--max-cost must be a positive amount of US dollars, e.g. 0.50, was '" + text + "'");
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().replaceFirst("^maxCostUsd ", "").replaceFirst(", was .*$", "");
            throw new UsageException("--max-cost " + why + ", was '" + text + "'");
        }
    }

    private static String runId(String text, String option) {
        String id = text.strip();
        if (id.isEmpty() || id.length() > 200 || !id.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException(option + " must name a run id as printed at its start, e.g. 20261201-205100-3fa9c2, was '" + text + "'");
        }
        return id;
    }

    private static RunStatus status(String text) {
        try {
            return RunStatus.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--status must be one of " + java.util.Arrays.toString(RunStatus.values()).toLowerCase(Locale.ROOT)
                    + ", was '" + text + "'");
        }
    }

    private static Path file(String text, String option) {
        if (text.isBlank()) throw new UsageException(option + " must name a file, was '" + text + "'");
        return Path.of(text);
    }

    private static Path folder(String text) {
        if (text.isBlank()) throw new UsageException("--out must name a folder, was '" + text + "'");
        return Path.of(text);
    }

    /**
     * {@code 1500ms}, {@code 90s}, {@code 15m}, {@code 1h}, or an ISO-8601 duration ({@code PT15M}). A bare number
     * is refused: {@code 15} could mean seconds or minutes.
     */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+")) {
            throw new UsageException("--timeout needs a unit: " + t + "s, " + t + "m or " + t + "h (ms, s, m, h, or ISO-8601 such as PT15M), was '" + text + "'");
        }
        try {
            Duration d;
            if (t.startsWith("pt")) d = Duration.parse(t.toUpperCase(Locale.ROOT));
            else if (t.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            else if (t.endsWith("s")) d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            else if (t.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            else if (t.endsWith("h")) d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            else throw new NumberFormatException(t);
            if (d.isZero() || d.isNegative()) throw new NumberFormatException();
            return d;
        } catch (RuntimeException e) {
            throw new UsageException("--timeout must be a positive duration such as 90s, 15m or 1h, was '" + text + "'");
        }
    }

    private static String model(String id, String option) {
        if (id.isBlank() || id.contains(" ")) {
            throw new UsageException(option + " must be a model id such as openai/gpt-5-mini, was '" + id + "'");
        }
        return id;
    }
}
