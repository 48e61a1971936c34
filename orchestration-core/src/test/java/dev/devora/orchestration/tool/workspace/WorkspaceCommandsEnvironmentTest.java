package dev.devora.orchestration.tool.workspace;

import dev.devora.orchestration.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.devora.orchestration.tool.workspace.WorkspaceCommandsTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** A command's environment: empty but for the minimal set and what is passed; secret-looking names refused. */
class WorkspaceCommandsEnvironmentTest {

    /** The child: writes its whole environment to the file named by its argument, as name NUL value NUL. */
    public static final class PrintEnvironment {
        public static void main(String[] args) throws Exception {
            StringBuilder sb = new StringBuilder();
            System.getenv().forEach((k, v) -> sb.append(k).append('\0').append(v).append('\0'));
            Files.writeString(Path.of(args[0]), sb);
        }
    }

    private static Map<String, String> readEnvironment(Path file) throws Exception {
        String[] parts = Files.readString(file).split("\0", -1);
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i + 1 < parts.length; i += 2) env.put(parts[i], parts[i + 1]);
        return env;
    }

    @Test
    void theChildSeesOnlyTheMinimalSet_thePassedNames_andTheSetOnes_notThisProcesssOtherVariables(@TempDir Path root)
            throws Exception {
        Map<String, String> mine = System.getenv();
        String passed = mine.keySet().stream()
                .filter(n -> !WorkspaceCommands.MINIMAL_ENVIRONMENT.contains(n))
                .filter(n -> CommandEnvironment.secretMarker(n) == null && !n.contains("=") && !n.isBlank())
                .sorted().findFirst().orElse(null);
        assumeThat(passed).as("this JVM has a variable outside the minimal set to pass").isNotNull();
        Set<String> others = new HashSet<>(mine.keySet());
        others.removeAll(WorkspaceCommands.MINIMAL_ENVIRONMENT);
        others.remove(passed);
        assumeThat(others).as("this JVM has variables that must not reach the child").isNotEmpty();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("env", List.of(java, "-cp", System.getProperty("java.class.path"),
                        PrintEnvironment.class.getName(), "env.txt"))
                .passEnvironment(passed)
                .environment("CI", "from-the-builder")
                .build();
        ToolResult r = call(commands, "{\"command\":\"env\"}");
        assertThat(r.error()).as(r.content()).isFalse();
        Map<String, String> child = readEnvironment(root.resolve("env.txt"));

        Set<String> allowed = new HashSet<>(WorkspaceCommands.MINIMAL_ENVIRONMENT);
        allowed.add(passed);
        allowed.add("CI");
        assertThat(child.keySet()).as("none of " + others + " reaches the child").isSubsetOf(allowed);
        for (String name : WorkspaceCommands.MINIMAL_ENVIRONMENT) {
            if (mine.containsKey(name)) assertThat(child).containsEntry(name, mine.get(name));
        }
        assertThat(child).containsEntry(passed, mine.get(passed)).containsEntry("CI", "from-the-builder");
        assertThat(commands.toString()).contains("CI").doesNotContain("from-the-builder");
    }

    @Test
    void aSecretLookingName_isRefusedAtBuildTime_namingIt(@TempDir Path root) {
        WorkspaceCommands.Builder b = WorkspaceCommands.builder(root).allow("test", List.of("mvn", "test"));
        for (String name : List.of("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY",
                "AWS_ACCESS_KEY_ID", "PGPASSWORD", "GOOGLE_APPLICATION_CREDENTIALS", "npm_config__auth", "api_key",
                "SSH_PRIVATE_KEY_FILE", "GITHUB_PAT", "MYSQL_PWD")) {
            assertThatThrownBy(() -> b.passEnvironment("JAVA_HOME", name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "'").hasMessageContaining("looks like a secret");
            assertThatThrownBy(() -> b.environment(name, "value-31337")).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "'").hasMessageNotContaining("value-31337");
        }
        assertThatThrownBy(() -> b.passEnvironment("A=B")).hasMessageContaining("'A=B'");
        assertThatThrownBy(() -> b.passEnvironment(" ")).hasMessageContaining("was ' '");
        WorkspaceCommands ok = b.passEnvironment("JAVA_HOME", "MAVEN_OPTS", "GIT_AUTHOR_NAME", "GRADLE_USER_HOME",
                "PATH").build();
        assertThat(ok.toString()).contains("JAVA_HOME", "GIT_AUTHOR_NAME").doesNotContain("OPENROUTER");
    }
}
