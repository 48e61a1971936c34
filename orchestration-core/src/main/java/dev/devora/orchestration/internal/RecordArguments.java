package dev.devora.orchestration.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads a tool's JSON arguments into its parameter record, the way {@link RecordSchemas} describes it: an
 * {@code Optional} component is optional (absent or null gives {@code Optional.empty()}), at any depth (records
 * nested in records, in lists and in {@code Optional}s are read the same way); every other value is read by Jackson.
 * (Jackson alone cannot read {@code Optional} without the jdk8 module, which core does not have.)
 */
public final class RecordArguments {
    private RecordArguments() {
    }

    /**
     * The record of these arguments.
     *
     * @param arguments the arguments object (null reads as empty)
     * @param type      the record type
     * @param <P>       the record
     * @return the record
     * @throws JsonProcessingException if a value does not fit its component's type
     */
    public static <P extends Record> P read(JsonNode arguments, Class<P> type) throws JsonProcessingException {
        Shape shape = SHAPES.get(type);
        RecordComponent[] components = shape.components;
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            JsonNode v = arguments == null ? null : arguments.get(c.getName());
            boolean absent = v == null || v.isNull() || v.isMissingNode();
            if (c.getType() == Optional.class) {
                Type inner = c.getGenericType() instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
                values[i] = absent ? Optional.empty() : Optional.ofNullable(value(v, inner));
            } else if (absent) {
                values[i] = c.getType().isPrimitive() ? value(Json.NODES.numberNode(0), c.getType()) : null;
                if (c.getType() == boolean.class) values[i] = false;
            } else {
                values[i] = value(v, c.getGenericType());
            }
        }
        if (shape.constructor == null) {
            throw new IllegalStateException("cannot build " + type.getName() + " from tool arguments", shape.failure);
        }
        try {
            return type.cast(shape.constructor.newInstance(values));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName() + " from tool arguments", e);
        }
    }

    /** A record type's components and canonical constructor, looked up once per type (not on every call). */
    private static final class Shape {
        final RecordComponent[] components;
        final Constructor<?> constructor;
        final ReflectiveOperationException failure;

        Shape(Class<?> type) {
            this.components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
            Constructor<?> found = null;
            ReflectiveOperationException problem = null;
            try {
                found = type.getDeclaredConstructor(types);
                found.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                problem = e instanceof ReflectiveOperationException r ? r : new ReflectiveOperationException(e);
                found = null;
            }
            this.constructor = found;
            this.failure = problem;
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    /** A value of a component (or of a list element, an {@code Optional}'s content): records by {@link #read}. */
    private static Object value(JsonNode value, Type type) throws JsonProcessingException {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType()
                : type instanceof Class<?> c ? c : Object.class;
        if (raw.isRecord() && value.isObject()) return read(value, raw.asSubclass(Record.class));
        if (type instanceof ParameterizedType p && value.isArray()
                && (raw == List.class || raw == Collection.class || raw == Iterable.class)) {
            List<Object> items = new ArrayList<>(value.size());
            for (JsonNode item : value) items.add(item.isNull() ? null : value(item, p.getActualTypeArguments()[0]));
            return items;
        }
        if (raw == Optional.class) {
            Type inner = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            return value.isNull() ? Optional.empty() : Optional.ofNullable(value(value, inner));
        }
        return Json.MAPPER.treeToValue(value, Json.MAPPER.constructType(type));
    }
}
