package dev.devora.orchestration.workflows.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The step prompts of a workflow, read once from {@code prompts/<workflow-id>.md}: one section per agent step,
 * headed {@code # step: <step id>}, holding the prompt template (with its {@code {{references}}}). Java holds the
 * structure; the words live in the resource.
 *
 * <pre>{@code
 * StepPrompts p = StepPrompts.of("api-development");
 * Steps.agent("openapi", architect).prompt(p.get("openapi"));
 * }</pre>
 */
public final class StepPrompts {
    /** The classpath folder of the prompt files. */
    public static final String RESOURCE_FOLDER = "/dev/devora/orchestration/workflows/prompts/";
    private static final Pattern HEADING = Pattern.compile("(?m)^# step: (\\S+)[ \\t]*\\R");
    private static final Map<String, StepPrompts> CACHE = new ConcurrentHashMap<>();

    private final String workflowId;
    private final Map<String, String> prompts;

    private StepPrompts(String workflowId, Map<String, String> prompts) {
        this.workflowId = workflowId;
        this.prompts = Collections.unmodifiableMap(prompts);
    }

    /**
     * The prompts of a workflow.
     *
     * @throws IllegalStateException when the resource is missing or has no section
     */
    public static StepPrompts of(String workflowId) {
        return CACHE.computeIfAbsent(workflowId, StepPrompts::load);
    }

    /** The resource path of a workflow's prompts. */
    public static String resource(String workflowId) {
        return RESOURCE_FOLDER + workflowId + ".md";
    }

    /**
     * The prompt template of a step.
     *
     * @throws IllegalStateException naming the file and the steps it has
     */
    public String get(String stepId) {
        String p = prompts.get(stepId);
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("no prompt for step '" + stepId + "' in " + resource(workflowId)
                    + " (steps: " + String.join(", ", prompts.keySet()) + ")");
        }
        return p;
    }

    /** The step ids that have a prompt, in file order. */
    public Set<String> stepIds() {
        return prompts.keySet();
    }

    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HEADING.matcher(text);
        String id = null;
        int start = 0;
        while (m.find()) {
            if (id != null) out.put(id, text.substring(start, m.start()).stripTrailing());
            id = m.group(1);
            start = m.end();
        }
        if (id != null) out.put(id, text.substring(start).stripTrailing());
        return out;
    }

    private static StepPrompts load(String workflowId) {
        String resource = resource(workflowId);
        try (InputStream in = StepPrompts.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("step prompts of workflow '" + workflowId + "' not found: " + resource);
            Map<String, String> prompts = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (prompts.isEmpty()) throw new IllegalStateException("no '# step:' section in " + resource);
            return new StepPrompts(workflowId, prompts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
