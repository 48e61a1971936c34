/**
 * Tools an agent's model may call: {@link dev.devora.orchestration.tool.Tool}, plain-Java tools from typed records
 * ({@link dev.devora.orchestration.tool.Tools#of}) and shared groups of them
 * ({@link dev.devora.orchestration.tool.Toolbox}).
 */
package dev.devora.orchestration.tool;
