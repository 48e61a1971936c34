package dev.devora.orchestration.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a JSON value valid against a (structural) JSON Schema for the {@link dev.devora.orchestration.testing.SimulatedProvider}: one item per
 * array, the first value of each enum, strings marked {@code [simulated]} that repeat the property's description.
 * A few property names get values that let the predefined workflows' gates behave like a first draft that is
 * revised once:
 *
 * <ul>
 *   <li>a <b>reviewer verdict</b> (an object with a {@code score}) on a failing round scores 60, is not approved and
 *       has one blocker; otherwise it scores 92, approves, and has no blocker;</li>
 *   <li>a <b>number</b> whose property name appears in the prompt as {@code "name": value} repeats that value: the
 *       first occurrence on the first round, the last one afterwards (a performance projection first reports the
 *       current metrics, then the targets);</li>
 *   <li>a <b>file list</b> (an array of objects with {@code path} and {@code content}) holds one file per path the
 *       prompt names ({@link PromptPaths}: {@code src/app/Main.java}, {@code db/migrations/001_init.sql},
 *       {@code ci.yml}…), in the prompt's order, with the {@code language} of its extension and a simulated comment
 *       in that language as content, so an offline run writes the layout a real one would; when the prompt names
 *       no path, one file with a harmless relative name ({@code step.simulated.md});</li>
 *   <li>on a revision round, strings name the failed checks listed in the gate's feedback ("revised to address:
 *       …"), the way a revision answers its review.</li>
 * </ul>
 *
 * <pre>{@code
 * JsonNode answer = new JsonSampler("backend/code", "backend-developer", 1, false,
 *         "Write src/app/Main.java and db/migrations/001_init.sql").sample(schema);
 * // {"files":[{"path":"src/app/Main.java","language":"java","content":"// [simulated] …"}, {"path":"db/…sql",…}]}
 * }</pre>
 */
public final class JsonSampler {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> APPROVAL = Set.of("approved", "passed", "approve", "accepted");

    private final String path;
    private final String step;
    private final String agent;
    private final int round;
    private final boolean failing;
    private final String prompt;
    private final String revision;
    private int files;
    private List<String> promptPaths;
    /** The path the file object being sampled takes from the prompt; null for a simulated name. */
    private String nextPath;

    /**
     * A sampler for one answer.
     *
     * @param path    the step path of the request
     * @param agent   the agent of the request
     * @param round   how many times this step and agent have been answered in this run, from 1
     * @param failing whether a reviewer verdict should fail (a first round where a revision is possible)
     * @param prompt  the request's last user message, or null
     */
    public JsonSampler(String path, String agent, int round, boolean failing, String prompt) {
        this.path = path;
        this.step = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        this.agent = agent;
        this.round = round;
        this.failing = failing;
        this.prompt = prompt == null ? "" : prompt;
        this.revision = round > 1 ? revisionNote(this.prompt) : "";
    }

    /**
     * On a revision round, the failed checks the gate's feedback (in the prompt) names: the revision addresses them.
     *
     * @param prompt the prompt of a revision round
     * @return {@code "; revised to address: a; b"}, or empty when the prompt names no failed checks
     */
    public static String revisionNote(String prompt) {
        int at = prompt.indexOf("Failed checks:");
        if (at < 0) return "";
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^- (.+?) \\(\\d+\\)").matcher(prompt.substring(at));
        while (m.find() && names.size() < 5) names.add(m.group(1));
        return names.isEmpty() ? "" : "; revised to address: " + String.join("; ", names);
    }

