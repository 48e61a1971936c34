package dev.devora.orchestration.tool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named group of tools to share between agents (a workspace, an MCP server's tools…), in the order they were
 * added; tool names are unique within it.
 *
 * <pre>{@code
 * Toolbox code = Toolbox.of("code", readFile, searchText);
 * Toolbox all = Toolbox.builder("auditor").addAll(code).add(openIssue).build();
 * }</pre>
 */
public final class Toolbox {
    private final String name;
    private final Map<String, Tool> tools;

    private Toolbox(String name, Map<String, Tool> tools) {
        this.name = name;
        this.tools = Collections.unmodifiableMap(tools);
    }

    /**
     * A toolbox of these tools.
     *
     * @param name  what the group is, for messages
     * @param tools the tools
     * @return the toolbox
     * @throws IllegalArgumentException if two tools have the same name
     */
    public static Toolbox of(String name, Tool... tools) {
        Builder b = builder(name);
        for (Tool t : tools) b.add(t);
        return b.build();
    }

    /**
     * A builder.
     *
     * @param name what the group is, for messages
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * The group's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The tools, in the order they were added.
     *
     * @return the tools
     */
    public List<Tool> tools() {
        return List.copyOf(tools.values());
    }

    /**
     * A tool by its name.
     *
     * @param toolName the name
     * @return the tool, if the toolbox has it
     */
    public Optional<Tool> find(String toolName) {
        return Optional.ofNullable(tools.get(toolName));
    }

    @Override
    public String toString() {
        return "Toolbox[" + name + ": " + tools.keySet() + "]";
    }

    /** Builder of {@link Toolbox}. */
    public static final class Builder {
        private final String name;
        private final Map<String, Tool> tools = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Adds a tool.
         *
         * @param tool the tool
         * @return this builder
         * @throws IllegalArgumentException if a tool of that name is there already, its name is not a valid tool name, or
         *                                  it has no definition
         */
        public Builder add(Tool tool) {
            Objects.requireNonNull(tool, "tool");
            if (tool.definition() == null) {
                throw new IllegalArgumentException("tool " + tool + " has no definition: definition() returned null");
            }
            String toolName = tool.definition().name();
            Tools.checkName(toolName);
            if (tools.putIfAbsent(toolName, tool) != null) {
                throw new IllegalArgumentException("toolbox '" + name + "' has two tools named '" + toolName + "'");
            }
            return this;
        }

        /**
         * Adds every tool of another toolbox.
         *
         * @param other the toolbox
         * @return this builder
         * @throws IllegalArgumentException if a name repeats
         */
        public Builder addAll(Toolbox other) {
            for (Tool t : other.tools()) add(t);
            return this;
        }

        /**
         * Builds the toolbox.
         *
         * @return the toolbox
         */
        public Toolbox build() {
            return new Toolbox(name, new LinkedHashMap<>(tools));
        }
    }

    /**
     * The tools of several toolboxes, names checked unique across them.
     *
     * @param name  the combined group's name
     * @param boxes the toolboxes
     * @return one toolbox
     * @throws IllegalArgumentException if a name repeats
     */
    public static Toolbox merge(String name, List<Toolbox> boxes) {
        Builder b = builder(name);
        for (Toolbox box : new ArrayList<>(boxes)) b.addAll(box);
        return b.build();
    }
}
