package dev.devora.orchestration.workflows.roles;

import java.util.Locale;

/**
 * The ten squads of the predefined workflows.
 *
 * <pre>{@code
 * SquadId.BACKEND.id();          // "backend"
 * SquadId.fromId("ai-ml");       // AI_ML
 * }</pre>
 */
public enum SquadId {
    BUSINESS("Business Squad", "Turn an idea into requirements, measurable goals and words that sell it"),
    FRONTEND("Frontend Squad", "Design and build the user interface"),
    BACKEND("Backend Squad", "Design the API contract and implement the server side"),
    DATA("Data Squad", "Model, move and report on the data"),
    QA("QA Squad", "Plan, automate and judge the quality of a release, including its security"),
    DEVOPS("DevOps Squad", "Provision, ship and operate the system"),
    PERFORMANCE("Performance Squad", "Measure and improve speed, throughput and resource use"),
    DOCUMENTATION("Documentation Squad", "Write and review the documentation"),
    AI_ML("AI/ML Squad", "Validate models and take them to production"),
    ACCESSIBILITY("Accessibility Squad", "Audit and fix accessibility against WCAG");

    private final String displayName;
    private final String mission;

    SquadId(String displayName, String mission) {
        this.displayName = displayName;
        this.mission = mission;
    }

    /** The id used in catalogues and metrics, e.g. {@code "ai-ml"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String displayName() {
        return displayName;
    }

    public String mission() {
        return mission;
    }

    /**
     * The squad with this id.
     *
     * @throws IllegalArgumentException naming the known ids
     */
    public static SquadId fromId(String id) {
        for (SquadId s : values()) if (s.id().equalsIgnoreCase(id)) return s;
        StringBuilder known = new StringBuilder();
        for (SquadId s : values()) known.append(known.length() == 0 ? "" : ", ").append(s.id());
        throw new IllegalArgumentException("unknown squad '" + id + "' (known squads: " + known + ")");
    }
}
