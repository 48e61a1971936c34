package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    private static StepFailedException stepFailing(ProviderException cause) {
        return new StepFailedException("draft", 1, cause);
    }

    @Test
    void rateLimits_sayTheProviderRetried_andWhatToDo() {
        String text = Failures.explain(stepFailing(ProviderException.builder(ProviderErrorKind.RATE_LIMITED, "slow down")
                .httpStatus(429).model("openai/gpt-5-mini").retryAfter(Duration.ofSeconds(20)).build()));

        assertThat(text).startsWith("Step 'draft' failed after 1 attempt: rate limited by openai/gpt-5-mini (HTTP 429): slow down")
                .contains("Rate limited (HTTP 429)", "(the server asked to wait 20 s)", "--fast-model / --smart-model");
    }

    @Test
    void timeouts_suggestARetryAFasterModelOrMoreTime() {
        String text = Failures.explain(stepFailing(ProviderException.builder(ProviderErrorKind.TIMEOUT, "no answer in 600 s").build()));

        assertThat(text).contains("The model did not answer in time.", "--timeout");
    }

    @Test
    void budgets_sayHowToRaiseThem() {
        String text = Failures.explain(new BudgetExceededException(BudgetExceededException.Limit.COST_USD,
                new BigDecimal("0.50"), new BigDecimal("0.51")));

        assertThat(text).endsWith("The run hit its budget; outputs finished so far are kept. Raise it with --max-cost.");
    }

    @Test
    void otherFailures_areTheirMessage() {
        ProviderException notFound = ProviderException.builder(ProviderErrorKind.NOT_FOUND, "no such model").httpStatus(404).build();

        assertThat(Failures.explain(notFound)).isEqualTo(notFound.getMessage());
    }
}
