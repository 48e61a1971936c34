/**
 * The command-line runner of the predefined workflows ({@code devora-run.jar}): argument parsing
 * ({@link dev.devora.orchestration.examples.runner.RunnerArgs}), input files and bundled samples, provider
 * selection, the live or plain progress display, the dry-run plan, the summary table and the explanation of
 * failures. Entry point: {@link dev.devora.orchestration.examples.runner.DevoraRun}.
 */
package dev.devora.orchestration.examples.runner;
