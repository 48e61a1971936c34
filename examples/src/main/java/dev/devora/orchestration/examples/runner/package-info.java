/**
 * The command-line runner of the predefined workflows ({@code devora-run.jar}): argument parsing
 * ({@link dev.devora.orchestration.examples.runner.RunnerArgs}), input files and bundled samples, provider
 * selection, the live or plain progress display, the dry-run plan, the summary table and the explanation of
 * failures; the run store, its list ({@code --runs}), resumption ({@code --resume}) and the run locks; record and
 * replay of model calls. Entry point: {@link dev.devora.orchestration.examples.runner.DevoraRun}.
 */
package dev.devora.orchestration.examples.runner;
