package dev.devora.orchestration.agent;

import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named team with a mission: members and an optional lead. A squad becomes a step: members in parallel then the
 * lead integrates ({@link #parallelStep}), or members in sequence ({@link #sequentialStep}). Its members' steps are
 * tagged with the squad's id, so metrics add up per squad.
 *
 * <pre>{@code
 * Squad frontend = Squad.builder("frontend")
 *         .name("Frontend Squad")
 *         .mission("Design and build the user interface")
 *         .member(uxDesigner).member(frontendDev).member(cssSpecialist)
 *         .lead(frontendDev)
 *         .build();
 * Step design = Steps.squad("design", frontend, "Design the UI for {{prd}}");
 * }</pre>
 *
 * @param id      squad id, e.g. {@code "frontend"}
 * @param name    display name
 * @param mission what the squad is for, given to the lead
 * @param members the members (at least one, unique names)
 * @param lead    the agent that integrates the members' work; or null
 */
public record Squad(String id, String name, String mission, List<Agent> members, Agent lead) {
    /**
     * Defaults the name to the id and the mission to "", copies the members and checks them.
     *
     * @throws IllegalArgumentException if there is no member or two members share a name
     * @param id      squad id, e.g. {@code "frontend"}
     * @param name    display name
     * @param mission what the squad is for, given to the lead
     * @param members the members (at least one, unique names)
     * @param lead    the agent that integrates the members' work; or null /
     */
    public Squad {
        Objects.requireNonNull(id, "id");
        name = name == null ? id : name;
        mission = mission == null ? "" : mission;
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        if (members.isEmpty()) throw new IllegalArgumentException("squad '" + id + "' has no members");
        Set<String> names = new HashSet<>();
        for (Agent a : members) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("squad '" + id + "' has two members named '" + a.name() + "'");
            }
        }
    }

    /**
     * Starts a squad with the given id.
     *
     * @param id the squad id, used as the tag of its members' steps
     * @return a builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * A member by name.
     *
     * @param agentName the member's name
     * @return the member, or empty
     */
    public java.util.Optional<Agent> member(String agentName) {
        return members.stream().filter(a -> a.name().equals(agentName)).findFirst();
    }

    /**
     * Members in parallel on {@code prompt}, then the lead integrates (when there is one).
     *
     * @param stepId the id of the step returned; members' steps are {@code stepId-member}, the lead's {@code
     *     stepId-lead}
     * @param prompt the prompt each member gets
     * @return the step
     */
    public Step parallelStep(String stepId, String prompt) {
        List<Step> work = new ArrayList<>();
        for (Agent member : members) {
            work.add(Steps.agent(stepId + "-" + member.name(), member).prompt(prompt).squad(id));
        }
        Step parallel = Steps.parallel(lead == null ? stepId : stepId + "-members", work);
        if (lead == null) return parallel;
        StringBuilder integrate = new StringBuilder();
        integrate.append("You lead the ").append(name).append('.');
        if (!mission.isBlank()) integrate.append(" Mission: ").append(mission.strip());
        integrate.append("\n\nThe task was:\n").append(prompt)
                .append("\n\nIntegrate your squad's work below into one coherent deliverable: resolve contradictions, "
                        + "remove duplication, keep every concrete detail.");
        for (Agent member : members) {
            integrate.append("\n\n## Work of ").append(member.name()).append("\n{{").append(stepId).append('-')
                    .append(member.name()).append("}}");
        }
        AgentStep leadStep = Steps.agent(stepId + "-lead", lead).prompt(integrate.toString()).squad(id);
        return Steps.sequence(stepId, parallel, leadStep);
    }

    /**
     * Members one after the other, each given the previous member's output.
     *
     * @param stepId the id of the step returned; members' steps are {@code stepId-member}
     * @param prompt the prompt of the first member, repeated to the others with the previous member's output
     * @return the step
     */
    public Step sequentialStep(String stepId, String prompt) {
        List<Step> chain = new ArrayList<>();
        String previous = null;
        for (Agent member : members) {
            String memberId = stepId + "-" + member.name();
            String text = previous == null ? prompt
                    : prompt + "\n\nBuild on the work of " + previous + ":\n{{" + stepId + "-" + previous + "}}";
            chain.add(Steps.agent(memberId, member).prompt(text).squad(id));
            previous = member.name();
        }
        return Steps.sequence(stepId, chain);
    }

    /** Builder for {@link Squad}. */
    public static final class Builder {
        private final String id;
        private String name;
        private String mission;
        private final List<Agent> members = new ArrayList<>();
        private Agent lead;

        private Builder(String id) {
            this.id = id;
        }

        /**
         * The display name; default the id.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) { this.name = name; return this; }
        /**
         * What the squad is for, given to the lead; default "".
         *
         * @param mission the mission
         * @return this builder
         */
        public Builder mission(String mission) { this.mission = mission; return this; }
        /**
         * Adds a member; at least one is required.
         *
         * @param agent the member, not null
         * @return this builder
         */
        public Builder member(Agent agent) { members.add(Objects.requireNonNull(agent, "agent")); return this; }
        /**
         * The agent that integrates the members' work; default none (the members' outputs stay separate).
         *
         * @param agent the lead
         * @return this builder
         */
        public Builder lead(Agent agent) { this.lead = agent; return this; }

        /**
         * Builds the squad.
         *
         * @return the squad
         * @throws IllegalArgumentException if there is no member or two members share a name
         */
        public Squad build() {
            return new Squad(id, name, mission, members, lead);
        }
    }
}
