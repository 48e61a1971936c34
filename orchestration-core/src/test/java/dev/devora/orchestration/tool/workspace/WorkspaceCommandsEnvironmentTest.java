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
    void theChildSeesOnlyTheMinimalSet_thePassedNames_andTheSetOnes_notTheParentsOtherVariables(@TempDir Path root)
            throws Exception {
        Map<String, String> parent = new HashMap<>(); // a known parent, whatever this JVM's environment holds
        parent.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        parent.put("HOME", "/home/devora-test");
        parent.put("LANG", "C.UTF-8");
        parent.put("DEVORA_PASSED", "passed-value");
        parent.put("DEVORA_OTHER", "must-not-reach");
        parent.put("MAVEN_OPTS", "-Xmx1g");
        parent.put("SHELL", "/bin/sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WorkspaceCommands.Builder b = WorkspaceCommands.builder(root)
                .allow("env", List.of(java, "-cp", System.getProperty("java.class.path"),
                        PrintEnvironment.class.getName(), "env.txt"))
                .passEnvironment("DEVORA_PASSED")
                .environment("CI", "from-the-builder");
        b.parentEnvironment = () -> parent;
        WorkspaceCommands commands = b.build();
        ToolResult r = call(commands, "{\"command\":\"env\"}");
        assertThat(r.error()).as(r.content()).isFalse();
        Map<String, String> child = readEnvironment(root.resolve("env.txt"));

        assertThat(child).containsEntry("PATH", parent.get("PATH")).containsEntry("HOME", "/home/devora-test")
                .containsEntry("LANG", "C.UTF-8").containsEntry("DEVORA_PASSED", "passed-value")
                .containsEntry("CI", "from-the-builder");
        assertThat(child).doesNotContainKeys("DEVORA_OTHER", "MAVEN_OPTS", "SHELL");
        Set<String> allowed = new HashSet<>(WorkspaceCommands.MINIMAL_ENVIRONMENT);
        allowed.addAll(Set.of("DEVORA_PASSED", "CI"));
        assertThat(child.keySet()).as("nothing else reaches the child").isSubsetOf(allowed);
        assertThat(commands.toString()).contains("CI").doesNotContain("from-the-builder");
    }

    @Test
    void byDefault_theParentIsThisProcesssEnvironment_andOnlyItsMinimalSetReachesTheChild(@TempDir Path root)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WorkspaceCommands commands = WorkspaceCommands.builder(root)
                .allow("env", List.of(java, "-cp", System.getProperty("java.class.path"),
                        PrintEnvironment.class.getName(), "env.txt"))
                .build();
        ToolResult r = call(commands, "{\"command\":\"env\"}");
        assertThat(r.error()).as(r.content()).isFalse();
        Map<String, String> child = readEnvironment(root.resolve("env.txt"));
        assertThat(child.keySet()).isSubsetOf(WorkspaceCommands.MINIMAL_ENVIRONMENT);
        for (String name : WorkspaceCommands.MINIMAL_ENVIRONMENT) {
            if (System.getenv(name) != null) assertThat(child).containsEntry(name, System.getenv(name));
        }
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
