package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.RunCancelledException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.llm.ProviderException;

/**
 * Turns why a run failed into what to do about it. Provider errors are found anywhere in the cause chain (a step
 * failure wraps them): 401 and 402 are explained, 429 and timeouts get their usual remedies.
 *
 * <pre>{@code
 * result.failure().ifPresent(e -> System.err.println(Failures.explain(e)));
 * }</pre>
 */
final class Failures {
    private Failures() {
    }

    static String explain(Throwable failure) {
        ProviderException provider = find(failure, ProviderException.class);
        String what = failure.getMessage();
        if (provider != null) {
            String detail = provider.providerMessage() == null || provider.providerMessage().isBlank()
                    ? "" : " (\"" + provider.providerMessage() + "\")";
            switch (provider.kind()) {
                case AUTHENTICATION:
                    return what + "\n\nOpenRouter rejected the API key: HTTP 401" + detail + ".\n"
                            + "The key in OPENROUTER_API_KEY is missing, mistyped, revoked or disabled. Create or copy a key\n"
                            + "in your OpenRouter account (Settings > Keys), export it again (export OPENROUTER_API_KEY=sk-or-...)\n"
                            + "and rerun; or add --offline to run on the simulated provider.";
                case INSUFFICIENT_CREDITS:
                    return what + "\n\nOpenRouter refused the call for lack of credit: HTTP 402" + detail + ".\n"
                            + "The account (or this key's credit limit) cannot pay for the request. Add credits in your\n"
                            + "OpenRouter account (Settings > Credits) or raise the key's limit; or spend less: cheaper models\n"
                            + "(--smart-model openai/gpt-5-mini), a budget (--max-cost 0.50), and --plan to see the estimate first."
                            + (detail.contains("max_tokens") ? "\nOpenRouter reserves credit for each call's maximum output (up to 16,000 tokens on the smart"
                            + "\ntier by default, ModelPolicy): a cheaper smart model makes that reservation smaller." : "");
                case RATE_LIMITED:
                    return what + "\n\nRate limited (HTTP 429): the model or your key sends too many requests. The provider already\n"
                            + "retried" + provider.retryAfter().map(d -> " (the server asked to wait " + d.toSeconds() + " s)").orElse("")
                            + ". Wait a minute and rerun, or choose another model with --fast-model / --smart-model.";
                case TIMEOUT:
                    return what + "\n\nThe model did not answer in time. Rerun (slow upstreams are often transient), choose a\n"
                            + "faster model, or allow more time with --timeout.";
                default:
                    return what;
            }
        }
        if (find(failure, BudgetExceededException.class) != null) {
            return what + "\n\nThe run hit its budget; outputs finished so far are kept. Raise it with --max-cost.";
        }
        if (find(failure, RunTimeoutException.class) != null) {
            return what + "\n\nThe run hit its timeout; outputs finished so far are kept. Raise it with --timeout.";
        }
        if (find(failure, RunCancelledException.class) != null) {
            return what + "\n\nThe run was cancelled; outputs finished so far are kept.";
        }
        return what;
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) return type.cast(c);
        }
        return null;
    }
}
