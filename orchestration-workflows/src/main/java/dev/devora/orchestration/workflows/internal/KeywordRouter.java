package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.workflows.Suggestion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Deterministic suggestion of a workflow or squad from keywords, used when no model is available. Each candidate
 * has keywords; the one with the most (whole-word) matches wins, workflows before squads on ties; without any
 * match, full stack development is suggested.
 *
 * <pre>{@code
 * Suggestion s = KeywordRouter.suggest("Our API p95 latency is 900 ms, make it faster");
 * // performance-optimization, matched: latency, p95, faster
 * }</pre>
 */
public final class KeywordRouter {
    private static final Map<String, List<String>> WORKFLOWS = new LinkedHashMap<>();
    private static final Map<String, List<String>> SQUADS = new LinkedHashMap<>();

    static {
        WORKFLOWS.put("restaurant-premium", List.of("restaurant", "restaurants", "brasserie", "bistrot", "réservation", "réservations", "table booking"));
        WORKFLOWS.put("coiffeur-express", List.of("coiffeur", "coiffeuse", "coiffure", "hair salon", "hairdresser", "barber", "salon", "rendez-vous", "appointments"));
        WORKFLOWS.put("artisan-pro", List.of("artisan", "craftsman", "menuisier", "plombier", "électricien", "plumber", "carpenter", "devis"));
        WORKFLOWS.put("complete-project-launch", List.of("launch", "go-live", "go live", "from scratch to production", "post-launch", "lancement"));
        WORKFLOWS.put("quality-gate", List.of("quality gate", "lint", "linter", "type check", "typecheck", "pre-commit", "code quality", "auto-fix", "autofix"));
        WORKFLOWS.put("bug-resolution", List.of("bug", "bugs", "bug report", "regression", "stack trace", "crash", "crashes", "broken", "fix the bug"));
        WORKFLOWS.put("full-stack-development", List.of("full stack", "full-stack", "fullstack", "web app", "web application", "saas", "application", "mvp", "end to end", "frontend and backend"));
        WORKFLOWS.put("api-development", List.of("api", "rest", "graphql", "openapi", "endpoint", "endpoints", "swagger"));
        WORKFLOWS.put("documentation-generation", List.of("documentation", "docs", "readme", "adr", "contributing", "guide", "document"));
        WORKFLOWS.put("performance-optimization", List.of("performance", "slow", "latency", "p95", "throughput", "optimize", "optimise", "faster", "bottleneck", "load test"));
        WORKFLOWS.put("cicd-setup", List.of("ci/cd", "cicd", "ci", "pipeline", "github actions", "gitlab", "deployment pipeline", "continuous integration", "continuous delivery"));
        WORKFLOWS.put("data-pipeline-setup", List.of("etl", "elt", "data pipeline", "warehouse", "ingestion", "airflow", "dbt", "data lake"));
        WORKFLOWS.put("ml-model-integration", List.of("ml", "machine learning", "model", "inference", "prediction", "mlops", "serving"));
        WORKFLOWS.put("security-audit", List.of("security", "vulnerability", "vulnerabilities", "audit", "owasp", "pentest", "cve", "sécurité"));
        WORKFLOWS.put("accessibility-compliance", List.of("accessibility", "a11y", "wcag", "screen reader", "accessibilité", "rgaa"));
        WORKFLOWS.put("feature-development", List.of("new feature", "feature request", "add a feature", "implement a feature", "user story", "acceptance criteria"));
        WORKFLOWS.put("refactoring", List.of("refactor", "refactoring", "code smell", "code smells", "technical debt", "tech debt", "clean up the code", "god class"));
        WORKFLOWS.put("migration", List.of("migration", "migrate", "migrating", "database migration", "schema migration", "framework upgrade", "upgrade the framework", "move to kubernetes"));
        WORKFLOWS.put("release-management", List.of("release", "releases", "changelog", "release notes", "version bump", "semver", "ship version", "rollback plan"));
        WORKFLOWS.put("incident-response", List.of("incident", "outage", "postmortem", "post-mortem", "sev1", "sev2", "on-call", "incident response"));
        WORKFLOWS.put("saas-mvp", List.of("saas mvp", "minimum viable product", "multi-tenant", "multi tenant", "new saas product"));
        WORKFLOWS.put("performance-audit", List.of("lighthouse", "web vitals", "core web vitals", "lcp", "cls", "inp", "bundle size", "bundle stats", "performance audit"));
        WORKFLOWS.put("scaling", List.of("scaling", "scale", "scale up", "scale out", "growth", "capacity", "autoscaling", "traffic growth", "10x", "readiness for growth"));
        SQUADS.put("business", List.of("prd", "kpi", "kpis", "copy", "landing page", "requirements", "business"));
        SQUADS.put("frontend", List.of("ui", "ux", "design system", "react", "component", "css", "tailwind", "wireframe"));
        SQUADS.put("backend", List.of("backend", "database", "query", "sql", "server"));
        SQUADS.put("data", List.of("dashboard", "schema", "bi", "analytics"));
        SQUADS.put("qa", List.of("test", "tests", "testing", "qa", "e2e"));
        SQUADS.put("devops", List.of("terraform", "kubernetes", "docker", "infrastructure", "monitoring", "deploy"));
        SQUADS.put("performance", List.of("profiling", "profile", "k6"));
        SQUADS.put("documentation", List.of("technical writing", "tutorial"));
        SQUADS.put("ai-ml", List.of("data scientist", "evaluation", "drift"));
        SQUADS.put("accessibility", List.of("aria", "contrast"));
    }

    private KeywordRouter() {
    }

    public static Suggestion suggest(String task) {
        String text = task == null ? "" : task.toLowerCase(Locale.ROOT);
        Suggestion best = null;
        int bestScore = 0;
        for (Map.Entry<String, List<String>> e : WORKFLOWS.entrySet()) {
            List<String> hits = hits(text, e.getValue());
            if (hits.size() > bestScore) {
                bestScore = hits.size();
                best = new Suggestion(Suggestion.Kind.WORKFLOW, e.getKey(), "matched: " + String.join(", ", hits),
                        Suggestion.Method.KEYWORDS);
            }
        }
        for (Map.Entry<String, List<String>> e : SQUADS.entrySet()) {
            List<String> hits = hits(text, e.getValue());
            if (hits.size() > bestScore) {
                bestScore = hits.size();
                best = new Suggestion(Suggestion.Kind.SQUAD, e.getKey(), "matched: " + String.join(", ", hits),
                        Suggestion.Method.KEYWORDS);
            }
        }
        return best != null ? best : new Suggestion(Suggestion.Kind.WORKFLOW, "full-stack-development",
                "no keyword matched; the most general workflow", Suggestion.Method.KEYWORDS);
    }

    private static List<String> hits(String text, List<String> keywords) {
        List<String> hits = new ArrayList<>();
        for (String k : keywords) {
            if (Pattern.compile("(^|[^\\p{L}\\p{N}])" + Pattern.quote(k) + "($|[^\\p{L}\\p{N}])").matcher(text).find()) hits.add(k);
        }
        return hits;
    }
}
