package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.llm.Usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted model that reads code the way a tool-using model does, for token counts: asked by a step that has the
 * workspace tools and a {@link Reading}, it lists the root, then searches for the reading's terms (one answer, the
 * calls run together), then reads the line ranges around the first hit in each of the first files the searches
 * found (plus the reading's fixed files, e.g. the README), then answers. Every answer is the step's fixed final
 * answer, so two runs of a workflow differ only in how the code reached the model.
 *
 * <p>Usage is reported as the engine estimates it ({@code BudgetLedger.promptTokens}): prompt tokens = characters
 * of the request's message contents / 4 + 1, completion tokens = characters of the answer (text, or tool names and
 * arguments) / 4 + 1. What a real provider also bills but this estimate leaves out, the tool definitions sent with
 * every request and the arguments of earlier tool calls carried in the messages, is counted apart
 * ({@link #uncountedChars()}).
 *
 * <pre>{@code
 * var model = new ReadingModel(Map.of("analysis", new ReadingModel.Reading(List.of("public final class WorkflowEngine"),
 *         List.of("README.md"), 4, 15, 45)), step -> "the final answer of " + step);
 * }</pre>
 */
final class ReadingModel implements LlmProvider {
    /** Where a hit is in a {@code search_text} result: {@code path:line: text}. */
    private static final Pattern HIT = Pattern.compile("(?m)^([^\\s:][^:\\n]*):(\\d+): ");

    /**
     * How a step reads the code.
     *
     * @param searches     the {@code search_text} patterns of the second round (a pattern starting {@code re:} is a regex)
     * @param alwaysRead   files read from line 1 to {@code after} in the third round when the listing shows them
     * @param filesToRead  how many distinct files of the search hits are read in the third round
     * @param before       lines read before a file's first hit
     * @param after        lines read after it
     */
    record Reading(List<String> searches, List<String> alwaysRead, int filesToRead, int before, int after) {
    }

    private final Map<String, Reading> readings;
    private final Function<String, String> answers;
    private final AtomicLong uncounted = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    /**
     * @param readings step id → how it reads, for the steps whose agent has the workspace tools
     * @param answers  step id → its final answer (text, or JSON valid against the step's schema)
     */
    ReadingModel(Map<String, Reading> readings, Function<String, String> answers) {
        this.readings = Map.copyOf(readings);
        this.answers = answers;
    }

    @Override
    public String name() {
        return "reading-model";
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        calls.incrementAndGet();
        String path = request.attribute(LlmRequest.STEP_PATH);
        String step = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        long promptChars = 0;
        long extra = 0;
        for (LlmMessage m : request.messages()) {
            promptChars += m.content().length();
            for (ToolCall c : m.toolCalls()) extra += c.name().length() + c.argumentsJson().length();
        }
        for (ToolDefinition t : request.tools()) extra += t.name().length() + t.description().length() + t.parametersSchema().toString().length();
        uncounted.addAndGet(extra);

        Reading reading = request.tools().isEmpty() ? null : readings.get(step);
        List<ToolCall> next = reading == null ? List.of() : nextCalls(reading, request.messages());
        LlmResponse.Builder answer = LlmResponse.builder().finishReason(FinishReason.STOP).model("scripted/reader");
        if (!next.isEmpty()) {
            long chars = next.stream().mapToLong(c -> c.name().length() + c.argumentsJson().length()).sum();
            return answer.text("").toolCalls(next).usage(Usage.of(promptChars / 4 + 1, chars / 4 + 1)).build();
        }
        String text = answers.apply(step);
        return answer.text(text).usage(Usage.of(promptChars / 4 + 1, text.length() / 4 + 1)).build();
    }

    /** Characters sent but not in the engine's estimate: tool definitions and earlier calls' arguments, all requests. */
    long uncountedChars() {
        return uncounted.get();
    }

    /** Model calls answered so far. */
    long calls() {
        return calls.get();
    }

    private static List<ToolCall> nextCalls(Reading reading, List<LlmMessage> messages) {
        int round = (int) messages.stream().filter(m -> !m.toolCalls().isEmpty()).count();
        List<String> results = messages.stream().filter(m -> m.role() == Role.TOOL).map(LlmMessage::content).toList();
        switch (round) {
            case 0:
                return List.of(call("list-1", "list_dir", "{\"path\": \".\"}"));
            case 1: {
                List<ToolCall> out = new ArrayList<>();
                int i = 0;
                for (String s : reading.searches()) {
                    boolean regex = s.startsWith("re:");
                    String pattern = regex ? s.substring(3) : s;
                    out.add(call("search-" + ++i, "search_text", "{\"pattern\": " + quote(pattern)
                            + (regex ? ", \"regex\": true" : "") + "}"));
                }
                return out;
            }
            case 2: {
                String listing = results.isEmpty() ? "" : results.get(0);
                Map<String, Integer> firstHits = new LinkedHashMap<>();
                for (String r : results.subList(Math.min(1, results.size()), results.size())) {
                    Matcher m = HIT.matcher(r);
                    while (m.find()) firstHits.putIfAbsent(m.group(1), Integer.parseInt(m.group(2)));
                }
                List<ToolCall> out = new ArrayList<>();
                int i = 0;
                for (String f : reading.alwaysRead()) {
                    if (listing.lines().anyMatch(l -> l.strip().equals(f))) {
                        out.add(read(++i, f, 1, reading.after()));
                    }
                }
                for (Map.Entry<String, Integer> hit : firstHits.entrySet()) {
                    if (i >= reading.alwaysRead().size() + reading.filesToRead()) break;
                    int line = hit.getValue();
                    out.add(read(++i, hit.getKey(), Math.max(1, line - reading.before()), line + reading.after()));
                }
                return out;
            }
            default:
                return List.of();
        }
    }

    private static ToolCall read(int i, String file, int from, int to) {
        return call("read-" + i, "read_file", "{\"path\": " + quote(file) + ", \"fromLine\": " + from + ", \"toLine\": " + to + "}");
    }

    private static ToolCall call(String id, String name, String args) {
        return new ToolCall(id, name, args);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
