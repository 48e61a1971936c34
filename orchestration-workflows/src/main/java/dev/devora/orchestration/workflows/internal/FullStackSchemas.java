package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;

import static dev.devora.orchestration.workflows.internal.Schema.anyObject;
import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.map;
import static dev.devora.orchestration.workflows.internal.Schema.number;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * The JSON schemas of the full stack workflow's structured outputs: landing copy, timeline, design system and
 * wireframes, backend code, database schema, dashboards, test suites.
 *
 * <pre>{@code
 * kit.json(Roles.UI_UX_DESIGNER, "design_system", FullStackSchemas.DESIGN);
 * }</pre>
 */
final class FullStackSchemas {
    static final JsonNode COPY = object(prop("copy", map(Schema.string("slot text"),
            "landing-page slots: hero_headline, hero_subheadline, benefit_N_title/_text, cta_primary, cta_secondary, "
                    + "faq_N_question/_answer, meta_title, meta_description")));
    static final JsonNode TIMELINE = object(
            prop("estimated_completion", string("estimated completion, e.g. '12 weeks (mid-March)'")),
            prop("phases", array(object(
                    prop("name", string("phase")), prop("weeks", integer("duration in weeks")),
                    prop("squads", strings("squads involved")), prop("deliverables", strings("deliverables")),
                    prop("exit_criteria", string("what must be true to close the phase"))))));
    static final JsonNode DESIGN = object(
            prop("design_system", anyObject("design tokens (colors, typography, spacing, radii, shadows, breakpoints) and components with variants and states")),
            prop("wireframes", array(object(
                    prop("screen", string("screen name")), prop("route", string("URL route")),
                    prop("purpose", string("what the user does there")),
                    prop("regions", strings("layout regions top to bottom with their components and content")),
                    prop("states", strings("empty, loading, error and mobile variations"))))));
    static final JsonNode ENDPOINTS = object(
            prop("endpoints", Schema.files("route handlers")), prop("schemas", Schema.files("validation schemas (Pydantic/Zod…)")));
    static final JsonNode DATA_SCHEMA = object(
            prop("schema", string("complete SQL DDL")), prop("migrations", strings("ordered migration scripts, each a complete SQL file")));
    static final JsonNode DASHBOARDS = object(prop("dashboards", array(object(
            prop("name", string("dashboard")), prop("audience", string("who uses it")),
            prop("panels", array(object(prop("title", string("panel")), prop("kpi", string("KPI name")),
                    prop("chart", string("chart type")), prop("query", string("SQL or metric query")))))))));
    static final JsonNode TEST_SUITES = object(
            prop("test_suites", Schema.files("automated tests (E2E, API, integration)")),
            prop("coverage_report", object(
                    prop("estimated_line_coverage", number("percent of lines the tests would cover: your estimate, nothing is measured")),
                    prop("critical_journeys_covered", strings("journeys with automated tests")),
                    prop("gaps", strings("what is not covered yet")))));

    private FullStackSchemas() {
    }
}
