package dev.devora.orchestration.openrouter;

import java.time.Duration;

/**
 * Waits between retries. Injected so tests need not sleep; the default blocks the calling thread and is
 * interruptible.
 *
 * <pre>{@code
 * List<Duration> waits = new ArrayList<>();
 * OpenRouterProvider.builder().apiKey(key).sleeper(waits::add).build();
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {
    /** Blocks with {@link Thread#sleep}. */
    Sleeper SYSTEM = delay -> Thread.sleep(delay.toMillis());

    /**
     * Blocks for {@code delay}.
     *
     * @param delay how long
     * @throws InterruptedException if the thread is interrupted meanwhile
     */
    void sleep(Duration delay) throws InterruptedException;
}