    /**
     * A value valid against the schema; a free-form note when there is no object schema.
     *
     * @param schema the response format's JSON Schema, or null
     * @return the sampled value
     */
    public JsonNode sample(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return NODES.objectNode().put("note", marked("free-form JSON answer"));
        }
        return value(schema, "", schema.path("properties").has("score"));
    }

    private JsonNode value(JsonNode schema, String name, boolean verdict) {
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) return schema.path("enum").get(0);
        JsonNode typeNode = schema.path("type");
        String type = typeNode.isArray() ? firstNonNull(typeNode) : typeNode.asText(schema.has("properties") ? "object" : "string");
        String description = schema.path("description").asText("");
        switch (type.toLowerCase(Locale.ROOT)) {
            case "string":
                return NODES.textNode(string(name, description, verdict));
            case "integer":
                if (verdict && name.equals("score")) return NODES.numberNode(failing ? 60 : 92);
                return numberFromPrompt(name).map(d -> (JsonNode) NODES.numberNode(Math.round(d))).orElse(NODES.numberNode(1));
            case "number":
                return numberFromPrompt(name).map(d -> (JsonNode) NODES.numberNode(d)).orElse(NODES.numberNode(1.0));
            case "boolean":
                return NODES.booleanNode(!(verdict && failing && APPROVAL.contains(name)));
            case "null":
                return NODES.nullNode();
            case "array":
                return array(schema, name, verdict);
            default:
                return object(schema, description, verdict);
        }
    }

    private JsonNode array(JsonNode schema, String name, boolean verdict) {
        ArrayNode a = NODES.arrayNode();
        if (verdict && name.equals("blockers")) {
            if (failing) a.add(marked("first draft: the reviewer asks for one revision before approving"));
            return a;
        }
        JsonNode items = schema.path("items").isObject() ? schema.path("items") : NODES.objectNode().put("type", "string");
        if (isFile(items.path("properties"))) {
            if (promptPaths == null) promptPaths = PromptPaths.in(prompt);
            for (String p : promptPaths) { // the layout the prompt names, one file per path
                nextPath = p;
                a.add(value(items, name, verdict));
            }
            nextPath = null;
            if (!a.isEmpty()) return a;
        }
        a.add(value(items, name, verdict));
        return a;
    }

    private JsonNode object(JsonNode schema, String description, boolean verdict) {
        ObjectNode o = NODES.objectNode();
        JsonNode properties = schema.path("properties");
        String filePath = nextPath; // taken before the properties, which may hold file lists of their own
        nextPath = null;
        if (properties.isObject() && !properties.isEmpty()) {
            properties.properties().forEach(e -> o.set(e.getKey(), value(e.getValue(), e.getKey(), verdict)));
            if (isFile(properties) && filePath != null) {
                o.put("path", filePath);
                if (properties.has("language")) o.put("language", PromptPaths.language(filePath));
                if (o.path("content").isTextual()) {
                    o.put("content", PromptPaths.comment(filePath, marked("content of " + filePath)));
                }
            } else if (isFile(properties)) {
                files++;
                o.put("path", step + (files == 1 ? "" : "-" + files) + ".simulated.md");
                if (properties.has("language")) o.put("language", "markdown");
            }
        } else if (schema.path("additionalProperties").isObject()) {
            o.set("simulated", value(schema.path("additionalProperties"), "simulated", verdict));
        } else if (description.contains("OpenAPI")) {
            openApi(o);
        } else {
            o.put("note", marked(description.isBlank() ? "free-form object" : description));
        }
        return o;
    }

    /** A minimal OpenAPI 3.1 document, so that steps reading its paths and components find them. */
    private void openApi(ObjectNode o) {
        o.put("openapi", "3.1.0");
        o.putObject("info").put("title", marked("API")).put("version", "0.0.0 [simulated]");
        ObjectNode get = o.putObject("paths").putObject("/simulated").putObject("get");
        get.put("summary", marked("placeholder operation"));
        get.putObject("responses").putObject("200").put("description", marked("placeholder response"));
        o.putObject("components").putObject("schemas").putObject("Simulated").put("description", marked("placeholder schema"));
    }

    private String string(String name, String description, boolean verdict) {
        if (verdict && name.equals("feedback")) {
            return failing ? marked("first round: address the blocker, then ask for review again")
                    : marked("round " + round + ": approved");
        }
        String what = description.isBlank() ? (name.isBlank() ? "text" : name.replace('_', ' ')) : description;
        if (what.length() > 90) what = what.substring(0, 90) + "…";
        return marked(what);
    }

    private String marked(String what) {
        return "[simulated] " + what + " (step " + path + ", agent " + agent + revision + ")";
    }

    /** The value of {@code "name": number} in the prompt: the first occurrence on round 1, the last afterwards. */
    private java.util.Optional<Double> numberFromPrompt(String name) {
        if (name.isBlank()) return java.util.Optional.empty();
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d+(?:\\.\\d+)?)").matcher(prompt);
        List<Double> found = new ArrayList<>();
        while (m.find()) found.add(Double.parseDouble(m.group(1)));
        if (found.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(round == 1 ? found.get(0) : found.get(found.size() - 1));
    }

    private static boolean isFile(JsonNode properties) {
        return properties.has("path") && properties.has("content");
    }

    private static String firstNonNull(JsonNode types) {
        for (JsonNode t : types) if (!"null".equals(t.asText())) return t.asText();
        return "null";
    }
}
