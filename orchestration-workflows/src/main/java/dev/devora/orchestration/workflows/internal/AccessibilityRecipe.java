package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;

/**
 * Workflow 9, Accessibility Compliance: (source: an outline, the audit reading it with the workspace tools) → WCAG audit → fixes (frontend developer) and automated
 * accessibility tests (QA) in parallel → verification loop (the accessibility specialist scores the current fixes and
 * tests against the {@code wcag-verification} rubric; on failure the frontend developer and the automation tester each
 * return a complete replacement of the current fixes and tests) until the gate passes, bounded → conformance statement.
 *
 * <pre>{@code
 * Workflow w = AccessibilityRecipe.INSTANCE.build(kit, AccessibilityRecipe.INSTANCE.input());
 * }</pre>
 */
public final class AccessibilityRecipe implements Recipe {
    public static final AccessibilityRecipe INSTANCE = new AccessibilityRecipe();
    public static final String GATE = "wcag-verification";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("product_name", "name of the product")
            .required("pages", FieldType.LIST, "pages or screens to audit, e.g. \"/checkout: payment form\"")
            .required("tech_stack", FieldType.LIST, "frontend technologies")
            .field(InputField.optional("wcag_version", FieldType.STRING, "WCAG version").allowing("2.1", "2.2")
                    .withDefault(NODES.textNode("2.2")))
            .field(InputField.optional("conformance_level", FieldType.STRING, "target level").allowing("A", "AA", "AAA")
                    .withDefault(NODES.textNode("AA")))
            .field(InputField.optional("markup_samples", FieldType.LIST, "HTML/JSX excerpts of the pages (texts)"))
            .field(InputField.optional("known_issues", FieldType.LIST, "issues already reported by users or tools"))
            .field(InputField.optional("source_code_path", FieldType.STRING, "optional: a local directory with the frontend source")
                    .withDefault(NODES.textNode("")))
            .build();

    private static final JsonNode FIXES = object(
            prop("files", Schema.files("corrected components, styles and markup")),
            prop("notes", string("Markdown: each finding id and how it was fixed, or why it was not")));

    private AccessibilityRecipe() {
    }

    @Override public String id() { return "accessibility-compliance"; }
    @Override public String name() { return "Accessibility Compliance"; }
    @Override public String description() { return "Audit against WCAG, fix the barriers and verify until the product conforms"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.ACCESSIBILITY, SquadId.FRONTEND, SquadId.QA); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("pages", true).nonBlankStrings("tech_stack", true)
                .nonBlankStrings("markup_samples", false).nonBlankStrings("known_issues", false);
        c.directory("source_code_path");
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var source = SourceSummary.step(kit, DocumentationRecipe.SOURCE_BUDGET, "No source directory was provided.");
        var audit = Steps.agent("audit", kit.codeReader(Roles.ACCESSIBILITY_SPECIALIST, "findings", OutputSchemas.FINDINGS))
                .squad("accessibility").prompt(prompts.get("audit"));
        var fixAndTest = Steps.parallel("remediation",
                Steps.agent("fixes", kit.json(Roles.FRONTEND_DEVELOPER, "accessibility_fixes", FIXES)).squad("frontend")
                        .prompt(prompts.get("fixes")),
                Steps.agent("a11y-tests", kit.json(Roles.AUTOMATION_TESTER, "accessibility_tests", OutputSchemas.FILES)).squad("qa")
                        .prompt(prompts.get("a11y-tests")));
        var verification = ReviewLoop.builder("verification-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("current-fixes", "fixes", Steps.agent("refix", kit.json(Roles.FRONTEND_DEVELOPER, "accessibility_fixes", FIXES))
                        .squad("frontend").prompt(prompts.get("refix")))
                .carry("current-tests", "a11y-tests", Steps.agent("retest", kit.json(Roles.AUTOMATION_TESTER, "accessibility_tests", OutputSchemas.FILES))
                        .squad("qa").prompt(prompts.get("retest")))
                .review(Steps.agent("verification", kit.json(Roles.ACCESSIBILITY_SPECIALIST, "verification", OutputSchemas.review(Rubric.of(GATE))))
                        .squad("accessibility").prompt(prompts.get("verification")))
                .build();
        var statement = Steps.agent("conformance-statement", kit.text(Roles.ACCESSIBILITY_SPECIALIST)).squad("accessibility")
                .prompt(prompts.get("conformance-statement"));

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(source, audit, fixAndTest, verification, statement)
                .deliverable("audit.findings", "audit.findings")
                .deliverable("audit.summary", "audit.summary")
                .deliverable("fixes.files", "current-fixes.files")
                .deliverable("fixes.notes", "current-fixes.notes")
                .deliverable("testing.test_suites", "current-tests.files")
                .deliverable("verification", "verification")
                .deliverable("conformance_statement", "conformance-statement")
                .build();
    }

    @Override
    public String notes() {
        return "Designed for this library. The accessibility specialist audits the pages against WCAG "
                + "(`wcag_version`, `conformance_level`; findings mapped to success criteria). The frontend developer "
                + "fixes the barriers while the automation tester writes axe/keyboard regression tests, in parallel. "
                + "Then a verification loop: the specialist scores the current fixes and tests against the "
                + "`wcag-verification` rubric and approves only at the target level; after a failed verification the "
                + "frontend developer and the automation tester each return a complete replacement of the current "
                + "fixes and tests with the feedback, so round 3 starts from round 2's version, until the gate passes or "
                + "`maxIterations`; the deliverables are the last versions (the fixed code and the tests at their "
                + "repository paths, one tree). A conformance statement closes the workflow. With `source_code_path` (the frontend source), the audit reads "
                + "the markup and styles with the read-only workspace tools, as the documentation analysis does (the "
                + "outline in the prompt; findings located at the `file:line` read); the other agents work without tools.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("audit.findings", "[{id, title, category (WCAG criterion), severity, location, evidence, impact, remediation, effort}] "
                + "(accessibility/findings.json)");
        d.put("audit.summary", "overall accessibility posture (accessibility/summary.md)");
        d.put("fixes.files", "the corrected code [{path, language, content}], the last version verified, written at its "
                + "repository paths");
        d.put("fixes.notes", "how each finding was fixed, or why not (Markdown; accessibility/fixes.md)");
        d.put("testing.test_suites", "axe and keyboard tests [{path, language, content}], the last version verified, "
                + "written at their repository paths");
        d.put("verification", "the last verdict against the wcag-verification rubric {criteria: {findings_fixed, "
                + "conformance, no_regressions, native_semantics, tests: {score, evidence}}, score, approved, blockers, "
                + "issues, feedback} (accessibility/review.json)");
        d.put("conformance_statement", "accessibility conformance statement (Markdown; ACCESSIBILITY.md)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("audit.findings", "accessibility/findings.json");
        f.put("audit.summary", "accessibility/summary.md");
        f.put("fixes.notes", "accessibility/fixes.md");
        f.put("verification", "accessibility/review.json");
        f.put("conformance_statement", "ACCESSIBILITY.md");
        return f;
    }
}
