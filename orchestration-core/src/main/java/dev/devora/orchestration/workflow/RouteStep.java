package dev.devora.orchestration.workflow;

import dev.devora.orchestration.agent.Agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An LLM router: an agent reads the prompt and the list of named options, answers with one name, and the engine
 * runs that option's step. An answer that names no option falls back to the default route if one is set, and
 * fails the step otherwise. The step's output is the chosen option's; the choice is reported by a
 * {@code BranchChosen} event. Inside the options, {@code {{routeId}}} is the router's answer (its choice and any
 * reasoning it gave), so the chosen expert can see why it was chosen; after the step, it is the chosen option's
 * output.
 *
 * <pre>{@code
 * Steps.route("design", router)
 *      .prompt("Which API style fits {{input.requirements}}?")
 *      .option("rest", "a REST API described by OpenAPI 3.1", restDesign)
 *      .option("graphql", "a GraphQL API described by an SDL schema",
 *              Steps.agent("sdl", architect).prompt("Write the SDL. Why GraphQL: {{design}}"))
 *      .defaultRoute("rest");
 * }</pre>
 *
 * @param id           step id
 * @param router       the agent that chooses
 * @param prompt       the routing prompt template
 * @param routes       the named options (at least one)
 * @param defaultRoute name of the option taken when the answer names none; or null to fail instead
 */
public record RouteStep(String id, Agent router, String prompt, List<Route> routes, String defaultRoute)
        implements Step {

    /**
     * A named option.
     *
     * @param name        the name the router answers with
     * @param description what the option is for, shown to the router
     * @param step        the step run when the option is chosen
     */
    public record Route(String name, String description, Step step) {
        /**
         * Checks that the name is not null; normalises a null description to "".
         *
         * @param name        the name the router answers with
         * @param description what the option is for, shown to the router
         * @param step        the step run when the option is chosen /
         */
        public Route {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
        }
    }

    /**
     * Copies the options (null gives none, which {@code build()} reports).
     *
     * @param id           step id
     * @param router       the agent that chooses
     * @param prompt       the routing prompt template
     * @param routes       the named options (at least one)
     * @param defaultRoute name of the option taken when the answer names none; or null to fail instead /
     */
    public RouteStep {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /**
     * This router with another routing prompt.
     *
     * @param template the prompt template
     * @return a new step
     */
    public RouteStep prompt(String template) {
        return new RouteStep(id, router, template, routes, defaultRoute);
    }

    /**
     * This router with one more option.
     *
     * @param name        the name the router answers with
     * @param description what the option is for, shown to the router
     * @param step        the step run when the option is chosen
     * @return a new step
     */
    public RouteStep option(String name, String description, Step step) {
        List<Route> more = new ArrayList<>(routes);
        more.add(new Route(name, description, step));
        return new RouteStep(id, router, prompt, more, defaultRoute);
    }

    /**
     * This router with a default option, taken when the answer names none.
     *
     * @param name the option's name
     * @return a new step
     */
    public RouteStep defaultRoute(String name) {
        return new RouteStep(id, router, prompt, routes, name);
    }

    @Override
    public List<Step> children() {
        List<Step> all = new ArrayList<>(routes.size());
        for (Route r : routes) if (r.step() != null) all.add(r.step());
        return all;
    }

    @Override
    public String kind() {
        return "route";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitRoute(this);
    }
}
