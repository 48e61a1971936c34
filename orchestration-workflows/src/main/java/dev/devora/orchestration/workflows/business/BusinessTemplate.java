package dev.devora.orchestration.workflows.business;

import dev.devora.orchestration.workflows.roles.Roles;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The three business templates: a small business's website delivered by four agents. The design phase comes first;
 * the site and the sector's automation (reservations, appointments, quotes) then run in parallel, as both only need
 * the design; the advertising phase comes last, after both. Each phase has its planned time.
 *
 * <table>
 *   <caption>Templates and phases (planned minutes)</caption>
 *   <tr><th>id</th><th>design</th><th>site</th><th>automation</th><th>ads</th><th>total</th></tr>
 *   <tr><td>restaurant-premium</td><td>8</td><td>5</td><td>7 (reservations)</td><td>5</td><td>25</td></tr>
 *   <tr><td>coiffeur-express</td><td>6</td><td>4</td><td>6 (appointments)</td><td>4</td><td>20</td></tr>
 *   <tr><td>artisan-pro</td><td>7</td><td>5</td><td>6 (quotes)</td><td>4</td><td>22</td></tr>
 * </table>
 *
 * <pre>{@code
 * BusinessTemplate t = BusinessTemplate.byId("restaurant-premium");
 * t.plannedTotal();     // PT25M, the phases' times added up
 * t.plannedElapsed();   // PT20M, with the two middle phases overlapping
 * for (BusinessPhase p : t.phases()) System.out.println(p.stepId() + " " + p.planned());
 * PredefinedWorkflow w = Workflows.byId(t.id(), llm);
 * }</pre>
 */
public enum BusinessTemplate {
    /** Restaurant Premium ({@code restaurant-premium}): mockups 8 min, site 5 and reservations 7, local campaign 5. */
    RESTAURANT_PREMIUM("restaurant-premium", "Restaurant Premium", Secteur.RESTAURANT,
            "Deliver a restaurant's website in 25 minutes: mockups, then the site and the reservation workflows in "
                    + "parallel, then a local advertising campaign",
            phases(8, "Mockups", "design", 5, "Restaurant site", "site", 7, "Reservation workflows", "reservations",
                    5, "Local campaign", "local_campaign")),
    /** Coiffeur Express ({@code coiffeur-express}): elegant design 6 min, showcase site 4 and appointments 6, beauty marketing 4. */
    COIFFEUR_EXPRESS("coiffeur-express", "Coiffeur Express", Secteur.COIFFEUR,
            "Deliver a hair salon's website in 20 minutes: an elegant design, then the showcase site and online "
                    + "appointments in parallel, then beauty marketing",
            phases(6, "Elegant design", "design", 4, "Showcase site", "site", 6, "Online appointments", "appointments",
                    4, "Beauty marketing", "beauty_marketing")),
    /** Artisan Pro ({@code artisan-pro}): authentic design 7 min, portfolio site 5 and quote system 6, B2B/B2C marketing 4. */
    ARTISAN_PRO("artisan-pro", "Artisan Pro", Secteur.ARTISAN,
            "Deliver a craftsman's website in 22 minutes: an authentic design, then the portfolio site and the quote "
                    + "system in parallel, then B2B and B2C marketing",
            phases(7, "Authentic design", "design", 5, "Portfolio site", "site", 6, "Quote system", "quotes",
                    4, "B2B/B2C marketing", "marketing"));

    /** The step id of the parallel step holding the site and automation phases. */
    public static final String DEVELOPMENT_STEP = "development";

    private final String id;
    private final String displayName;
    private final Secteur secteur;
    private final String description;
    private final List<BusinessPhase> phases;

    BusinessTemplate(String id, String displayName, Secteur secteur, String description, List<BusinessPhase> phases) {
        this.id = id;
        this.displayName = displayName;
        this.secteur = secteur;
        this.description = description;
        this.phases = phases;
    }

    private static List<BusinessPhase> phases(int designMin, String designTitle, String designPath,
                                              int siteMin, String siteTitle, String sitePath,
                                              int automationMin, String automationTitle, String automationPath,
                                              int adsMin, String adsTitle, String adsPath) {
        return List.of(
                new BusinessPhase("design", designTitle, Roles.DESIGN_IA, Duration.ofMinutes(designMin), designPath),
                new BusinessPhase("platform", siteTitle, Roles.CORE_PLATFORM, Duration.ofMinutes(siteMin), sitePath),
                new BusinessPhase("automation", automationTitle, Roles.AUTOMATION, Duration.ofMinutes(automationMin), automationPath),
                new BusinessPhase("ads", adsTitle, Roles.ADS_MANAGEMENT, Duration.ofMinutes(adsMin), adsPath));
    }

    /**
     * The workflow id.
     *
     * @return e.g. {@code "restaurant-premium"}
     */
    public String id() {
        return id;
    }

    /**
     * The display name.
     *
     * @return e.g. {@code "Restaurant Premium"}
     */
    public String displayName() {
        return displayName;
    }

    /**
     * The sector it serves (the only value its {@code secteur} input takes).
     *
     * @return the sector
     */
    public Secteur secteur() {
        return secteur;
    }

    /**
     * What it delivers, in one sentence.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The four phases in order: design, the site and the automation (run in parallel, in this order in the
     * parallel step {@value #DEVELOPMENT_STEP}), then the advertising.
     *
     * @return the phases, unmodifiable
     */
    public List<BusinessPhase> phases() {
        return phases;
    }

    /**
     * A phase by its step id.
     *
     * @param stepId {@code design}, {@code platform}, {@code automation} or {@code ads}
     * @return the phase
     * @throws IllegalArgumentException naming the step ids
     */
    public BusinessPhase phase(String stepId) {
        for (BusinessPhase p : phases) if (p.stepId().equals(stepId)) return p;
        throw new IllegalArgumentException("template '" + id + "' has no phase '" + stepId + "' (phases: "
                + String.join(", ", phases.stream().map(BusinessPhase::stepId).toList()) + ")");
    }

    /**
     * The phases' planned times added up, the template's advertised total (25, 20 and 22 minutes).
     *
     * @return the sum of every phase's planned time
     */
    public Duration plannedTotal() {
        return phases.stream().map(BusinessPhase::planned).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * The planned time from start to end when the site and the automation overlap: design + the longer of the two +
     * advertising (20, 16 and 17 minutes).
     *
     * @return the planned elapsed time
     */
    public Duration plannedElapsed() {
        Duration site = phase("platform").planned();
        Duration automation = phase("automation").planned();
        return phase("design").planned().plus(site.compareTo(automation) >= 0 ? site : automation).plus(phase("ads").planned());
    }

    /**
     * The template with this workflow id.
     *
     * @param id e.g. {@code "coiffeur-express"}
     * @return the template
     * @throws IllegalArgumentException naming the known ids
     */
    public static BusinessTemplate byId(String id) {
        for (BusinessTemplate t : values()) if (t.id.equals(id)) return t;
        throw new IllegalArgumentException("unknown business template '" + id + "' (known: restaurant-premium, "
                + "coiffeur-express, artisan-pro)");
    }

    /**
     * The template of a sector, as an order's {@code secteur} chooses it.
     *
     * @param secteur the sector; not null
     * @return its template
     */
    public static BusinessTemplate forSecteur(Secteur secteur) {
        Objects.requireNonNull(secteur, "secteur");
        for (BusinessTemplate t : values()) if (t.secteur == secteur) return t;
        throw new IllegalStateException("no template for " + secteur); // every sector has one
    }
}
