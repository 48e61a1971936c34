package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;

import static dev.devora.orchestration.workflows.internal.Schema.anyObject;
import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.bool;
import static dev.devora.orchestration.workflows.internal.Schema.files;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.oneOf;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * The JSON schemas shared by several workflows: reviews (verdicts against a rubric), KPIs, code files, security findings.
 *
 * <pre>{@code
 * kit.json(Roles.QA_LEAD, "release_review", OutputSchemas.review(Rubric.of("qa-release")));
 * }</pre>
 */
public final class OutputSchemas {
    /**
     * A reviewer's verdict against {@code rubric}: a score and the evidence for each of its criteria (under
     * {@code criteria}), approval, blockers, issues by severity and actionable feedback. {@link ReviewGate} reads it.
     *
     * @param rubric the rubric the reviewer applies
     * @return the verdict schema
     */
    public static JsonNode review(Rubric rubric) {
        Schema.Prop[] perCriterion = rubric.criteria().stream()
                .map(c -> prop(c.id(), object(
                        prop("score", integer("0-100 for: " + c.title())),
                        prop("evidence", string("what in the artefacts justifies this score: file, section or line")))))
                .toArray(Schema.Prop[]::new);
        return object(
                prop("criteria", object(perCriterion)),
                prop("score", integer("0-100 overall; the gate recomputes it as the weighted mean of the criteria")),
                prop("approved", bool("true only when it can ship as is")),
                prop("blockers", strings("problems that must be fixed before it can pass; empty when none")),
                prop("issues", array(object(
                        prop("severity", oneOf("how serious, least to most", "low", "medium", "high", "critical")),
                        prop("area", string("artefact, file or area concerned")),
                        prop("problem", string("what is wrong")),
                        prop("fix", string("the change to make"))))),
                prop("feedback", string("what the authors must change next, as actionable instructions")));
    }

    /** KPIs and use cases of a business analysis. */
    public static final JsonNode KPIS = object(
            prop("use_cases", array(object(
                    prop("name", string("use case name")),
                    prop("actor", string("who")),
                    prop("flow", string("trigger and main flow")),
                    prop("outcome", string("measurable outcome"))))),
            prop("kpis", array(object(
                    prop("name", string("KPI name")),
                    prop("formula", string("numerator / denominator over a time window")),
                    prop("source", string("event or system that feeds it")),
                    prop("baseline", string("known baseline or 'unknown'")),
                    prop("target", string("target value with a date")),
                    prop("decision", string("the decision this KPI informs"))))),
            prop("data_needs", object(
                    prop("events", strings("events to track")),
                    prop("etl_required", bool("true when requirements imply moving data between systems")),
                    prop("reason", string("why ETL is or is not required")))));

    /** A set of source files. */
    public static final JsonNode FILES = object(prop("files", files("the files")));

    /** Security or accessibility findings. */
    public static final JsonNode FINDINGS = object(
            prop("findings", array(object(
                    prop("id", string("stable id, e.g. SEC-001")),
                    prop("title", string("short title")),
                    prop("category", string("OWASP / CWE / CIS / WCAG reference")),
                    prop("severity", oneOf("severity", "critical", "high", "medium", "low", "info")),
                    prop("location", string("file, endpoint, resource or page")),
                    prop("evidence", string("what shows the problem")),
                    prop("impact", string("attack scenario or who is affected")),
                    prop("remediation", string("the concrete fix")),
                    prop("effort", oneOf("effort to fix", "S", "M", "L"))))),
            prop("summary", string("two or three sentences on the overall posture")));

    private OutputSchemas() {
    }

    /** An object holding one JSON document under {@code key}. */
    public static JsonNode document(String key, String description) {
        return object(prop(key, anyObject(description)));
    }
}
