package dev.devora.orchestration.internal;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.ModelPrice;
import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admission control of a run with a budget: a model call is sent only if what was spent, plus what the calls
 * in flight have reserved, plus a reservation for this call stays within every limit. A reservation is the call's
 * estimated prompt tokens plus its {@code maxTokens} (or, without one, the longest answer of the run so far), in
 * tokens and, at the model's price or the explicit per-call estimate, in US dollars. When the answer comes, its
 * reservation is replaced by what it actually cost.
 *
 * <p>A call that does not fit while others are in flight waits for them (their answers may cost less than they
 * reserved); a call that does not fit with nothing in flight is refused, and every later call with it. A call whose
 * answer length cannot be bounded yet (no {@code maxTokens}, no answer so far) is sent only when nothing else is in
 * flight, so a parallel step cannot send a burst of unbounded calls before the first answer shows their size.
 * Without budgets the engine creates no ledger: runs without limits pay nothing for it.
 */
final class BudgetLedger {
    /** What one admitted call holds until its answer comes. */
    record Reservation(long tokens, BigDecimal usd, long promptTokens, ModelPrice price) {
    }

    private final Long maxTokens;
    private final BigDecimal maxUsd;
    private final BigDecimal callEstimateUsd;
    private final ConcurrentHashMap<ProviderModel, Optional<ModelPrice>> prices = new ConcurrentHashMap<>();

    private long spentTokens;
    private BigDecimal spentUsd = BigDecimal.ZERO;
    private long reservedTokens;
    private BigDecimal reservedUsd = BigDecimal.ZERO;
    private int inFlight;
    private long longestAnswer = -1; // -1: no answer yet
    private BudgetExceededException refused;
    /** Counts releases of reservations: a waiting admission looks again when it moved. */
    private volatile long released;
    private final RunEffects effects;

    /**
     * @param maxTokens       the token limit; or null
     * @param maxUsd          the USD limit; or null
     * @param callEstimateUsd what a call counts in USD when neither a price nor a reported cost is known; or null
     */
    BudgetLedger(Long maxTokens, BigDecimal maxUsd, BigDecimal callEstimateUsd, RunEffects effects) {
        this.effects = effects;
        this.maxTokens = maxTokens;
        this.maxUsd = maxUsd;
        this.callEstimateUsd = callEstimateUsd;
    }

    /** Tokens as the engine estimates them from characters (a prompt before sending): characters / 4, like plans. */
    static long promptTokens(long promptChars) {
        return promptChars / 4 + 1;
    }

    /** The model's price from the provider, asked once per run and model. */
    Optional<ModelPrice> price(LlmProvider provider, String model) {
        ProviderModel key = new ProviderModel(provider, model);
        Optional<ModelPrice> p = prices.get(key);
        if (p != null) return p;
        Optional<ModelPrice> asked;
        try {
            asked = effects.price(provider, model);
        } catch (RuntimeException e) {
            asked = Optional.empty();
        }
        prices.putIfAbsent(key, asked == null ? Optional.empty() : asked);
        return prices.get(key);
    }

