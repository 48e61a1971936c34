package dev.devora.orchestration.internal;

import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunMetrics;
import dev.devora.orchestration.engine.SquadMetrics;
import dev.devora.orchestration.engine.StepMetrics;
import dev.devora.orchestration.llm.Usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thread-safe accounting of a run: per call, per step path, per squad and in total. */
final class Accounting {
    private static final class PathStats {
        final String path;
        final String orderKey;
        final String kind;
        final String agent;
        final String squad;
        int executions;
        int calls;
        int retries;
        int callsWithoutCost;
        int toolCalls;
        int toolErrors;
        long wallNanos;
        final Tally tally = new Tally();
        List<LlmCallRecord> callRecords = List.of(); // becomes an ArrayList at the first call

        PathStats(String path, String orderKey, String kind, String agent, String squad) {
            this.path = path;
            this.orderKey = orderKey;
            this.kind = kind;
            this.agent = agent;
            this.squad = squad;
        }
    }

    /** Token and cost sums without allocating per call (also what {@link JournalEvents} sums a run's calls with). */
    static final class Tally {
        long prompt;
        long completion;
        long reasoning;
        long cached;
        BigDecimal cost = BigDecimal.ZERO; // reported costs, else estimates: the spend budgets count
        boolean estimated;

        void add(Usage u) {
            prompt += u.promptTokens();
            completion += u.completionTokens();
            reasoning += u.reasoningTokens();
            cached += u.cachedTokens();
            BigDecimal c = u.costOrEstimateUsd();
            if (c != null && c.signum() != 0) cost = cost.add(c);
            if (u.isCostEstimated()) estimated = true;
        }

        /** With an estimated call inside, the sum is an estimate (as {@link Usage#plus} has it). */
        Usage toUsage() {
            return estimated ? new Usage(prompt, completion, reasoning, cached, null, cost)
                    : new Usage(prompt, completion, reasoning, cached, cost);
        }
    }

    /** Steps of the run's own workflow, by declaration order; sub-workflow steps (slot -1) by path. */
    private final PathStats[] bySlot;
    private Map<String, PathStats> byPath = Map.of(); // a HashMap once a sub-workflow step is accounted
    private final Tally total = new Tally();
    private int callsWithoutCost;
    private int calls;
    private int retries;
    private int agentsExecuted;
    private int toolCalls;

    Accounting(int steps) {
        this.bySlot = new PathStats[steps];
    }

    private PathStats stats(StepTag tag) {
        // a slot past this workflow's steps: an enclosing run's step, accounted in a sub-workflow's run of its own
        boolean bySlotHere = tag.slot() >= 0 && tag.slot() < bySlot.length;
        PathStats s = bySlotHere ? bySlot[tag.slot()] : byPath.get(tag.path());
        if (s == null) {
            s = new PathStats(tag.path(), tag.orderKey(), tag.kind(), tag.agent(), tag.squad());
            if (bySlotHere) {
                bySlot[tag.slot()] = s;
            } else {
                if (byPath.isEmpty()) byPath = new HashMap<>();
                byPath.put(tag.path(), s);
            }
        }
        return s;
    }

    synchronized void call(StepTag tag, LlmCallRecord call) {
        PathStats s = stats(tag);
        s.calls++;
        if (s.callRecords.isEmpty()) s.callRecords = new ArrayList<>(1);
        s.callRecords.add(call);
        Usage u = call.usage();
        s.tally.add(u);
        total.add(u);
        calls++;
        if (u.costOrEstimateUsd() == null) {
            s.callsWithoutCost++;
            callsWithoutCost++;
        }
    }

    /** A tool call of an agent step ended with a result for the model (an error result too). */
    synchronized void toolCall(StepTag tag, boolean error) {
        PathStats s = stats(tag);
        s.toolCalls++;
        if (error) s.toolErrors++;
        toolCalls++;
    }

    synchronized void retry(StepTag tag) {
        stats(tag).retries++;
        retries++;
    }

    synchronized void executed(StepTag tag, long nanos) {
        PathStats s = stats(tag);
        s.executions++;
        s.wallNanos += nanos;
        if ("agent".equals(tag.kind())) agentsExecuted++;
    }

    synchronized int calls() {
        return calls;
    }

    synchronized Usage total() {
        return total.toUsage();
    }

    synchronized RunMetrics metrics(Duration wallTime) {
        List<PathStats> ordered = new ArrayList<>(bySlot.length + byPath.size());
        List<PathStats> nested = List.of();
        if (!byPath.isEmpty()) {
            nested = new ArrayList<>(byPath.values());
            nested.sort(Comparator.comparing((PathStats s) -> s.orderKey).thenComparing(s -> s.path));
        }
        int next = 0;
        for (PathStats s : bySlot) {
            if (s == null) continue;
            ordered.add(s);
            if (next < nested.size()) { // a nested step's order key extends its parent's: "00003.00001"
                String prefix = s.orderKey + ".";
                while (next < nested.size() && nested.get(next).orderKey.startsWith(prefix)) ordered.add(nested.get(next++));
            }
        }
        while (next < nested.size()) ordered.add(nested.get(next++));
        Map<String, StepMetrics> steps = new LinkedHashMap<>();
        Map<String, SquadMetrics> squads = new LinkedHashMap<>();
        List<LlmCallRecord> allCalls = new ArrayList<>(calls);
        for (PathStats s : ordered) {
            Usage usage = s.tally.toUsage();
            steps.put(s.path, new StepMetrics(s.path, s.kind, s.agent, s.squad, s.executions, s.calls, s.retries,
                    usage, s.callsWithoutCost, Duration.ofNanos(s.wallNanos), s.toolCalls, s.toolErrors));
            allCalls.addAll(s.callRecords);
            if (s.squad != null) {
                SquadMetrics m = squads.get(s.squad);
                int agents = "agent".equals(s.kind) ? s.executions : 0;
                squads.put(s.squad, m == null ? new SquadMetrics(s.squad, agents, s.calls, s.retries, usage)
                        : new SquadMetrics(s.squad, m.agentsExecuted() + agents, m.llmCalls() + s.calls,
                        m.retries() + s.retries, m.usage().plus(usage)));
            }
        }
        return new RunMetrics(total.toUsage(), callsWithoutCost, wallTime, agentsExecuted, calls, retries,
                java.util.Collections.unmodifiableMap(steps), java.util.Collections.unmodifiableMap(squads),
                java.util.Collections.unmodifiableList(allCalls), toolCalls);
    }
}
