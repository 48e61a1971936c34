/**
 * The provider SPI: {@link dev.devora.orchestration.llm.LlmProvider} and the request, response, usage and error
 * types every provider shares. Implementations live in their own modules (e.g. {@code orchestration-openrouter});
 * tests use the scripted provider from the core's test fixtures.
 */
package dev.devora.orchestration.llm;
