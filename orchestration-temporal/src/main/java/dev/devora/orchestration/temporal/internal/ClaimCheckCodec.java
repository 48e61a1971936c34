package dev.devora.orchestration.temporal.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.devora.orchestration.temporal.ClaimStore;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The claim-check codec: a payload whose serialised size is above the threshold is stored whole (metadata and
 * data) in the {@link ClaimStore} and replaced by a payload of encoding {@value #ENCODING} holding its key; decoding
 * reads it back. Smaller payloads pass unchanged.
 *
 * <pre>{@code
 * new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(new ClaimCheckCodec(store, 131072)));
 * }</pre>
 */
public final class ClaimCheckCodec implements PayloadCodec {
    /** The encoding of a payload that is a claim. */
    public static final String ENCODING = "devora/claim-check";
    private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

    private final ClaimStore store;
    private final int threshold;

    /**
     * A codec over a store.
     *
     * @param store     where large payloads go
     * @param threshold payloads larger than this many bytes are stored
     */
    public ClaimCheckCodec(ClaimStore store, int threshold) {
        this.store = store;
        this.threshold = threshold;
    }

    @Override
    public List<Payload> encode(List<Payload> payloads) {
        List<Payload> out = new ArrayList<>(payloads.size());
        for (Payload p : payloads) {
            if (p.getSerializedSize() <= threshold) {
                out.add(p);
                continue;
            }
            String key = store.put(p.toByteArray());
            out.add(Payload.newBuilder().putMetadata("encoding", ENCODING_BYTES)
                    .setData(ByteString.copyFrom(key, StandardCharsets.US_ASCII)).build());
        }
        return out;
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
        List<Payload> out = new ArrayList<>(payloads.size());
        for (Payload p : payloads) {
            if (!ENCODING_BYTES.equals(p.getMetadataOrDefault("encoding", ByteString.EMPTY))) {
                out.add(p);
                continue;
            }
            String key = p.getData().toString(StandardCharsets.US_ASCII);
            try {
                out.add(Payload.parseFrom(store.get(key)));
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw new PayloadCodecException("cannot read claimed payload " + key + " from " + store + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }
}
