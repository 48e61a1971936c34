package dev.devora.orchestration.workflows;

import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role files hold the role only (mission, standards, defaults, what to avoid); the step prompt sets the output,
 * so no role file prescribes a layout that could contradict it.
 */
class RoleFilesTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?)\\s*$");
    private static final List<String> WORKSPACE_NOTES = List.of("accessibility-specialist", "performance-engineer",
            "security-auditor", "technical-writer", "documentation-reviewer", "backend-developer", "monitoring-specialist",
            "database-engineer", "test-engineer", "infrastructure-engineer");
    private static final List<String> LAYOUT_WORDS = List.of("json schema", "output format", "answer in markdown",
            "what good output looks like");

    @Test
    void everyRoleFile_hasMissionStandardsOptionalDefaultsAndAvoid_inThatOrder() throws IOException {
        for (Role role : Roles.all()) {
            List<String> headings = headings(read(role.resource()));
            List<String> expected = headings.contains("Defaults")
                    ? List.of("Mission", "Standards", "Defaults", "Avoid") : List.of("Mission", "Standards", "Avoid");
            assertThat(headings).as("sections of " + role.resource()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void noRoleFile_prescribesAnOutputLayout() throws IOException {
        List<String> resources = new ArrayList<>();
        for (Role role : Roles.all()) resources.add(role.resource());
        for (String id : WORKSPACE_NOTES) resources.add(Role.RESOURCE_FOLDER + "workspace/" + id + ".md");
        for (String resource : resources) {
            String text = read(resource).toLowerCase(Locale.ROOT);
            for (String word : LAYOUT_WORDS) {
                assertThat(text).as(resource + " mentions '" + word + "'").doesNotContain(word);
            }
        }
    }

    @Test
    void theApiArchitect_designsTheContractAndTheArchitecture() throws IOException {
        String text = read(Roles.API_ARCHITECT.resource());
        assertThat(text.substring(0, text.indexOf("## Standards"))).contains("API contract").contains("architecture");
        assertThat(Roles.API_ARCHITECT.summary()).contains("API contract").contains("architecture");
        assertThat(read(Roles.PRODUCT_MANAGER.resource())).contains("from a one-page brief");
    }

    private static List<String> headings(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = HEADING.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = Role.class.getResourceAsStream(resource)) {
            assertThat(in).as("resource " + resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
