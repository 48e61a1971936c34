/**
 * A workspace toolset: tools that let an agent's model list, read, search and (opted in) write the files of one
 * folder, confined to it and bounded in what they read; and, as a separate opt-in,
 * {@link dev.devora.orchestration.tool.workspace.WorkspaceCommands}: running commands allowed by name in it.
 *
 * <pre>{@code
 * Toolbox tools = Workspace.readOnly(Path.of("/src/shop")).toolbox();
 * }</pre>
 */
package dev.devora.orchestration.tool.workspace;
