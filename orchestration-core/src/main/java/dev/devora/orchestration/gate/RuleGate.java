package dev.devora.orchestration.gate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A gate made of deterministic checks. Each check scores 100 or 0; the gate's score is their average. A check
 * declared as a blocker adds a blocker when it fails, which fails the gate whatever the score.
 *
 * <pre>{@code
 * QualityGate prdGate = QualityGates.rules("prd-structure")
 *         .requireSections("Problem", "Users", "Features", "KPIs")
 *         .minLength(800)
 *         .mustNotMatch("no placeholders", Pattern.compile("TODO|lorem ipsum", Pattern.CASE_INSENSITIVE))
 *         .blocker("mentions security", in -> in.text().toLowerCase().contains("security"))
 *         .build();
 * }</pre>
 */
public final class RuleGate implements QualityGate {
    private final String name;
    private final List<Rule> rules;

    private record Rule(String name, Predicate<GateInput> test, boolean blocking, String failureDetail) {
    }

    private RuleGate(String name, List<Rule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateVerdict evaluate(GateInput input) {
        List<CheckResult> checks = new ArrayList<>(rules.size());
        List<String> blockers = new ArrayList<>();
        int total = 0;
        for (Rule rule : rules) {
            boolean ok = rule.test().test(input);
            checks.add(new CheckResult(rule.name(), ok ? 100 : 0, ok, ok ? "" : rule.failureDetail()));
            total += ok ? 100 : 0;
            if (!ok && rule.blocking()) blockers.add(rule.name() + ": " + rule.failureDetail());
        }
        int score = rules.isEmpty() ? 100 : Math.round((float) total / rules.size());
        return GateVerdict.builder(name, score, input.threshold()).checks(checks).blockers(blockers).build();
    }

    @Override
    public String toString() {
        return "RuleGate[" + name + ", " + rules.size() + " checks]";
    }

    /** Builder for {@link RuleGate}; start with {@link QualityGates#rules(String)}. */
    public static final class Builder {
        private final String name;
        private final List<Rule> rules = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Each heading must appear as a Markdown heading line ({@code #..###### Heading}), ignoring case.
         *
         * @param headings the headings
         * @return this builder
         */
        public Builder requireSections(String... headings) {
            for (String heading : headings) {
                Pattern p = Pattern.compile("(?im)^\\s{0,3}#{1,6}\\s*(\\d+[.)]?\\s*)?" + Pattern.quote(heading) + "\\b");
                rules.add(new Rule("has section '" + heading + "'", in -> p.matcher(in.text()).find(), false,
                        "no Markdown heading '" + heading + "'"));
            }
            return this;
        }

        /**
         * Each dot-separated path must exist, non-null, in the JSON output.
         *
         * @param paths the paths, e.g. {@code info.title}
         * @return this builder
         */
        public Builder requireJsonFields(String... paths) {
            for (String path : paths) {
                rules.add(new Rule("has JSON field '" + path + "'", in -> {
                    JsonNode node = in.json();
                    if (node == null) return false;
                    for (String part : path.split("\\.")) node = node.path(part);
                    return !node.isMissingNode() && !node.isNull();
                }, false, "JSON field '" + path + "' missing or null"));
            }
            return this;
        }

        /**
         * The output must be at least this long.
         *
         * @param chars the minimum length in characters
         * @return this builder
         */
        public Builder minLength(int chars) {
            rules.add(new Rule("at least " + chars + " characters", in -> in.text().length() >= chars, false,
                    "output shorter than " + chars + " characters"));
            return this;
        }

        /**
         * The output must be at most this long.
         *
         * @param chars the maximum length in characters
         * @return this builder
         */
        public Builder maxLength(int chars) {
            rules.add(new Rule("at most " + chars + " characters", in -> in.text().length() <= chars, false,
                    "output longer than " + chars + " characters"));
            return this;
        }

        /**
         * The output must contain a match of the pattern.
         *
         * @param description the check's name in the verdict
         * @param pattern     the pattern searched in the output text
         * @return this builder
         */
        public Builder mustMatch(String description, Pattern pattern) {
            rules.add(new Rule(description, in -> pattern.matcher(in.text()).find(), false,
                    "no match for /" + pattern.pattern() + "/"));
            return this;
        }

        /**
         * The output must not contain a match of the pattern.
         *
         * @param description the check's name in the verdict
         * @param pattern     the pattern searched in the output text
         * @return this builder
         */
        public Builder mustNotMatch(String description, Pattern pattern) {
            rules.add(new Rule(description, in -> !pattern.matcher(in.text()).find(), false,
                    "found /" + pattern.pattern() + "/"));
            return this;
        }

        /**
         * The output must mention each term, ignoring case.
         *
         * @param terms the terms
         * @return this builder
         */
        public Builder mentions(String... terms) {
            for (String term : terms) {
                String lower = term.toLowerCase(Locale.ROOT);
                rules.add(new Rule("mentions '" + term + "'",
                        in -> in.text().toLowerCase(Locale.ROOT).contains(lower), false, "'" + term + "' not mentioned"));
            }
            return this;
        }

        /**
         * A custom check.
         *
         * @param description the check's name in the verdict
         * @param test        true when the check passes
         * @return this builder
         */
        public Builder check(String description, Predicate<GateInput> test) {
            rules.add(new Rule(description, test, false, "check failed"));
            return this;
        }

        /**
         * A custom check whose failure is a blocker.
         *
         * @param description the check's name in the verdict
         * @param test        true when the check passes
         * @return this builder
         */
        public Builder blocker(String description, Predicate<GateInput> test) {
            rules.add(new Rule(description, test, true, "check failed"));
            return this;
        }

        /**
         * Builds the gate.
         *
         * @return the gate
         * @throws IllegalArgumentException if no check was added
         */
        public RuleGate build() {
            if (rules.isEmpty()) throw new IllegalArgumentException("rule gate '" + name + "' has no checks");
            return new RuleGate(name, rules);
        }
    }
}
