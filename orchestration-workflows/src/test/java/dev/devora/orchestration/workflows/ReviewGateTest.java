package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.workflows.internal.OutputSchemas;
import dev.devora.orchestration.workflows.internal.ReviewGate;
import dev.devora.orchestration.workflows.internal.Rubric;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReviewGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Rubric RUBRIC = Rubric.parse("t", "test", """
            <!-- a comment
                 spanning lines -->
            ## coverage (3): Everything asked is there
            - 100: all of it
            - 0: none
            ## style (1): Readable
            - 100: clear
            - 50: so-so
            - 0: unreadable
            """);

    private static GateVerdict evaluate(String verdict) throws Exception {
        QualityGate gate = ReviewGate.of("g", RUBRIC, WorkflowConfig.defaults());
        return gate.evaluate(new GateInput("review", verdict, JSON.readTree(verdict), 80, 1, null, null));
    }

    @Test
    void theScoreIsTheWeightedMeanOfTheCriteria_notTheReviewersOwnTotal() throws Exception {
        GateVerdict v = evaluate("{\"score\": 99, \"approved\": true, \"blockers\": [], \"issues\": [], \"feedback\": \"\","
                + "\"criteria\": {\"coverage\": {\"score\": 90, \"evidence\": \"all routes\"}, \"style\": {\"score\": 50, \"evidence\": \"terse\"}}}");

        assertThat(v.score()).isEqualTo(80); // (3×90 + 1×50) / 4
        assertThat(v.passed()).isTrue();
        assertThat(v.checks()).extracting(CheckResult::name).containsExactly("coverage", "style", "reviewer approval");
        assertThat(v.checks().get(1).passed()).isFalse();
        assertThat(v.feedback()).contains("Failed checks:").contains("style (50/80): Readable — terse");
    }

    @Test
    void aCriticalIssue_failsTheGate_whateverTheScore() throws Exception {
        GateVerdict v = evaluate("{\"score\": 92, \"approved\": true, \"blockers\": [], \"feedback\": \"fine\","
                + "\"criteria\": {\"coverage\": {\"score\": 92}, \"style\": {\"score\": 92}},"
                + "\"issues\": [{\"severity\": \"critical\", \"area\": \"auth.py\", \"problem\": \"no auth\", \"fix\": \"add it\"}]}");

        assertThat(v.score()).isEqualTo(92);
        assertThat(v.passed()).isFalse();
        assertThat(v.blockers()).containsExactly("critical issue: [critical] auth.py: no auth → add it");
        assertThat(v.feedback()).contains("BLOCKER: critical issue");
    }

    @Test
    void anUnscoredCriterion_countsZero_andSaysSo() throws Exception {
        GateVerdict v = evaluate("{\"approved\": true, \"criteria\": {\"coverage\": {\"score\": 100}}}");

        assertThat(v.score()).isEqualTo(75);
        assertThat(v.checks().get(1).detail()).isEqualTo("not scored by the reviewer");
    }

    @Test
    void theVerdictSchema_asksForEveryCriterion_andThePromptStatesThePassMark() {
        assertThat(OutputSchemas.review(RUBRIC).path("properties").path("criteria").path("properties").properties())
                .extracting(java.util.Map.Entry::getKey).containsExactly("coverage", "style");
        assertThat(RUBRIC.appendTo("Review it.", 85)).startsWith("Review it.\n\nRubric:").contains("Pass mark: 85/100")
                .contains("- coverage (weight 3): Everything asked is there\n  - 100: all of it\n  - 0: none");
    }

    @Test
    void malformedRubrics_nameTheFileAndTheLine() {
        assertThatThrownBy(() -> Rubric.parse("x", "rubrics/x.md", "- 100: orphan\n"))
                .hasMessage("rubrics/x.md line 1: a score level before any '## criterion (weight): title' heading");
        assertThatThrownBy(() -> Rubric.parse("x", "rubrics/x.md", "## Coverage: no weight\n"))
                .hasMessageContaining("rubrics/x.md line 1: expected '## <id> (<weight>): <title>'");
        assertThatThrownBy(() -> Rubric.parse("x", "rubrics/x.md", "## a (1): one level\n- 100: only\n"))
                .hasMessage("rubrics/x.md: criterion 'a' needs at least two score levels, has 1");
    }

    @Test
    void everyBundledRubricParses() {
        for (String id : new String[]{"qa-release", "qa-api-release", "security-signoff", "launch-readiness", "docs-review", "wcag-verification"}) {
            assertThat(Rubric.of(id).criteria()).as(id).hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
