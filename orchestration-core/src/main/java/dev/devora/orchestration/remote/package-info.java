/**
 * Remote agents: separate services that accept a task and report back (seed 004). So far the receiving end,
 * {@link dev.devora.orchestration.remote.RemoteCallbacks}; work in progress (issue 11).
 */
package dev.devora.orchestration.remote;
