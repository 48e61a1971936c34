package dev.devora.orchestration.examples.runner;

import java.util.Map;

/**
 * The entry point of {@code devora-run.jar}: runs a predefined workflow from the command line.
 *
 * <pre>
 * java -jar examples/target/devora-run.jar --list
 * java -jar examples/target/devora-run.jar api-development                     # bundled sample input
 * java -jar examples/target/devora-run.jar api-development --input my-api.json --max-cost 0.50
 * java -jar examples/target/devora-run.jar full-stack-development --plan --prompts
 * java -jar examples/target/devora-run.jar --resume 20261201-205100-3fa9c2 --max-cost 1.00   # an interrupted run
 * java -jar examples/target/devora-run.jar --runs                                            # the stored runs
 * </pre>
 *
 * See {@link RunnerArgs#USAGE} for every option and {@link Runner} for the exit status.
 */
public final class DevoraRun {
    private DevoraRun() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        boolean interactive = isInteractive(env);
        Runner runner = new Runner(System.out, System.err, env::get, interactive, true);
        if (interactive) { // a run that waits for a decision asks for it here
            runner = runner.withAnswers(new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.Charset.defaultCharset())));
        }
        int status = runner.run(args);
        System.exit(status);
    }

    /**
     * Whether standard output is an interactive terminal that understands ANSI redrawing: a console is attached,
     * {@code TERM} is not {@code dumb}, and no {@code CI} variable is set.
     */
    static boolean isInteractive(Map<String, String> env) {
        if (env.containsKey("CI") || "dumb".equals(env.get("TERM"))) return false;
        java.io.Console console = System.console();
        if (console == null) return false;
        try { // Java 22+: a console exists even when redirected; isTerminal() tells
            Object terminal = java.io.Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(terminal);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: System.console() is null unless both streams are a terminal
        }
    }
}
