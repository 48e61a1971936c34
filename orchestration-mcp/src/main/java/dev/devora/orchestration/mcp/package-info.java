/**
 * MCP (Model Context Protocol) client: {@link dev.devora.orchestration.mcp.McpToolbox} offers an MCP server's
 * tools to agents as a core {@link dev.devora.orchestration.tool.Toolbox}.
 */
package dev.devora.orchestration.mcp;
