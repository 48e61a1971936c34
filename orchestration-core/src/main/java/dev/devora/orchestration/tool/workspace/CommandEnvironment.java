package dev.devora.orchestration.tool.workspace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a workspace command: empty, plus the few variables a program needs to run at all
 * ({@link #MINIMAL}, taken from this process when set), plus the names passed explicitly. A variable whose name
 * looks like a secret is never passed: a command's output goes to the model.
 */
final class CommandEnvironment {
    /** Taken from this process's environment when set: search path, home, user, locale, time zone, temp folders. */
    static final List<String> MINIMAL = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE",
            "TZ", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT", "USERPROFILE");

    /** A name containing one of these (upper-cased) looks like a secret. */
    private static final List<String> SECRET_PARTS = List.of("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD",
            "PASSPHRASE", "CREDENTIAL", "PRIVATE", "BEARER", "COOKIE");
    /** A name with one of these as a whole word (between {@code _}, {@code -} or {@code .}) looks like a secret. */
    private static final Set<String> SECRET_WORDS = Set.of("AUTH", "OAUTH", "AUTHORIZATION", "PASS", "PWD", "PAT");
    /** A name starting with one of these belongs to a model provider's account. */
    private static final List<String> SECRET_PREFIXES = List.of("OPENROUTER_", "OPENAI_", "ANTHROPIC_");

    private CommandEnvironment() {
    }

    /**
     * Checks a variable name given to pass to commands.
     *
     * @throws IllegalArgumentException naming the variable if the name is not valid or looks like a secret
     */
    static void checkName(String name) {
        if (name == null || name.isBlank() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an environment variable name must be non-blank, without '=' or NUL, was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        String why = secretMarker(name);
        if (why != null) {
            throw new IllegalArgumentException("environment variable '" + name + "' is refused: its name looks like"
                    + " a secret (" + why + "), and what a command prints goes to the model; secrets are never passed"
                    + " to workspace commands");
        }
    }

    /** Why a name looks like a secret, or null if it does not. */
    static String secretMarker(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String prefix : SECRET_PREFIXES) if (upper.startsWith(prefix)) return "starts with " + prefix;
        for (String part : SECRET_PARTS) if (upper.contains(part)) return "contains " + part;
        for (String word : upper.split("[_.\\-]")) if (SECRET_WORDS.contains(word)) return "has the word " + word;
        return null;
    }

    /**
     * The environment of one command.
     *
     * @param parent this process's environment
     * @param passed names to take from it too (already checked)
     * @param set    variables given with their values (already checked); they win over the others
     */
    static Map<String, String> of(Map<String, String> parent, Set<String> passed, Map<String, String> set) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : MINIMAL) copy(parent, name, env);
        for (String name : passed) copy(parent, name, env);
        env.putAll(set);
        return env;
    }

    private static void copy(Map<String, String> parent, String name, Map<String, String> into) {
        String value = parent.get(name);
        if (value != null) into.put(name, value);
    }
}
