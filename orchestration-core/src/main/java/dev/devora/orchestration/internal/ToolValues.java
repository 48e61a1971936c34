package dev.devora.orchestration.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.Optional;

/**
 * Writes what a tool function returned as JSON text for the model, {@code Optional}s included (an empty one as
 * {@code null}, a present one as its value): Jackson alone refuses {@code Optional} without the jdk8 module, which
 * core does not have, and a tool's value is written only after its side effect is done. Internal: not part of the API.
 */
public final class ToolValues {
    private static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .registerModule(new SimpleModule("tool-values").addSerializer(new OptionalWriter()));

    private ToolValues() {
    }

    /**
     * The value as compact JSON text.
     *
     * @param value any value Jackson can write, with {@code Optional}s anywhere in it
     * @return the JSON text
     * @throws IllegalArgumentException if Jackson cannot write it
     */
    public static String write(Object value) {
        return Json.write(MAPPER.valueToTree(value));
    }

    /** An {@code Optional} as its value, or {@code null} when empty. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class OptionalWriter extends StdSerializer<Optional> {
        OptionalWriter() {
            super(Optional.class);
        }

        @Override
        public void serialize(Optional value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) provider.defaultSerializeValue(value.get(), gen);
            else gen.writeNull();
        }
    }
}
