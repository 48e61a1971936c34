/**
 * Implementation of the OpenRouter provider: request and response mapping, the SSE reader, error mapping,
 * retry-after parsing, transport and resilience. Not API: may change without notice.
 */
package dev.devora.orchestration.openrouter.internal;