    /**
     * Admits a call or throws: waits while calls in flight hold what this one needs.
     *
     * @param maxAnswerTokens the request's {@code maxTokens}; or null
     * @param scope           the caller's scope (waiting ends, and nothing is admitted, once it or an enclosing scope
     *                        is cancelled)
     * @throws BudgetExceededException when the call does not fit with nothing in flight
     * @throws UnpricedCallException   when a USD limit is set and the call's cost cannot be known
     */
    Reservation admit(LlmProvider provider, String model, long promptChars, Integer maxAnswerTokens, String path,
                      Scope scope) {
        ModelPrice price = maxUsd == null ? null : price(provider, model).orElse(null);
        if (maxUsd != null && price == null && callEstimateUsd == null) {
            throw new UnpricedCallException(provider.name(), model, path);
        }
        long prompt = promptTokens(promptChars);
        while (true) {
            long seen;
            synchronized (this) {
                // an enclosing scope's cancellation too: the call ending in flight may be the cascade's first victim
                dev.devora.orchestration.OrchestrationException cancelled = scope.cancellation();
                if (cancelled != null) throw cancelled;
                if (refused != null) throw refused;
                boolean unbounded = maxAnswerTokens == null && longestAnswer < 0;
                long answer = maxAnswerTokens != null ? maxAnswerTokens : Math.max(0, longestAnswer);
                long tokens = prompt + answer;
                BigDecimal usd = price != null ? price.cost(prompt, answer) : callEstimateUsd;
                boolean tokensFit = maxTokens == null || spentTokens + reservedTokens + tokens <= maxTokens;
                boolean usdFit = maxUsd == null || spentUsd.add(reservedUsd).add(usd).compareTo(maxUsd) <= 0;
                if (tokensFit && usdFit && !(unbounded && inFlight > 0)) {
                    inFlight++;
                    reservedTokens += tokens;
                    if (usd != null) reservedUsd = reservedUsd.add(usd);
                    return new Reservation(tokens, usd, prompt, price);
                }
                if (inFlight == 0) {
                    refused = tokensFit
                            ? new BudgetExceededException(BudgetExceededException.Limit.COST_USD, maxUsd, spentUsd, usd, path)
                            : new BudgetExceededException(BudgetExceededException.Limit.TOKENS,
                            BigDecimal.valueOf(maxTokens), BigDecimal.valueOf(spentTokens), BigDecimal.valueOf(tokens), path);
                    throw refused;
                }
                seen = released;
            }
            try { // outside the monitor: a durable engine's workflow threads must not block holding it
                effects.awaitChange(this, () -> released != seen, 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dev.devora.orchestration.OrchestrationException cancelled = scope.cancellation();
                if (cancelled != null) throw cancelled;
                throw new InterruptedCallException("interrupted while waiting for budget", e);
            }
        }
    }

    /**
     * Replaces a reservation by what the call cost and returns that usage with the engine's estimate filled in
     * when the provider reported no cost and gave no estimate (tokens × price, else the per-call estimate).
     */
    Usage settle(Reservation r, Usage actual) {
        Usage usage = actual;
        if (actual.costOrEstimateUsd() == null) {
            BigDecimal estimate = r.price() != null ? r.price().cost(actual.promptTokens(), actual.completionTokens())
                    : callEstimateUsd;
            if (estimate != null) {
                usage = new Usage(actual.promptTokens(), actual.completionTokens(), actual.reasoningTokens(),
                        actual.cachedTokens(), null, estimate);
            }
        }
        synchronized (this) {
            release(r);
            spentTokens += usage.totalTokens();
            if (usage.costOrEstimateUsd() != null) spentUsd = spentUsd.add(usage.costOrEstimateUsd());
            longestAnswer = Math.max(longestAnswer, actual.completionTokens());
            notifyAll();
        }
        return usage;
    }

    /**
     * Charges a call that was sent but aborted, or broke off mid-answer, with what is known: its estimated prompt
     * and the answer tokens streamed before it ended (at the price when known, else the per-call estimate); returns
     * that usage.
     */
    Usage abort(Reservation r, long answeredTokens) {
        BigDecimal usd = r.price() != null ? r.price().cost(r.promptTokens(), answeredTokens) : callEstimateUsd;
        Usage known = new Usage(r.promptTokens(), answeredTokens, 0, 0, null, usd);
        synchronized (this) {
            release(r);
            spentTokens += known.totalTokens();
            if (usd != null) spentUsd = spentUsd.add(usd);
            notifyAll();
        }
        return known;
    }

    /** Counts a call a resumed run's journal says was already paid for (a spend of an earlier attempt). */
    synchronized void spentBefore(Usage usage) {
        spentTokens += usage.totalTokens();
        if (usage.costOrEstimateUsd() != null) spentUsd = spentUsd.add(usage.costOrEstimateUsd());
        longestAnswer = Math.max(longestAnswer, usage.completionTokens());
    }

    /** Releases the reservation of a call that failed before any answer was billed. */
    synchronized void cancel(Reservation r) {
        release(r);
        notifyAll();
    }

    private void release(Reservation r) {
        released++;
        inFlight--;
        reservedTokens -= r.tokens();
        if (r.usd() != null) reservedUsd = reservedUsd.subtract(r.usd());
    }

    /** The exception that ends a run whose answers, once in, spent more than a limit; or null. */
    synchronized BudgetExceededException overrun() {
        if (refused != null) return refused;
        if (maxTokens != null && spentTokens > maxTokens) {
            return new BudgetExceededException(BudgetExceededException.Limit.TOKENS, BigDecimal.valueOf(maxTokens),
                    BigDecimal.valueOf(spentTokens));
        }
        if (maxUsd != null && spentUsd.compareTo(maxUsd) > 0) {
            return new BudgetExceededException(BudgetExceededException.Limit.COST_USD, maxUsd, spentUsd);
        }
        return null;
    }

    /** A USD limit cannot be enforced on a call whose model has no known price and no per-call estimate is set. */
    static final class UnpricedCallException extends dev.devora.orchestration.OrchestrationException {
        private static final long serialVersionUID = 1L;

        UnpricedCallException(String provider, String model, String path) {
            super("RunOptions.maxCostUsd cannot be enforced for step '" + path + "': provider '" + provider
                    + "' knows no price for model '" + (model == null ? "(provider default)" : model)
                    + "'; set RunOptions.estimatedCallCostUsd to count each such call at an explicit estimate", null, false);
        }
    }
}
