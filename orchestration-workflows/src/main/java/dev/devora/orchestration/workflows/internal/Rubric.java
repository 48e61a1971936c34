package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A review rubric: weighted criteria, each with what its score levels mean, read once from
 * {@code rubrics/<id>.md}. The reviewer's prompt states it and the pass mark ({@link #appendTo}); the verdict
 * scores every criterion ({@link OutputSchemas#review(Rubric)}); the gate computes the weighted mean
 * ({@link #score}) rather than trusting the reviewer's own total.
 *
 * <p>File format: {@code ## <criterion id> (<weight>): <title>} headings, each followed by
 * {@code - <score>: <what that level means>} lines, highest first; HTML comments and other lines are ignored.
 *
 * <pre>{@code
 * Rubric release = Rubric.of("release");
 * String prompt = release.appendTo(prompts.get("release-review"), config.thresholdOf("qa-release"));
 * int score = release.score(verdict.path("criteria"));   // weighted mean of the criterion scores
 * }</pre>
 */
public final class Rubric {
    /** The classpath folder of the rubric files. */
    public static final String RESOURCE_FOLDER = "/dev/devora/orchestration/workflows/rubrics/";
    private static final Pattern CRITERION = Pattern.compile("^## ([a-z0-9_]+) \\((\\d{1,3})\\): (.+)$");
    private static final Pattern LEVEL = Pattern.compile("^- (\\d{1,3}): (.+)$");
    private static final Map<String, Rubric> CACHE = new ConcurrentHashMap<>();

    /**
     * One criterion.
     *
     * @param id     the key of its score in the verdict's {@code criteria}
     * @param weight its relative weight, at least 1
     * @param title  what it judges
     * @param levels what each score level means, highest first (e.g. "100: …", "60: …")
     */
    public record Criterion(String id, int weight, String title, List<String> levels) {
        public Criterion {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            levels = List.copyOf(levels);
        }
    }

    private final String id;
    private final List<Criterion> criteria;

    private Rubric(String id, List<Criterion> criteria) {
        this.id = id;
        this.criteria = List.copyOf(criteria);
    }

    /**
     * The rubric of {@code rubrics/<id>.md}.
     *
     * @param id the rubric id, e.g. {@code "release"}
     * @return the rubric
     * @throws IllegalStateException when the file is missing or malformed (naming the file and the line)
     */
    public static Rubric of(String id) {
        return CACHE.computeIfAbsent(id, Rubric::load);
    }

    /**
     * Parses rubric text (the file format above).
     *
     * @param id     the rubric id
     * @param source what names the text in errors, e.g. its resource path
     * @param text   the rubric text
     * @return the rubric
     * @throws IllegalStateException when malformed, naming {@code source} and the line
     */
    public static Rubric parse(String id, String source, String text) {
        List<Criterion> criteria = new ArrayList<>();
        String cid = null;
        String title = null;
        int weight = 0;
        List<String> levels = new ArrayList<>();
        String[] lines = text.replace("<!--", "\u0000").split("\\R");
        boolean comment = false;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.startsWith("\u0000")) comment = true;
            if (comment) {
                if (line.contains("-->")) comment = false;
                continue;
            }
            Matcher c = CRITERION.matcher(line);
            Matcher l = LEVEL.matcher(line);
            if (c.matches()) {
                if (cid != null) criteria.add(criterion(source, cid, weight, title, levels));
                cid = c.group(1);
                weight = Integer.parseInt(c.group(2));
                title = c.group(3).strip();
                levels = new ArrayList<>();
                if (weight < 1) throw new IllegalStateException(source + " line " + (n + 1) + ": weight of '" + cid + "' must be at least 1, was " + weight);
            } else if (l.matches()) {
                if (cid == null) throw new IllegalStateException(source + " line " + (n + 1) + ": a score level before any '## criterion (weight): title' heading");
                int level = Integer.parseInt(l.group(1));
                if (level > 100) throw new IllegalStateException(source + " line " + (n + 1) + ": score level must be 0..100, was " + level);
                levels.add(level + ": " + l.group(2).strip());
            } else if (line.startsWith("## ")) {
                throw new IllegalStateException(source + " line " + (n + 1) + ": expected '## <id> (<weight>): <title>', was '" + line + "'");
            }
        }
        if (cid != null) criteria.add(criterion(source, cid, weight, title, levels));
        if (criteria.isEmpty()) throw new IllegalStateException(source + ": no criteria");
        return new Rubric(id, criteria);
    }

    private static Criterion criterion(String source, String id, int weight, String title, List<String> levels) {
        if (levels.size() < 2) throw new IllegalStateException(source + ": criterion '" + id + "' needs at least two score levels, has " + levels.size());
        return new Criterion(id, weight, title, levels);
    }

    private static Rubric load(String id) {
        String resource = RESOURCE_FOLDER + id + ".md";
        try (InputStream in = Rubric.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no rubric " + resource);
            return parse(id, resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** {@return the rubric id} */
    public String id() {
        return id;
    }

    /** {@return the criteria, in file order} */
    public List<Criterion> criteria() {
        return criteria;
    }

    /**
     * The weighted mean of the criterion scores in {@code scores} ({@code {<id>: {score, evidence}}} or
     * {@code {<id>: <score>}}); a criterion that was not scored counts 0.
     *
     * @param scores the verdict's {@code criteria} object
     * @return 0..100
     */
    public int score(JsonNode scores) {
        long sum = 0;
        long weights = 0;
        for (Criterion c : criteria) {
            sum += (long) c.weight() * criterionScore(scores, c.id());
            weights += c.weight();
        }
        return (int) Math.round((double) sum / weights);
    }

    /** The score of one criterion in the verdict's {@code criteria}, clamped to 0..100; 0 when absent. */
    public static int criterionScore(JsonNode scores, String criterion) {
        JsonNode s = scores == null ? null : scores.path(criterion);
        if (s == null || s.isMissingNode()) return 0;
        int v = s.isObject() ? s.path("score").asInt(0) : s.asInt(0);
        return Math.max(0, Math.min(100, v));
    }

    /**
     * {@code prompt} followed by this rubric and the pass mark, as the reviewer reads them.
     *
     * @param prompt    the review step's prompt template
     * @param threshold the gate's pass mark, 0..100
     * @return the prompt with the rubric appended
     */
    public String appendTo(String prompt, int threshold) {
        StringBuilder sb = new StringBuilder(prompt.stripTrailing()).append("\n\n")
                .append("Rubric: score each criterion 0-100 in `criteria` with the evidence you saw; the score is their weighted mean. ")
                .append("Pass mark: ").append(threshold).append("/100, and no blocker or critical issue. ")
                .append("A critical issue fails the review whatever the score.\n");
        for (Criterion c : criteria) {
            sb.append("- ").append(c.id()).append(" (weight ").append(c.weight()).append("): ").append(c.title()).append('\n');
            for (String level : c.levels()) sb.append("  - ").append(level).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public String toString() {
        return "Rubric[" + id + ", " + criteria.size() + " criteria]";
    }
}
