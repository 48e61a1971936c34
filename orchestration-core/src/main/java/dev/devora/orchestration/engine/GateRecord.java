package dev.devora.orchestration.engine;

import dev.devora.orchestration.gate.GateVerdict;

/**
 * One evaluation of a gate, kept in the result's gate history.
 *
 * <pre>{@code
 * result.gateHistory().forEach(g -> System.out.println(g.path() + " #" + g.attempt() + ": " + g.verdict().score()));
 * }</pre>
 *
 * @param path    path of the gate or loop step
 * @param attempt 1-based attempt (or loop iteration) it scored
 * @param verdict the verdict
 */
public record GateRecord(String path, int attempt, GateVerdict verdict) {
}
