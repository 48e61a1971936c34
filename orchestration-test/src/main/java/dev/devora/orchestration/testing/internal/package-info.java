/**
 * Machinery of the offline providers (not API): the schema sampler behind
 * {@link dev.devora.orchestration.testing.SimulatedProvider}.
 */
package dev.devora.orchestration.testing.internal;
