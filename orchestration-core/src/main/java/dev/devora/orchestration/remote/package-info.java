/**
 * Remote agents: separate services that accept a task and report back (seed 004).
 * {@link dev.devora.orchestration.remote.RemoteAgent} sends the task and waits for the report (or takes the answer
 * from the response, synchronously), with retries, a circuit breaker and a fallback agent;
 * {@link dev.devora.orchestration.remote.RemoteCallbacks} receives the reports for any HTTP server, and
 * {@link dev.devora.orchestration.remote.RemoteCallbackServer} is a ready one on the JDK's HTTP server. The
 * {@code internal} subpackage is machinery, not API.
 */
package dev.devora.orchestration.remote;
