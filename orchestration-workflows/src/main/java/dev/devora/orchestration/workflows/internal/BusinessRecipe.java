package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.business.BusinessAgents;
import dev.devora.orchestration.workflows.business.BusinessPhase;
import dev.devora.orchestration.workflows.business.BusinessTemplate;
import dev.devora.orchestration.workflows.business.Priorite;
import dev.devora.orchestration.workflows.business.Secteur;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The business templates (Restaurant Premium, Coiffeur Express, Artisan Pro), one recipe per
 * {@link BusinessTemplate}: design → the site and the sector's automation in parallel → advertising, each phase an
 * agent step whose agent {@link BusinessAgents#forRole} chooses, and whose output is one deliverable.
 *
 * <pre>{@code
 * Workflow w = BusinessRecipe.of(BusinessTemplate.COIFFEUR_EXPRESS).build(kit, spec);
 * }</pre>
 */
public final class BusinessRecipe implements Recipe {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SQUAD = SquadId.WEBSITE.id();
    private static final Map<BusinessTemplate, BusinessRecipe> BY_TEMPLATE = new LinkedHashMap<>();

    static {
        for (BusinessTemplate t : BusinessTemplate.values()) BY_TEMPLATE.put(t, new BusinessRecipe(t));
    }

    private final BusinessTemplate template;
    private final InputSpec input;

    private BusinessRecipe(BusinessTemplate template) {
        this.template = template;
        this.input = InputSpec.builder()
                .field(InputField.optional("demande_id", FieldType.STRING, "the id of the customer's order, a UUID"))
                .field(InputField.optional("secteur", FieldType.STRING, "the business sector; this template serves "
                        + template.secteur().id()).allowing(Arrays.stream(Secteur.values()).map(Secteur::id).toArray(String[]::new)).withDefault(NODES.textNode(template.secteur().id())))
                .required("budget", FieldType.NUMBER, "the order's budget in euros, e.g. 399; more than 0")
                .field(InputField.optional("priorite", FieldType.STRING, "the order's priority").allowing(Arrays.stream(Priorite.values()).map(Priorite::id).toArray(String[]::new))
                        .withDefault(NODES.textNode(Priorite.NORMALE.id())))
                .field(InputField.optional("metadonnees", FieldType.OBJECT, "what the agents should know about the "
                        + "business: name, address, phone, opening hours, services, tone…").withDefault(NODES.objectNode()))
                .build();
    }

    /** The recipe of a template. */
    public static BusinessRecipe of(BusinessTemplate template) {
        return BY_TEMPLATE.get(template);
    }

    /** The three recipes, in template order. */
    public static List<Recipe> all() {
        return List.copyOf(BY_TEMPLATE.values());
    }

    /** The template this recipe builds. */
    public BusinessTemplate template() {
        return template;
    }

    @Override public String id() { return template.id(); }
    @Override public String name() { return template.displayName(); }
    @Override public String description() { return template.description(); }
    @Override public List<SquadId> squads() { return List.of(SquadId.WEBSITE); }
    @Override public InputSpec input() { return input; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode in) {
        List<ValidationProblem> problems = new ArrayList<>();
        JsonNode secteur = in.path("secteur");
        String own = template.secteur().id();
        if (secteur.isTextual() && !secteur.asText().equalsIgnoreCase(own)) {
            String other = Arrays.stream(Secteur.values()).filter(s -> s.id().equalsIgnoreCase(secteur.asText()))
                    .map(s -> " (" + BusinessTemplate.forSecteur(s).id() + " serves it)").findFirst().orElse("");
            problems.add(new ValidationProblem("input.secteur", "must be " + own + " for " + id() + ", was "
                    + InputChecks.shown(secteur) + other));
        }
        JsonNode budget = in.path("budget");
        if (budget.isNumber() && budget.decimalValue().compareTo(BigDecimal.ZERO) <= 0) {
            problems.add(new ValidationProblem("input.budget", "must be more than 0 (euros), was " + budget.asText()));
        }
        JsonNode demande = in.path("demande_id");
        if (demande.isTextual() && !isUuid(demande.asText())) {
            problems.add(new ValidationProblem("input.demande_id", "must be a UUID, e.g. "
                    + "0b6f7c1e-3d2a-4f57-9a61-2f0c9b1d8e44, was " + InputChecks.shown(demande)));
        }
        return problems;
    }

    private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static boolean isUuid(String s) {
        if (!s.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) return false;
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        AgentEndpoints endpoints = kit.endpoints();
        List<AgentStep> steps = new ArrayList<>();
        for (BusinessPhase p : template.phases()) {
            steps.add(Steps.agent(p.stepId(), BusinessAgents.forRole(p.role(), endpoints, kit.provider(), kit.config()))
                    .squad(SQUAD).prompt(prompts.get(p.stepId())));
        }
        Workflow.Builder b = Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(steps.get(0), Steps.parallel(BusinessTemplate.DEVELOPMENT_STEP, steps.get(1), steps.get(2)), steps.get(3));
        for (BusinessPhase p : template.phases()) {
            b.deliverable(p.deliverable(), p.stepId());
            b.sla(p.stepId(), p.planned()); // the seed's planned time of each phase is its SLA
        }
        // the parallel phase as a whole: its longer branch's planned time
        b.sla(BusinessTemplate.DEVELOPMENT_STEP, max(template.phases().get(1).planned(), template.phases().get(2).planned()));
        return b.build();
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        List<BusinessPhase> phases = template.phases();
        d.put(phases.get(0).deliverable(), phases.get(0).title() + ": {maquettes (Markdown, a section per page), style_guide, assets}");
        d.put(phases.get(1).deliverable(), phases.get(1).title() + ": {pages [{path, language, content}], seo, integration_points}");
        d.put(phases.get(2).deliverable(), phases.get(2).title() + ": {workflows [{name, trigger, steps}], configuration, messages}");
        d.put(phases.get(3).deliverable(), phases.get(3).title() + ": {campaigns [{channel, audience, message, budget_eur}], ad_texts, calendar, measures}");
        return d;
    }

    @Override
    public String notes() {
        StringBuilder sb = new StringBuilder("One agent per phase, of the website squad. The design comes first; the site and the ")
                .append(template.phase("automation").title().toLowerCase(java.util.Locale.ROOT))
                .append(" then run in parallel (step `").append(BusinessTemplate.DEVELOPMENT_STEP)
                .append("`), as both only need the design; the advertising comes last and reads what both made. ")
                .append("Planned times (`BusinessTemplate.phases()`): ");
        List<String> times = new ArrayList<>();
        for (BusinessPhase p : template.phases()) {
            times.add("`" + p.stepId() + "` (" + p.role().id() + ", " + p.title().toLowerCase(java.util.Locale.ROOT) + ") "
                    + p.planned().toMinutes() + " min");
        }
        sb.append(String.join(", ", times)).append("; ").append(template.plannedTotal().toMinutes())
                .append(" min in all, ").append(template.plannedElapsed().toMinutes())
                .append(" min from start to end as the two middle phases overlap.");
        return sb.toString();
    }
}
