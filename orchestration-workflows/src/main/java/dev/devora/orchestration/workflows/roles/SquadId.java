package dev.devora.orchestration.workflows.roles;

import java.util.Locale;

/**
 * The squads of the predefined workflows: the ten of the software workflows, and the website squad whose four
 * agents deliver the business templates (Restaurant Premium, Coiffeur Express, Artisan Pro).
 *
 * <pre>{@code
 * SquadId.BACKEND.id();          // "backend"
 * SquadId.fromId("ai-ml");       // AI_ML
 * }</pre>
 */
public enum SquadId {
    /** The Business Squad: turn an idea into requirements, measurable goals and words that sell it. */
    BUSINESS("Business Squad", "Turn an idea into requirements, measurable goals and words that sell it"),
    /** The Frontend Squad: design and build the user interface. */
    FRONTEND("Frontend Squad", "Design and build the user interface"),
    /** The Backend Squad: design the API contract and implement the server side. */
    BACKEND("Backend Squad", "Design the API contract and implement the server side"),
    /** The Data Squad: model, move and report on the data. */
    DATA("Data Squad", "Model, move and report on the data"),
    /** The QA Squad: plan, automate and judge the quality of a release, including its security. */
    QA("QA Squad", "Plan, automate and judge the quality of a release, including its security"),
    /** The DevOps Squad: provision, ship and operate the system. */
    DEVOPS("DevOps Squad", "Provision, ship and operate the system"),
    /** The Performance Squad: measure and improve speed, throughput and resource use. */
    PERFORMANCE("Performance Squad", "Measure and improve speed, throughput and resource use"),
    /** The Documentation Squad: write and review the documentation. */
    DOCUMENTATION("Documentation Squad", "Write and review the documentation"),
    /** The AI/ML Squad: validate models and take them to production. */
    AI_ML("AI/ML Squad", "Validate models and take them to production"),
    /** The Accessibility Squad: audit and fix accessibility against WCAG. */
    ACCESSIBILITY("Accessibility Squad", "Audit and fix accessibility against WCAG"),
    /** The Website Squad: design, build, automate and advertise a small business's website. */
    WEBSITE("Website Squad", "Design, build, automate and advertise a small business's website");

    private final String displayName;
    private final String mission;

    SquadId(String displayName, String mission) {
        this.displayName = displayName;
        this.mission = mission;
    }

    /**
     * The id used in catalogues and metrics, e.g. {@code "ai-ml"}.
     *
     * @return the kebab-case id
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The squad's display name, e.g. {@code "Backend Squad"}.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * What the squad is for, given to its lead.
     *
     * @return the mission
     */
    public String mission() {
        return mission;
    }

    /**
     * The squad with this id.
     *
     * @throws IllegalArgumentException naming the known ids
     * @param id the kebab-case id, compared ignoring case
     * @return the squad
     */
    public static SquadId fromId(String id) {
        for (SquadId s : values()) if (s.id().equalsIgnoreCase(id)) return s;
        StringBuilder known = new StringBuilder();
        for (SquadId s : values()) known.append(known.length() == 0 ? "" : ", ").append(s.id());
        throw new IllegalArgumentException("unknown squad '" + id + "' (known squads: " + known + ")");
    }
}
