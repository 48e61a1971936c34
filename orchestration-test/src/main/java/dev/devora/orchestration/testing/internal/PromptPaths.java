package dev.devora.orchestration.testing.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository file paths a prompt names ({@code src/app/Main.java}, {@code db/migrations/001_init.sql},
 * {@code ci.yml}, {@code Dockerfile}), in the order they first appear, so that a simulated file list shows the
 * layout the prompt asks for. A path counts when it is relative, has no {@code ..} segment, and ends in a known
 * source, configuration or document extension; {@code .json} counts only for well-known manifests
 * ({@code package.json}, {@code tsconfig.json}…), since other JSON names in prompts are the run's own artefacts.
 * Library names such as {@code Node.js} are not paths.
 *
 * <pre>{@code
 * PromptPaths.in("Write src/app/Main.java and db/migrations/001_init.sql; see /etc/passwd")
 * // [src/app/Main.java, db/migrations/001_init.sql]
 * PromptPaths.language("db/migrations/001_init.sql")   // "sql"
 * }</pre>
 */
public final class PromptPaths {
    /** At most this many paths are taken from one prompt. */
    public static final int MAX_PATHS = 24;

    private static final Pattern TOKEN = Pattern.compile(
            "(?<![\\w./\\\\~-])((?:[\\w.-]+/)*(?:[\\w-][\\w.-]*\\.[A-Za-z][A-Za-z0-9]{0,9}|Dockerfile|Makefile))(?![\\w/-])");

    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("java", "java"), Map.entry("kt", "kotlin"), Map.entry("kts", "kotlin"),
            Map.entry("scala", "scala"), Map.entry("groovy", "groovy"), Map.entry("gradle", "groovy"),
            Map.entry("py", "python"), Map.entry("js", "javascript"), Map.entry("mjs", "javascript"),
            Map.entry("cjs", "javascript"), Map.entry("jsx", "javascript"), Map.entry("ts", "typescript"),
            Map.entry("tsx", "typescript"), Map.entry("vue", "vue"), Map.entry("svelte", "svelte"),
            Map.entry("go", "go"), Map.entry("rs", "rust"), Map.entry("rb", "ruby"), Map.entry("php", "php"),
            Map.entry("cs", "csharp"), Map.entry("c", "c"), Map.entry("h", "c"), Map.entry("cpp", "cpp"),
            Map.entry("hpp", "cpp"), Map.entry("swift", "swift"), Map.entry("sql", "sql"), Map.entry("yml", "yaml"),
            Map.entry("yaml", "yaml"), Map.entry("toml", "toml"), Map.entry("xml", "xml"), Map.entry("html", "html"),
            Map.entry("css", "css"), Map.entry("scss", "scss"), Map.entry("md", "markdown"), Map.entry("sh", "shell"),
            Map.entry("tf", "hcl"), Map.entry("hcl", "hcl"), Map.entry("graphql", "graphql"),
            Map.entry("gql", "graphql"), Map.entry("proto", "protobuf"), Map.entry("properties", "properties"),
            Map.entry("ini", "ini"), Map.entry("conf", "text"), Map.entry("txt", "text"), Map.entry("json", "json"));

    private static final Set<String> JSON_MANIFESTS = Set.of("package.json", "tsconfig.json", "composer.json",
            "jsconfig.json", "angular.json", "vercel.json", "renovate.json", "app.json", "manifest.json");

    private PromptPaths() {
    }

    /**
     * The file paths the text names, first appearance first, without repeats, at most {@link #MAX_PATHS}.
     *
     * @param text a prompt; may be null
     * @return the paths; empty when none
     */
    public static List<String> in(String text) {
        if (text == null || text.isEmpty()) return List.of();
        Set<String> found = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find() && found.size() < MAX_PATHS) {
            String path = m.group(1);
            if (isFilePath(path)) found.add(path);
        }
        return List.copyOf(found);
    }

    /**
     * The language of a file, from its extension ({@code dockerfile} and {@code makefile} by name).
     *
     * @param path a relative path
     * @return the language, {@code text} when the extension is not known
     */
    public static String language(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals("Dockerfile")) return "dockerfile";
        if (name.equals("Makefile")) return "makefile";
        String language = LANGUAGES.get(extension(name));
        return language == null ? "text" : language;
    }

    /**
     * A one-line comment in the file's language, for simulated content.
     *
     * @param path the file's path
     * @param text the comment's text
     * @return the comment, ending in a line break
     */
    public static String comment(String path, String text) {
        switch (language(path)) {
            case "sql": return "-- " + text + "\n";
            case "python": case "ruby": case "yaml": case "toml": case "shell": case "hcl": case "dockerfile":
            case "makefile": case "properties": case "ini": case "text": case "graphql": return "# " + text + "\n";
            case "html": case "xml": case "markdown": case "vue": case "svelte": return "<!-- " + text + " -->\n";
            case "css": case "scss": return "/* " + text + " */\n";
            case "json": return "{\"simulated\": \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
            default: return "// " + text + "\n";
        }
    }

    private static boolean isFilePath(String path) {
        if (path.contains("..") || path.startsWith("/") || path.contains("//")) return false;
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals("Dockerfile") || name.equals("Makefile")) return true;
        String ext = extension(name);
        if (!LANGUAGES.containsKey(ext) || !ext.equals(ext.toLowerCase(Locale.ROOT))) return false;
        if (ext.equals("json")) return JSON_MANIFESTS.contains(name);
        // "Node.js", "Vue.js": a library named in prose, not a file
        return !(ext.equals("js") && path.indexOf('/') < 0 && Character.isUpperCase(name.charAt(0)));
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
