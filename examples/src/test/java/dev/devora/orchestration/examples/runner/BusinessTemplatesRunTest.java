package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.workflows.business.BusinessPhase;
import dev.devora.orchestration.workflows.business.BusinessTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessTemplatesRunTest {
    private static final String TOKEN = "tok-runner-7b6a5f4e-SECRET";

    @TempDir
    Path dir;

    @Test
    void list_showsTheThreeTemplates_withTheirInputs() {
        Console c = new Console().run("--list");

        assertThat(c.status).isZero();
        assertThat(c.out()).startsWith("The predefined workflows: ten software workflows, then three business templates\n")
                .contains("\nrestaurant-premium  Restaurant Premium\n").contains("\ncoiffeur-express  Coiffeur Express\n")
                .contains("\nartisan-pro  Artisan Pro\n").contains("squads: website")
                .contains("input:  [demande_id], [secteur], budget, [priorite], [metadonnees]");
    }

    @ParameterizedTest
    @EnumSource(BusinessTemplate.class)
    void eachTemplate_runsOfflineFromItsSample_withADeliverablePerPhase(BusinessTemplate t) throws Exception {
        Console c = new Console().run(t.id(), "--out", dir.toString());

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        assertThat(c.out()).contains("Summary of " + t.id() + " (run ").contains("): SUCCEEDED");
        JsonNode report = new ObjectMapper().readTree(Console.runFolder(dir).resolve("report.json").toFile());
        for (BusinessPhase p : t.phases()) {
            assertThat(report.path("deliverables").path(p.deliverable()).isObject()).as(p.deliverable()).isTrue();
        }
        assertThat(report.path("steps").findValuesAsText("path")).contains("design", "development/platform",
                "development/automation", "ads");
    }

    @Test
    void theSeedsEnvironment_isAccepted_andTheTokenIsNeverPrinted() {
        // endpoints and token as the seed's environment sets them; a plan calls no agent
        Console c = new Console().env("DESIGN_IA_ENDPOINT", "http://localhost:3335").env("AUTOMATION_ENDPOINT", "http://localhost:3336")
                .env("ADS_ENDPOINT", "http://localhost:3337").env("CORE_ENDPOINT", "http://localhost:3338")
                .env("INTER_AGENT_TOKEN", TOKEN).run("restaurant-premium", "--plan", "--prompts");

        assertThat(c.err()).isEmpty();
        assertThat(c.status).isZero();
        assertThat(c.out()).contains("development/automation").doesNotContain(TOKEN);
    }

    @Test
    void badAgentVariables_areAUsageError_namingEachVariable_neverTheToken_andNothingRuns() {
        Console c = new Console().env("DESIGN_IA_ENDPOINT", "localhost:3335").env("INTER_AGENT_TOKEN", "has space " + TOKEN)
                .run("coiffeur-express", "--out", dir.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).startsWith("error: Environment of the business templates has 2 problems:")
                .contains("DESIGN_IA_ENDPOINT: must be an absolute http or https URI with a host, e.g. http://localhost:3335, was \"localhost:3335\"")
                .contains("INTER_AGENT_TOKEN: must not contain spaces").doesNotContain(TOKEN);
        assertThat(c.out()).doesNotContain("Summary of");
        assertThat(dir.resolve(OutputFolder.LATEST)).doesNotExist();

        Console other = new Console().env("DESIGN_IA_ENDPOINT", "localhost:3335").run("api-development", "--plan");
        assertThat(other.status).as("the other workflows do not read these variables").isZero();
    }
}
