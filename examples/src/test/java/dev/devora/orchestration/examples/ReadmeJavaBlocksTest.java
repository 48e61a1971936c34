package dev.devora.orchestration.examples;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every {@code ```java} block of the README is a complete file (imports and one public class with a {@code main}):
 * each one is compiled on its own against this module's test classpath (every published module) and then run
 * offline in a child JVM without {@code OPENROUTER_API_KEY} ({@code main} gets a temporary output directory as its
 * argument), so that what a reader pastes compiles
 * and runs. A failure names the README line.
 */
class ReadmeJavaBlocksTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public (?:final )?class (\\w+)");

    /** One {@code ```java} block: the README line of its first code line, and its text. */
    record JavaBlock(int line, String source) {
        String className() {
            Matcher m = PUBLIC_CLASS.matcher(source);
            return m.find() ? m.group(1) : null;
        }
    }

    static List<JavaBlock> javaBlocks(List<String> lines) {
        List<JavaBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) continue;
            int first = i + 1;
            StringBuilder source = new StringBuilder();
            for (i = first; i < lines.size() && !lines.get(i).strip().equals("```"); i++) source.append(lines.get(i)).append('\n');
            blocks.add(new JavaBlock(first + 1, source.toString()));
        }
        return blocks;
    }

    @Test
    void theReadmeHasJavaBlocks() throws IOException {
        assertThat(javaBlocks(Files.readAllLines(README))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aBlockThatIsNotACompleteFile_failsWithItsLine() {
        JavaBlock statements = javaBlocks(List.of("text", "```java", "WorkflowResult result = llm.run(input);", "```")).get(0);

        assertThat(statements.line()).isEqualTo(3);
        assertThat(compile(statements, Path.of("unused"))).singleElement().asString()
                .startsWith("README.md:3: ").contains("not a complete file");
    }

    @Test
    void aCompileErrorIsReportedAtItsReadmeLine() throws IOException {
        JavaBlock broken = javaBlocks(List.of("```java", "public class Broken {", "    void f() { int x = \"no\"; }", "}", "```")).get(0);

        assertThat(compile(broken, Files.createTempDirectory("readme-block"))).singleElement().asString()
                .startsWith("README.md:3: ").contains("incompatible types");
    }

    @TestFactory
    Stream<DynamicTest> eachBlockCompilesAndRunsOffline(@TempDir Path work) throws IOException {
        return javaBlocks(Files.readAllLines(README)).stream().map(block -> DynamicTest.dynamicTest(
                "README.md:" + block.line() + " " + block.className(), () -> {
                    Path classes = Files.createDirectories(work.resolve("block-" + block.line()));
                    List<String> errors = compile(block, classes);
                    if (!errors.isEmpty()) fail(String.join("\n", errors));

                    String output = runMain(classes, block.className(), work.resolve("out-" + block.line()));
                    // every block prints its run's status; offline, the simulated reviews pass after one revision
                    assertThat(output).as("output of README.md:" + block.line()).contains("SUCCEEDED");
                }));
    }

    /** Compiles one block into {@code classes}; returns the errors and warnings as {@code README.md:line: message}. */
    static List<String> compile(JavaBlock block, Path classes) {
        String name = block.className();
        if (name == null) {
            return List.of("README.md:" + block.line() + ": the block is not a complete file (imports and a public class);"
                    + " every java block of the README must compile on its own");
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return block.source();
            }
        };
        List<String> options = List.of("-classpath", testClasspath(), "-d", classes.toString(),
                "-Xlint:all,-processing,-classfile,-path", "-implicit:none", "-proc:none");
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            javac.getTask(null, files, diagnostics, options, null, List.of(source)).call();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the compiler's file manager", e);
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) continue;
            long line = d.getLineNumber() < 1 ? block.line() : block.line() + d.getLineNumber() - 1;
            problems.add("README.md:" + line + ": " + d.getKind().toString().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT));
        }
        return problems;
    }

    /** Runs {@code main(outDir)} of a compiled block and returns what it printed. */
    /**
     * Runs the block's {@code main} in a child JVM whose environment has no {@code OPENROUTER_API_KEY}, so it runs
     * offline even where the key is set (a test never calls a real model); returns what it printed.
     */
    private static String runMain(Path classes, String className, Path outDir) throws Exception {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaCommand, "-cp", classes + java.io.File.pathSeparator + testClasspath(),
                className, outDir.toString()).redirectErrorStream(true);
        pb.environment().remove("OPENROUTER_API_KEY");
        Process process = pb.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(className + ".main did not end within 120 s; it printed:\n" + printed);
        }
        assertThat(process.exitValue()).as(className + ".main's exit status; it printed:\n" + printed).isZero();
        return printed;
    }

    private static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
