package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.engine.ExecutionPlan;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanPrinterTest {
    private static ExecutionPlan plan(long minTokens, long maxTokens, String minUsd, String maxUsd, List<String> warnings) {
        return new ExecutionPlan("wf", List.of(), maxTokens, 2, 3, 2, 2, new BigDecimal(maxUsd), 0, "workflow wf\n",
                minTokens, new BigDecimal(minUsd), warnings);
    }

    @Test
    void alternatives_areShownAsARange_andWarningsArePrinted() {
        String out = PlanPrinter.render(plan(1_200, 3_400, "0.01", "0.03",
                List.of("step 'summarize': ~9,000 prompt tokens, 90% of the 10,000-token context of model 'm'")), false, "test");

        assertThat(out).contains("Estimated prompt tokens, one pass: 1,200 to 3,400 (branches decided during the run are alternatives)")
                .contains("Estimated cost, one pass: $0.0100 to $0.0300")
                .contains("Warning: step 'summarize': ~9,000 prompt tokens, 90% of the 10,000-token context");
    }

    @Test
    void aResolvedPlan_showsOneFigure() {
        String out = PlanPrinter.render(plan(1_200, 1_200, "0.01", "0.01", List.of()), false, "test");

        assertThat(out).contains("Estimated prompt tokens, one pass: 1,200\n").contains("Estimated cost, one pass: $0.0100 (")
                .doesNotContain("Warning");
    }

    @Test
    void aKnownNumberOfCalls_isOneNumber_notARangeOfOne() {
        // found on re-check (issue 8, item 8): data-pipeline-setup --plan printed "Model calls: 7 to 7"
        ExecutionPlan plan = new ExecutionPlan("wf", List.of(), 1_200, 7, 7, 3, 3, new BigDecimal("0.01"), 0,
                "workflow wf\n", 1_200, new BigDecimal("0.01"), List.of());

        assertThat(PlanPrinter.render(plan, false, "test")).contains("Model calls: 7 (critical path: 3 calls in a row)\n");
        assertThat(PlanPrinter.render(plan(1_200, 3_400, "0.01", "0.03", List.of()), false, "test"))
                .contains("Model calls: 2 to 3 (critical path: 2 calls in a row)\n");
    }
}
