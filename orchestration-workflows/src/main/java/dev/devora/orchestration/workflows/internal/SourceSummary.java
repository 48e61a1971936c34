package dev.devora.orchestration.workflows.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import dev.devora.orchestration.internal.SourceFiles;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;

/**
 * A bounded text summary of a source directory for the agents that analyse the code: the file tree, the build files,
 * the README and key sources (entry points first, then the shallowest files), within a character budget; or, for
 * agents that read the files themselves with the workspace tools, the file tree alone ({@link #tree}). Skips VCS,
 * dependency and build output folders, hidden files and binaries; never follows symbolic links out of the folder.
 *
 * <pre>{@code
 * String summary = SourceSummary.of(Path.of("/repo"), 40_000);
 * String files = SourceSummary.tree(Path.of("/repo"));
 * }</pre>
 */
public final class SourceSummary {
    static final Set<String> BUILD_FILES = Set.of("pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle",
            "package.json", "pyproject.toml", "setup.py", "requirements.txt", "go.mod", "Cargo.toml", "Makefile",
            "Dockerfile", "docker-compose.yml", "compose.yaml", "tsconfig.json", "Gemfile", "composer.json");
    static final Set<String> SOURCE_EXT = Set.of("java", "kt", "py", "ts", "tsx", "js", "jsx", "go", "rs", "rb", "php",
            "cs", "scala", "swift", "c", "cpp", "h", "sql", "graphql", "proto", "yaml", "yml");
    private static final int MAX_TREE_ENTRIES = 300;
    private static final int MAX_DEPTH = 6;
    private static final int MAX_LISTED = 20_000;
    private static final int PER_FILE = 3_000;

    private SourceSummary() {
    }

    /**
     * The conditional step {@code source} of a recipe: with a kit that has a {@linkplain AgentKit#withWorkspace
     * workspace}, the {@linkplain #tree file tree} of {@code source_code_path} (its code readers open the files
     * with the tools); otherwise the bounded {@linkplain #of summary}.
     */
    public static Step step(AgentKit kit, int budget, String whenAbsent) {
        return kit.workspace().isPresent() ? treeStep(whenAbsent) : summaryStep(budget, whenAbsent);
    }

    /**
     * The conditional step {@code source}: a bounded summary of {@code source_code_path} when the input gives one
     * (task {@code source-summary}), else a one-line note (task {@code no-source}).
     */
    static Step summaryStep(int budget, String whenAbsent) {
        return Steps.when("source", Condition.inputPresent("source_code_path"),
                        Steps.task("source-summary",
                                "read a bounded summary of source_code_path (tree, build files, README, key sources)",
                                ctx -> of(Path.of(ctx.inputText("source_code_path")), budget)))
                .otherwise(Steps.task("no-source", "no source code given", ctx -> whenAbsent));
    }

    /**
     * The conditional step {@code source} of a workflow whose code-reading agents have the read-only workspace of
     * {@code source_code_path}: its file tree only, so the model knows what to open (task {@code source-tree}),
     * else a one-line note (task {@code no-source}).
     */
    static Step treeStep(String whenAbsent) {
        return Steps.when("source", Condition.inputPresent("source_code_path"),
                        Steps.task("source-tree",
                                "list the files of source_code_path for the agents that read them with the workspace tools",
                                ctx -> tree(Path.of(ctx.inputText("source_code_path")))))
                .otherwise(Steps.task("no-source", "no source code given", ctx -> whenAbsent));
    }

    /**
     * The file tree of {@code root} (at most 300 entries, skipping what the summary skips), headed by a line saying
     * the files are read with the workspace tools; no file content.
     */
    public static String tree(Path root) {
        Path dir = directory(root);
        StringBuilder sb = new StringBuilder("The source code is the workspace your tools read (paths relative to it). Its files:\n");
        appendTree(sb, dir, list(dir));
        return sb.toString();
    }

    /** The summary of {@code root}, at most about {@code budget} characters. */
    public static String of(Path root, int budget) {
        Path dir = directory(root);
        List<Path> files = list(dir);
        StringBuilder sb = new StringBuilder("# Source summary of ").append(dir.getFileName()).append("\n\n## File tree\n");
        appendTree(sb, dir, files);
        List<Path> picked = new ArrayList<>();
        files.stream().filter(p -> BUILD_FILES.contains(p.getFileName().toString())).sorted(byDepth()).forEach(picked::add);
        files.stream().filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("readme"))
                .sorted(byDepth()).limit(2).forEach(picked::add);
        files.stream().filter(p -> isSource(p) && isEntryPoint(p)).sorted(byDepth()).forEach(picked::add);
        files.stream().filter(SourceSummary::isSource).sorted(byDepth()).forEach(picked::add);
        List<Path> seen = new ArrayList<>();
        for (Path p : picked) {
            if (seen.contains(p)) continue;
            seen.add(p);
            if (sb.length() >= budget) break;
            String text = read(p, Math.min(PER_FILE * (isReadme(p) ? 3 : 1), budget - sb.length()));
            if (text == null) continue;
            sb.append("\n## ").append(dir.relativize(p).toString().replace('\\', '/')).append("\n```\n").append(text)
                    .append(text.endsWith("\n") ? "" : "\n").append("```\n");
        }
        return sb.toString();
    }

    private static Path directory(Path root) {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("not a directory: " + dir);
        return dir;
    }

    private static void appendTree(StringBuilder sb, Path dir, List<Path> files) {
        int shown = 0;
        for (Path p : files) {
            if (shown++ >= MAX_TREE_ENTRIES) {
                sb.append("… (").append(files.size() - MAX_TREE_ENTRIES).append(" more files)\n");
                break;
            }
            sb.append(dir.relativize(p).toString().replace('\\', '/')).append('\n');
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            return walk.filter(p -> !p.equals(dir))
                    .filter(p -> !SourceFiles.isSkipped(dir.relativize(p)))
                    .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .limit(MAX_LISTED)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static Comparator<Path> byDepth() {
        return Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString);
    }

    private static boolean isSource(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && SOURCE_EXT.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean isReadme(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("readme");
    }

    private static boolean isEntryPoint(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.matches("(main|app|application|index|server|cli|__main__|manage|program)\\.[a-z]+") || n.endsWith("application.java");
    }

    private static String read(Path p, int max) {
        if (max <= 0) return null;
        try (java.io.InputStream in = Files.newInputStream(p)) {
            byte[] bytes = in.readNBytes(max * 4 + 4);   // never the whole of a huge file
            if (SourceFiles.looksBinary(bytes, bytes.length)) return null;
            long size = Files.size(p);
            String s = new String(bytes, StandardCharsets.UTF_8);
            if (s.length() <= max && bytes.length >= size) return s;
            return s.substring(0, Math.min(max, s.length())) + "\n… (truncated, " + size + " bytes in all)";
        } catch (IOException e) {
            return null;
        }
    }
}
