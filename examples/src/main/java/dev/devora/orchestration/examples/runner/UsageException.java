package dev.devora.orchestration.examples.runner;

/**
 * The command line or its input cannot be used: an unknown option, a missing value, an unknown workflow, an
 * input file that is missing, malformed or invalid. The message says what is wrong and how to fix it; the runner
 * prints it and exits with status 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
