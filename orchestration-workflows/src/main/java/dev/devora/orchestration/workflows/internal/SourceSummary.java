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
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Stream;

import dev.devora.orchestration.internal.SourceFiles;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;

/**
 * A bounded text summary of a source directory for the agents that analyse the code: the file tree, the build files,
 * the README and key sources (entry points first, then the shallowest files), within a character budget; or, for
 * agents that read the files themselves with the workspace tools, an outline of its folders alone ({@link #tree}). Skips VCS,
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
    private static final int MAX_OUTLINE_DEPTH = 24;
    private static final int MAX_OUTLINE_FOLDERS = 200;

    private SourceSummary() {
    }

    /**
     * The conditional step {@code source} of a recipe: with a kit that has a {@linkplain AgentKit#withWorkspace
     * workspace}, the {@linkplain #tree outline} of {@code source_code_path} (its code readers open the files
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
     * {@code source_code_path}: its {@linkplain #tree outline} only, so the model knows where to look (task {@code source-tree}),
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
     * The outline of {@code root} for agents that read its files with the workspace tools: the files at its root by
     * name, then each folder that holds files, with how many (at most 200 of each, 20,000 entries walked; skipping
     * what the summary skips); no file content and no deeper file names, which {@code list_dir} and
     * {@code search_text} give when needed.
     */
    public static String tree(Path root) {
        Path dir = directory(root);
        Map<String, Integer> folders = new TreeMap<>();
        List<String> rootFiles = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, MAX_OUTLINE_DEPTH)) {
            walk.filter(p -> !p.equals(dir))
                    .filter(p -> !SourceFiles.isSkipped(dir.relativize(p)))
                    .limit(MAX_LISTED)
                    .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> {
                        Path parent = dir.relativize(p).getParent();
                        if (parent == null) rootFiles.add(p.getFileName().toString());
                        else folders.merge(parent.toString().replace('\\', '/') + "/", 1, Integer::sum);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        java.util.Collections.sort(rootFiles);
        if (rootFiles.size() > MAX_OUTLINE_FOLDERS) {
            int more = rootFiles.size() - MAX_OUTLINE_FOLDERS;
            rootFiles.subList(MAX_OUTLINE_FOLDERS, rootFiles.size()).clear();
            rootFiles.add("… (" + more + " more)");
        }
        StringBuilder sb = new StringBuilder("The source code is the workspace your tools read (paths relative to it). ")
                .append("Files at its root: ").append(rootFiles.isEmpty() ? "none" : String.join(", ", rootFiles))
                .append(".\nFolders holding files (how many; list_dir one for its files):\n");
        int shown = 0;
        for (Map.Entry<String, Integer> f : folders.entrySet()) {
            if (shown++ >= MAX_OUTLINE_FOLDERS) {
                sb.append("… (").append(folders.size() - MAX_OUTLINE_FOLDERS).append(" more folders)\n");
                break;
            }
            sb.append(f.getKey()).append(" (").append(f.getValue()).append(")\n");
        }
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
