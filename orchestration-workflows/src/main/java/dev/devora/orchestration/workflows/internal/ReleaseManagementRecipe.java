package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.tool.workspace.Workspace;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.TaskContext;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.integer;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow Release Management (engineering operations), on a repository, with a dry-run mode: the workspace outline
 * → the changes since the previous release (the release manager reads the changelog, the commit summaries kept in
 * files and the code) → the changelog entries and release notes (technical writer) → QA release validation (QA lead
 * against the {@code release-readiness} rubric; each rejection answered by complete revised notes) → the deployment
 * dry run (CI/CD specialist: each environment's steps and checks, the version bump as a diff, the rollback plan) →
 * the release patch built and checked in plain Java ({@code CHANGELOG.md} in Keep a Changelog format plus the
 * version bump) → only when {@code dry_run} is false: the release manager's approval (a person,
 * {@code Approvals.person("release-manager")}: the run waits) then the production release (the patch written to the
 * workspace with the caller's opt-in, else {@code changes.patch}) → {@code RELEASE.md}.
 *
 * <pre>{@code
 * Workflow w = ReleaseManagementRecipe.INSTANCE.build(kit.withWorkspace(Workspace.readOnly(repo)),
 *         ReleaseManagementRecipe.INSTANCE.input());
 * }</pre>
 */
public final class ReleaseManagementRecipe implements Recipe {
    public static final ReleaseManagementRecipe INSTANCE = new ReleaseManagementRecipe();
    public static final String GATE = "release-readiness";
    /** Who approves the production phase (a person). */
    public static final String APPROVER = "release-manager";
    /** Semantic Versioning 2.0.0, without a leading {@code v}. */
    static final Pattern SEMVER = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
    /** Keep a Changelog's sections, in its order. */
    static final List<String> SECTIONS = List.of("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security");
    static final String CHANGELOG = "CHANGELOG.md";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("workspace", "the repository to release: an existing directory, read-only unless the caller opts into writing")
            .required("version", "the version to release, semantic versioning (e.g. 1.4.0, 2.0.0-rc.1), without a leading v")
            .field(InputField.optional("previous_version", FieldType.STRING, "the last released version (semantic "
                    + "versioning); when absent, the release manager reads it from the repository"))
            .field(InputField.optional("environments", FieldType.LIST, "the environments to release through, in order; "
                    + "the last one is production").withDefault(NODES.arrayNode().add("staging").add("production")))
            .field(InputField.optional("release_date", FieldType.STRING, "the date of the changelog entry, YYYY-MM-DD; "
                    + "when absent, the run's date (UTC)"))
            .field(InputField.optional("dry_run", FieldType.BOOLEAN, "true: validate the release and write nothing, "
                    + "skipping the approval and the production phase; false: ask for the approval, then release")
                    .withDefault(NODES.booleanNode(true)))
            .build();

    static final JsonNode CHANGES = object(
            prop("previous_version", string("the last released version as read in the repository, or '' when none is found")),
            prop("changes", array(object(
                    prop("type", string("the Keep a Changelog section: Added, Changed, Deprecated, Removed, Fixed or Security")),
                    prop("description", string("the change, for a user of the project")),
                    prop("source", string("where it was read: file:line"))))),
            prop("breaking_changes", strings("changes that break a user of the previous version, each with its file:line")),
            prop("version_files", array(object(
                    prop("path", string("a file carrying the version, e.g. pom.xml")),
                    prop("line", integer("the line of the current version string")),
                    prop("current", string("the version string there now"))))),
            prop("suggested_bump", string("what the changes call for: major, minor or patch")));

    static final JsonNode NOTES = object(
            prop("entries", object(
                    prop("added", strings("new features")),
                    prop("changed", strings("changes in existing functionality")),
                    prop("deprecated", strings("soon-to-be removed features")),
                    prop("removed", strings("removed features")),
                    prop("fixed", strings("bug fixes")),
                    prop("security", strings("vulnerabilities fixed")))),
            prop("release_notes", string("Markdown release notes for users: highlights, breaking changes with the "
                    + "upgrade steps, fixes")));

    static final JsonNode DEPLOYMENT = object(
            prop("environments", array(object(
                    prop("name", string("the environment, in release order")),
                    prop("steps", strings("the deployment steps, in order")),
                    prop("checks", strings("the checks after deploying: smoke tests, health endpoints, error rate")),
                    prop("go_criteria", string("what must hold to go on to the next environment"))))),
            prop("version_bump_patch", string("unified diff changing the version strings read (not CHANGELOG.md), "
                    + "or '' when the repository carries no version")),
            prop("rollback_plan", object(
                    prop("triggers", strings("measured signals that mean roll back, e.g. error rate above 1% for 5 minutes")),
                    prop("steps", strings("how to restore the previous version, in order")),
                    prop("previous_version", string("the version rolled back to")),
                    prop("irreversible", strings("what a rollback does not undo (data migrations, sent emails), and what to do")),
                    prop("decision_owner", string("the role that decides to roll back")))));

    private ReleaseManagementRecipe() {
    }

    @Override public String id() { return "release-management"; }
    @Override public String name() { return "Release Management"; }
    @Override public String description() {
        return "Release a repository's next version: changes since the last release, Keep-a-Changelog notes, QA validation, a deployment dry run with a rollback plan, approval, then production";
    }
    @Override public List<SquadId> squads() { return List.of(SquadId.DEVOPS, SquadId.DOCUMENTATION, SquadId.QA); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).nonBlankStrings("environments", true);
        if (input.path("workspace").asText("").isBlank()) c.problem("input.workspace", "must name the repository's directory, was blank");
        else c.directory("workspace");
        JsonNode version = input.path("version");
        boolean versionOk = false;
        if (version.isTextual()) {
            versionOk = SEMVER.matcher(version.asText()).matches();
            if (!versionOk) c.problem("input.version", "must be a semantic version like 1.4.0 or 2.0.0-rc.1 (no leading v), was "
                    + InputChecks.shown(version));
        }
        JsonNode previous = input.path("previous_version");
        if (previous.isTextual()) {
            if (!SEMVER.matcher(previous.asText()).matches()) {
                c.problem("input.previous_version", "must be a semantic version like 1.3.2 (no leading v), was " + InputChecks.shown(previous));
            } else if (versionOk && compare(version.asText(), previous.asText()) <= 0) {
                c.problem("input.version", "must be greater than previous_version " + previous.asText() + ", was " + version.asText());
            }
        }
        JsonNode date = input.path("release_date");
        if (date.isTextual()) {
            try {
                LocalDate.parse(date.asText());
            } catch (DateTimeParseException e) {
                c.problem("input.release_date", "must be a date YYYY-MM-DD, was " + InputChecks.shown(date));
            }
        }
        JsonNode envs = input.path("environments");
        if (envs.isArray()) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < envs.size(); i++) {
                String e = envs.get(i).asText("").strip().toLowerCase(Locale.ROOT);
                if (!e.isEmpty() && seen.contains(e)) c.problem("input.environments[" + i + "]", "is listed twice, was \"" + envs.get(i).asText() + "\"");
                seen.add(e);
            }
        }
        return c.problems();
    }

    /** Semantic-versioning precedence of two valid versions: negative when {@code a} comes before {@code b}. */
    static int compare(String a, String b) {
        Matcher x = SEMVER.matcher(a);
        Matcher y = SEMVER.matcher(b);
        if (!x.matches() || !y.matches()) throw new IllegalArgumentException("not semantic versions: " + a + ", " + b);
        for (int g = 1; g <= 3; g++) {
            int c = new java.math.BigInteger(x.group(g)).compareTo(new java.math.BigInteger(y.group(g)));
            if (c != 0) return c;
        }
        String pa = x.group(4);
        String pb = y.group(4);
        if (pa == null || pb == null) return pa == null ? (pb == null ? 0 : 1) : -1;
        String[] ia = pa.split("\\.");
        String[] ib = pb.split("\\.");
        for (int i = 0; i < Math.min(ia.length, ib.length); i++) {
            boolean na = ia[i].matches("\\d+");
            boolean nb = ib[i].matches("\\d+");
            int c = na && nb ? new java.math.BigInteger(ia[i]).compareTo(new java.math.BigInteger(ib[i]))
                    : na ? -1 : nb ? 1 : ia[i].compareTo(ib[i]);
            if (c != 0) return c;
        }
        return Integer.compare(ia.length, ib.length);
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var outline = Steps.task("source", "list the files of the workspace for the agents that read them with the tools",
                ctx -> SourceSummary.tree(Path.of(ctx.inputText("workspace"))));
        var changes = Steps.agent("changes", kit.codeReader(Roles.RELEASE_MANAGER, "release_changes", CHANGES))
                .squad("devops").prompt(prompts.get("changes"));
        var notes = Steps.agent("release-notes", kit.codeReader(Roles.TECHNICAL_WRITER, "release_notes", NOTES))
                .squad("documentation").prompt(prompts.get("release-notes"));
        var qa = ReviewLoop.builder("qa-loop", GATE, Rubric.of(GATE), kit.config())
                .carry("notes", "release-notes", Steps.agent("revised-release-notes",
                        kit.codeReader(Roles.TECHNICAL_WRITER, "release_notes", NOTES)).squad("documentation")
                        .prompt(prompts.get("revised-release-notes")))
                .review(Steps.agent("qa-validation", kit.codeReader(Roles.QA_LEAD, "release_validation",
                        OutputSchemas.review(Rubric.of(GATE)))).squad("qa").prompt(prompts.get("qa-validation")))
                .build();
        var deployment = Steps.agent("deployment-dry-run", kit.codeReader(Roles.CICD_SPECIALIST, "release_deployment", DEPLOYMENT))
                .squad("devops").prompt(prompts.get("deployment-dry-run"));
        var patch = Steps.task("release-patch", "build the release patch in plain Java: the Keep-a-Changelog entry "
                + "inserted into CHANGELOG.md, then the version bump", ReleaseManagementRecipe::releasePatch);
        var dryRun = Steps.task("dry-run", "check the release in plain Java: the patches' form and files, the version "
                + "against the previous one and the changes, the changelog's format, every environment planned",
                ReleaseManagementRecipe::dryRunCheck);
        Optional<Workspace> writable = kit.writableWorkspace();
        int threshold = kit.config().thresholdOf(GATE);
        Condition ready = Condition.of("input.dry_run = false, the dry-run checks and QA passed", st ->
                WorkspaceChanges.NOT_DRY_RUN.test(st) && st.json("dry-run").path("passed").asBoolean(false)
                        && MigrationRecipe.reviewPassed(st.json("qa-validation"), Rubric.of(GATE), threshold));
        var production = Steps.when("production", ready, Steps.sequence("production-phase",
                Steps.approval("production-approval", Approvals.person(APPROVER), prompts.get("production-approval"))
                        .squad("devops"),
                Steps.task("release", "write the release (CHANGELOG.md and the version bump) to the workspace when the "
                        + "caller opted into writing, else it stays changes.patch", ctx -> release(writable, threshold, ctx))));
        var summary = Steps.task("release-summary", "write the release, its checks, the rollback plan and what was "
                + "released as one Markdown document", ReleaseManagementRecipe::summary);

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(outline, changes, notes, qa, deployment, patch, dryRun, production, summary)
                .deliverable("changes", "release-patch.patch")
                .deliverable("summary", "release-summary")
                .deliverable("changelog", "release-patch.changelog")
                .deliverable("release_notes", "notes.release_notes")
                .deliverable("changes_since", "changes")
                .deliverable("qa_review", "qa-validation")
                .deliverable("deployment", "deployment-dry-run.environments")
                .deliverable("rollback_plan", "deployment-dry-run.rollback_plan")
                .deliverable("dry_run", "dry-run")
                .deliverable("approval", "production-approval")
                .deliverable("release", "release")
                .build();
    }

    /** The release date: the input's, else today (UTC). */
    private static String date(TaskContext ctx) {
        String given = ctx.inputText("release_date").strip();
        return given.isEmpty() ? LocalDate.now(ZoneOffset.UTC).toString() : given;
    }

    /** The Keep-a-Changelog section of this release, from the writer's entries. */
    static List<String> section(String version, String date, JsonNode entries) {
        List<String> lines = new ArrayList<>();
        lines.add("## [" + version + "] - " + date);
        for (String s : SECTIONS) {
            List<String> items = new ArrayList<>();
            for (JsonNode e : entries.path(s.toLowerCase(Locale.ROOT))) {
                String t = e.asText("").strip().replaceAll("\\s*\n\\s*", " ");
                if (!t.isEmpty()) items.add(t.startsWith("- ") ? t.substring(2) : t);
            }
            if (items.isEmpty()) continue;
            lines.add("");
            lines.add("### " + s);
            items.forEach(i -> lines.add("- " + i));
        }
        lines.add("");
        return lines;
    }

    static ObjectNode releasePatch(TaskContext ctx) {
        Path root = Path.of(ctx.inputText("workspace"));
        String version = ctx.inputText("version");
        List<String> section = section(version, date(ctx), ctx.json("notes").path("entries"));
        Path file = root.resolve(CHANGELOG);
        String original = null;
        try {
            if (Files.isRegularFile(file)) original = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String changelogDiff;
        String changelog;
        if (original == null) {
            List<String> created = new ArrayList<>(List.of("# Changelog", "",
                    "All notable changes to this project are documented in this file.", "",
                    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this project "
                            + "adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).", ""));
            created.addAll(section);
            changelogDiff = WorkspaceChanges.insertion(CHANGELOG, null, 0, created);
            changelog = String.join("\n", created) + "\n";
        } else {
            List<String> lines = WorkspaceChanges.lines(original);
            int at = lines.size();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.startsWith("## [") && !l.toLowerCase(Locale.ROOT).startsWith("## [unreleased]")) {
                    at = i;
                    break;
                }
            }
            List<String> insert = new ArrayList<>(section);
            if (at == lines.size() && !lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) insert.add(0, "");
            changelogDiff = WorkspaceChanges.insertion(CHANGELOG, original, at, insert);
            List<String> after = new ArrayList<>(lines);
            after.addAll(at, insert);
            changelog = String.join("\n", after) + "\n";
        }
        String bump = ctx.json("deployment-dry-run").path("version_bump_patch").asText("").strip();
        String patch = changelogDiff + (bump.isEmpty() ? "" : bump + "\n");
        ObjectNode out = NODES.objectNode();
        out.put("patch", patch);
        out.put("changelog", changelog);
        out.put("changelog_section", String.join("\n", section));
        ArrayNode files = out.putArray("files");
        WorkspaceChanges.files(patch).forEach(t -> files.add(t.path()));
        return out;
    }

    static ObjectNode dryRunCheck(TaskContext ctx) {
        Path root = Path.of(ctx.inputText("workspace"));
        String version = ctx.inputText("version");
        JsonNode changes = ctx.json("changes");
        JsonNode deployment = ctx.json("deployment-dry-run");
        ObjectNode out = NODES.objectNode();
        out.put("dry_run", ctx.json("input.dry_run").asBoolean(true));
        out.put("version", version);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        String previous = ctx.inputText("previous_version").strip();
        if (previous.isEmpty()) previous = changes.path("previous_version").asText("").strip().replaceFirst("^v", "");
        out.put("previous_version", previous.isEmpty() ? "none found" : previous);
        if (!previous.isEmpty() && SEMVER.matcher(previous).matches()) {
            if (compare(version, previous) <= 0) problems.add("version " + version + " is not greater than the previous " + previous);
            String bump = bumpOf(version, previous);
            out.put("bump", bump);
            boolean breaking = changes.path("breaking_changes").size() > 0;
            boolean added = false;
            for (JsonNode c : changes.path("changes")) added |= c.path("type").asText("").equalsIgnoreCase("Added");
            boolean zero = version.startsWith("0.");
            if (breaking && !zero && !bump.equals("major")) warnings.add("breaking changes are listed but " + version + " is a " + bump + " bump from " + previous);
            if (added && bump.equals("patch")) warnings.add("features were added but " + version + " is a patch bump from " + previous);
        } else if (!previous.isEmpty()) {
            warnings.add("the previous version read, '" + previous + "', is not a semantic version");
        }

        String changelogDiff = ctx.json("release-patch").path("patch").asText("");
        String section = ctx.json("release-patch").path("changelog_section").asText("");
        if (!section.contains("\n- ")) problems.add("CHANGELOG.md: the entry for " + version + " lists no change");
        ObjectNode cl = out.putObject("changelog");
        try {
            Path file = root.resolve(CHANGELOG);
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).contains("## [" + version + "]")) {
                problems.add("CHANGELOG.md has an entry for " + version + " already");
            }
        } catch (IOException e) {
            problems.add("CHANGELOG.md cannot be read: " + e.getMessage());
        }
        cl.put("format", "Keep a Changelog 1.1.0");
        cl.put("entries", section.lines().filter(l -> l.startsWith("- ")).count());

        String bumpPatch = deployment.path("version_bump_patch").asText("").strip();
        ObjectNode vb = out.putObject("version_bump");
        if (bumpPatch.isEmpty()) {
            vb.put("present", false);
            if (changes.path("version_files").size() > 0) problems.add("version bump: the repository carries the version in "
                    + changes.path("version_files").size() + " file(s) but no version bump patch was given");
        } else {
            vb.put("present", true);
            List<String> form = PatchCheck.problems(bumpPatch);
            List<String> files = form.isEmpty() ? WorkspaceChanges.fileProblems(root, bumpPatch) : List.of();
            vb.put("well_formed", form.isEmpty());
            form.forEach(f -> problems.add("version bump: " + f));
            files.forEach(f -> problems.add("version bump: " + f));
            boolean sets = bumpPatch.lines().anyMatch(l -> l.startsWith("+") && !l.startsWith("+++") && l.contains(version));
            vb.put("sets_version", sets);
            if (!sets) problems.add("version bump: no added line carries " + version);
            if (WorkspaceChanges.files(bumpPatch).stream().anyMatch(t -> t.path().equals(CHANGELOG))) {
                problems.add("version bump: it changes CHANGELOG.md, which the release patch writes itself");
            }
            ArrayNode vf = vb.putArray("files");
            WorkspaceChanges.files(bumpPatch).forEach(t -> vf.add(t.path()));
        }
        List<String> changelogForm = PatchCheck.problems(changelogDiff);
        changelogForm.forEach(f -> problems.add("release patch: " + f));

        List<String> wanted = new ArrayList<>();
        for (JsonNode e : ctx.json("input.environments")) wanted.add(e.asText().strip().toLowerCase(Locale.ROOT));
        List<String> planned = new ArrayList<>();
        for (JsonNode e : deployment.path("environments")) {
            String name = e.path("name").asText("").strip().toLowerCase(Locale.ROOT);
            planned.add(name);
            if (e.path("checks").isEmpty()) problems.add("deployment: environment '" + name + "' has no check");
        }
        ObjectNode env = out.putObject("environments");
        wanted.forEach(env.putArray("wanted")::add);
        planned.forEach(env.putArray("planned")::add);
        if (!planned.equals(wanted)) problems.add("deployment: the plan covers " + planned + ", the release goes through " + wanted);
        JsonNode rollback = deployment.path("rollback_plan");
        if (rollback.path("steps").isEmpty()) problems.add("rollback plan: no steps");
        if (rollback.path("triggers").isEmpty()) problems.add("rollback plan: no trigger");

        out.put("passed", problems.isEmpty());
        problems.forEach(out.putArray("problems")::add);
        warnings.forEach(out.putArray("warnings")::add);
        return out;
    }

    /** major, minor, patch or pre-release: what changed from {@code previous} to {@code version}. */
    static String bumpOf(String version, String previous) {
        Matcher v = SEMVER.matcher(version);
        Matcher p = SEMVER.matcher(previous);
        if (!v.matches() || !p.matches()) return "unknown";
        if (!v.group(1).equals(p.group(1))) return "major";
        if (!v.group(2).equals(p.group(2))) return "minor";
        if (!v.group(3).equals(p.group(3))) return "patch";
        return "pre-release";
    }

    static ObjectNode release(Optional<Workspace> writable, int threshold, TaskContext ctx) {
        ObjectNode refused = NODES.objectNode().put("written", false);
        refused.putArray("files");
        if (!ctx.json("dry-run").path("passed").asBoolean(false)) {
            return refused.put("note", "not released: the dry-run checks failed (see release/dry-run.json)");
        }
        if (!MigrationRecipe.reviewPassed(ctx.json("qa-validation"), Rubric.of(GATE), threshold)) {
            return refused.put("note", "not released: QA did not pass the release (see release/qa-review.json)");
        }
        return WorkspaceChanges.apply(writable, ctx, ctx.json("release-patch").path("patch").asText(""));
    }

    static String summary(TaskContext ctx) {
        boolean dry = ctx.json("input.dry_run").asBoolean(true);
        JsonNode check = ctx.json("dry-run");
        JsonNode deployment = ctx.json("deployment-dry-run");
        StringBuilder md = new StringBuilder("# Release ").append(ctx.inputText("version")).append("\n\n")
                .append(dry ? "**Dry run**: nothing was written and production was not touched; the approval was not asked.\n"
                        : "**Release run.**\n")
                .append("\nPrevious version: ").append(check.path("previous_version").asText("?"))
                .append(check.has("bump") ? " (" + check.path("bump").asText() + " bump)" : "").append('\n');
        md.append("\n## Dry-run checks\n").append(check.path("passed").asBoolean(false) ? "Passed." : "Failed:").append('\n');
        for (JsonNode p : check.path("problems")) md.append("\n- ").append(p.asText());
        for (JsonNode w : check.path("warnings")) md.append("\n- warning: ").append(w.asText());
        md.append("\n\n## Changelog entry\n\n").append(ctx.json("release-patch").path("changelog_section").asText("").strip())
                .append("\n\n## Deployment\n");
        for (JsonNode e : deployment.path("environments")) {
            md.append("\n### ").append(e.path("name").asText("?")).append('\n');
            for (JsonNode s : e.path("steps")) md.append("\n1. ").append(s.asText());
            md.append("\n\nChecks:");
            for (JsonNode c : e.path("checks")) md.append("\n- ").append(c.asText());
            md.append("\n\nGo on when: ").append(e.path("go_criteria").asText("not stated")).append('\n');
        }
        JsonNode rollback = deployment.path("rollback_plan");
        md.append("\n## Rollback plan\nRoll back to ").append(rollback.path("previous_version").asText("the previous version"))
                .append(" when:");
        for (JsonNode t : rollback.path("triggers")) md.append("\n- ").append(t.asText());
        md.append("\n\nSteps:");
        for (JsonNode s : rollback.path("steps")) md.append("\n1. ").append(s.asText());
        md.append("\n\nNot undone by a rollback:");
        for (JsonNode s : rollback.path("irreversible")) md.append("\n- ").append(s.asText());
        md.append("\n\nDecided by: ").append(rollback.path("decision_owner").asText("the release manager")).append("\n\n## Production\n");
        JsonNode released = ctx.json("release");
        if (dry) {
            md.append("Skipped: a dry run. Run again with `dry_run: false` to ask the release manager's approval and release.\n");
        } else if (released.isMissingNode() || released.isNull()) {
            md.append("Skipped: the approval was not asked and nothing was written, because ")
                    .append(check.path("passed").asBoolean(false) ? "QA did not pass the release (see release/qa-review.json)"
                            : "the dry-run checks failed (see above)").append(".\n");
        } else if (released.path("written").asBoolean(false)) {
            md.append("Approved by the release manager and written to the workspace:");
            for (JsonNode f : released.path("files")) md.append("\n- `").append(f.asText()).append('`');
            md.append('\n');
        } else {
            md.append(released.path("note").asText("Nothing was written.")).append('\n');
        }
        return md.toString();
    }

    @Override
    public String notes() {
        return "An engineering-operations workflow, run on a repository, with a dry-run mode (`dry_run`, true by "
                + "default). The release manager (DevOps) reads what changed since the previous release with the "
                + "read-only workspace tools (the changelog, release notes and commit summaries kept in files, the code, "
                + "the files carrying the version), each change with its `file:line`. The technical writer "
                + "(documentation) turns them into Keep a Changelog entries (Added, Changed, Deprecated, Removed, Fixed, "
                + "Security) and release notes; the QA lead validates the release against the `release-readiness` "
                + "rubric (changes covered by tests, breaking changes documented, notes accurate, version right), and "
                + "each rejection is answered by complete revised notes (bounded). The CI/CD specialist dry-runs the "
                + "deployment: each environment's steps and checks (`environments`, staging then production by "
                + "default), the version bump as a unified diff and the rollback plan (triggers, steps, what a rollback "
                + "does not undo). Plain Java builds the release patch (the entry inserted into `CHANGELOG.md`, created "
                + "when absent, then the version bump) and checks it (`release/dry-run.json`): semantic versions, the "
                + "version above the previous one and matching the changes, the patches' form and files, every "
                + "environment planned with checks, a rollback plan. A dry run ends there, writing nothing even with "
                + "the writing opt-in: the approval and production phase are skipped, as the plan and the diagram show. "
                + "With `dry_run: false`, and only when the checks and QA passed (otherwise the phase is skipped too and the "
                + "approval is not asked), the run waits for the release manager's approval (a person: "
                + "`Approvals.person(\"release-manager\")`; `engine.decide(...)`, the runner's `--decide`); a rejection "
                + "fails the run before production and nothing is written. Approved, the release is written to the workspace with the caller's opt-in "
                + "(`PredefinedWorkflow.withWritableWorkspace()`, the runner's `--write`), else it stays "
                + "`changes.patch`. The runner's bundled sample is a dry run, so it never waits.";
    }

    @Override
    public String reportNotice() {
        return "A dry run (the default) wrote nothing and skipped the approval: read `RELEASE.md` and "
                + "`release/dry-run.json`, then run again with `dry_run: false`, approve the production phase, and apply "
                + "`changes.patch` with `git apply` unless the run wrote it (`--write`).";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("changes", "the release as a unified diff: the entry inserted into CHANGELOG.md, then the version bump "
                + "(changes.patch); written to the workspace only after the approval, with the writing opt-in");
        d.put("summary", "the release as Markdown: the version and the bump, the dry-run checks, the changelog entry, each "
                + "environment's steps and checks, the rollback plan and what was released (RELEASE.md)");
        d.put("changelog", "CHANGELOG.md as it is after the release, in Keep a Changelog format (release/CHANGELOG.md)");
        d.put("release_notes", "the release notes for users, as Markdown (RELEASE_NOTES.md)");
        d.put("changes_since", "{previous_version, changes: [{type, description, source}], breaking_changes, "
                + "version_files, suggested_bump} (release/changes.json)");
        d.put("qa_review", "the QA lead's last verdict against the release-readiness rubric {criteria: {changes_covered, "
                + "breaking_changes, notes_accurate, version: {score, evidence}}, score, approved, blockers, issues, "
                + "feedback} (release/qa-review.json)");
        d.put("deployment", "[{name, steps, checks, go_criteria}]: the deployment dry run, per environment in order "
                + "(release/deployment-plan.json)");
        d.put("rollback_plan", "{triggers, steps, previous_version, irreversible, decision_owner} (release/rollback-plan.json)");
        d.put("dry_run", "{dry_run, version, previous_version, bump, changelog, version_bump, environments, passed, "
                + "problems, warnings}: the checks in plain Java (release/dry-run.json)");
        d.put("approval", "what the release manager approved before production (dry_run false only; release/approval.md)");
        d.put("release", "{written, files, note}: what the production phase wrote (dry_run false only; release/release.json)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("changes", "changes.patch");
        f.put("summary", "RELEASE.md");
        f.put("changelog", "release/CHANGELOG.md");
        f.put("release_notes", "RELEASE_NOTES.md");
        f.put("changes_since", "release/changes.json");
        f.put("qa_review", "release/qa-review.json");
        f.put("deployment", "release/deployment-plan.json");
        f.put("rollback_plan", "release/rollback-plan.json");
        f.put("dry_run", "release/dry-run.json");
        f.put("approval", "release/approval.md");
        f.put("release", "release/release.json");
        return f;
    }
}
