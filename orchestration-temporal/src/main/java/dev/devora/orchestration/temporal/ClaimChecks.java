package dev.devora.orchestration.temporal;

import dev.devora.orchestration.temporal.internal.ClaimCheckCodec;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;

import java.util.List;
import java.util.Objects;

/**
 * Keeps large outputs out of Temporal's history: a data converter whose payloads above a size are stored in a
 * {@link ClaimStore} and replaced in the history by their key (the claim-check pattern), read back wherever a worker
 * or client decodes them, a replay included. Long transcripts, big generated files and large tool results then stay
 * under Temporal's limits (2 MB per payload, 50 MB per history by default). Give the same converter to every
 * client and worker of the namespace (through {@code WorkflowClientOptions}), and the same store.
 *
 * <pre>{@code
 * DataConverter converter = ClaimChecks.dataConverter(ClaimStore.directory(Path.of("/mnt/claims")), 128 * 1024);
 * WorkflowClient client = WorkflowClient.newInstance(service,
 *         WorkflowClientOptions.newBuilder().setDataConverter(converter).build());
 * }</pre>
 */
public final class ClaimChecks {
    /** The default threshold: payloads above 128 KiB go to the store. */
    public static final int DEFAULT_THRESHOLD_BYTES = 128 * 1024;

    private ClaimChecks() {
    }

    /**
     * Temporal's default data converter with payloads above {@code thresholdBytes} in {@code store}.
     *
     * @param store          where large payloads go
     * @param thresholdBytes payloads larger than this (serialised) are stored; at least 1 KiB
     * @return the converter
     * @throws IllegalArgumentException when the threshold is below 1 KiB
     */
    public static DataConverter dataConverter(ClaimStore store, int thresholdBytes) {
        Objects.requireNonNull(store, "store");
        if (thresholdBytes < 1024) {
            throw new IllegalArgumentException("thresholdBytes must be at least 1024, was " + thresholdBytes);
        }
        return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(),
                List.of(new ClaimCheckCodec(store, thresholdBytes)));
    }

    /**
     * Temporal's default data converter with payloads above {@link #DEFAULT_THRESHOLD_BYTES} in {@code store}.
     *
     * @param store where large payloads go
     * @return the converter
     */
    public static DataConverter dataConverter(ClaimStore store) {
        return dataConverter(store, DEFAULT_THRESHOLD_BYTES);
    }
}
