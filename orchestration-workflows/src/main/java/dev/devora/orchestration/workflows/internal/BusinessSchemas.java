package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.workflows.roles.Role;
import dev.devora.orchestration.workflows.roles.Roles;

import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.number;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * The JSON each phase role of the business templates answers with (the same in the three templates), by role id,
 * with the schema's name.
 *
 * <pre>{@code
 * BusinessSchemas.Output design = BusinessSchemas.of(Roles.DESIGN_IA);   // "website_design", {maquettes, ...}
 * }</pre>
 */
public final class BusinessSchemas {
    /** A schema and the name the model is given for it. */
    public record Output(String name, JsonNode schema) {
    }

    private static final Map<String, Output> BY_ROLE = Map.of(
            Roles.DESIGN_IA.id(), new Output("website_design", object(
                    prop("maquettes", string("the mockups in Markdown, one ## heading per page: sections in order, "
                            + "their content and call to action, mobile first")),
                    prop("style_guide", string("palette (hex and use), typefaces, spacing and components, in Markdown")),
                    prop("assets", strings("one asset per item: what, purpose, format and size, supplied by the client or produced")))),
            Roles.CORE_PLATFORM.id(), new Output("website_pages", object(
                    prop("pages", Schema.files("every page of the site, paths relative to the site's root, e.g. index.html")),
                    prop("seo", strings("one line per page: path, title (≤ 60 characters), meta description (≤ 155 characters)")),
                    prop("integration_points", strings("one line per place where the automation phase's tool plugs in: page and element")))),
            Roles.AUTOMATION.id(), new Output("business_automation", object(
                    prop("workflows", array(object(
                            prop("name", string("the workflow, e.g. table reservation")),
                            prop("trigger", string("what starts it")),
                            prop("steps", strings("what happens, in order: checks, messages, to whom"))))),
                    prop("configuration", string("the tool's setup in Markdown: fields, rules, notification addresses")),
                    prop("messages", strings("one message per item, headed by when it is sent")))),
            Roles.ADS_MANAGEMENT.id(), new Output("launch_campaigns", object(
                    prop("campaigns", array(object(
                            prop("channel", string("local search ads, map listing, social ads, e-mail…")),
                            prop("audience", string("area, interests, age where relevant")),
                            prop("message", string("the message and its call to action, with the page it points to")),
                            prop("budget_eur", number("this campaign's share of the budget, in euros"))))),
                    prop("ad_texts", strings("one ready-to-paste ad text per item, within the channel's length limits")),
                    prop("calendar", string("the first four weeks, in Markdown")),
                    prop("measures", string("what to follow, each measure's target and what to change when missed, in Markdown")))));

    private BusinessSchemas() {
    }

    /**
     * The output of a phase role.
     *
     * @throws IllegalArgumentException for a role that is not one of the four
     */
    public static Output of(Role role) {
        Output o = BY_ROLE.get(role.id());
        if (o == null) throw new IllegalArgumentException("role '" + role.id() + "' is not a business template phase role");
        return o;
    }
}
