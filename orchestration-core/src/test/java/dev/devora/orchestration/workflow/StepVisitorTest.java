package dev.devora.orchestration.workflow;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@link StepVisitor} exhaustive: a new step kind must come with its own abstract visit method and an
 * {@code accept} that calls it, so every visitor stops compiling until it handles the kind.
 */
class StepVisitorTest {

    private static final List<Class<?>> KINDS = Arrays.asList(Step.class.getPermittedSubclasses());

    @Test
    void visitorDeclaresExactlyOneAbstractMethodPerStepKind_andNoDefaults() {
        List<Method> methods = Arrays.stream(StepVisitor.class.getDeclaredMethods())
                .filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers())).toList();

        assertThat(methods).allSatisfy(m -> {
            assertThat(Modifier.isAbstract(m.getModifiers())).as(m + " is abstract (no default)").isTrue();
            assertThat(m.getParameterCount()).as(m + " takes one step").isEqualTo(1);
        });
        List<Class<?>> visited = methods.stream().<Class<?>>map(m -> m.getParameterTypes()[0]).toList();
        assertThat(visited).as("one visit method per permitted Step subclass, none shared")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(KINDS);
    }

    @Test
    void everyStepKindOverridesAccept_andDispatchesToItsOwnVisitMethod() throws Exception {
        assertThat(KINDS).isNotEmpty();
        Set<String> called = new HashSet<>();
        for (Class<?> kind : KINDS) {
            assertThat(kind.isRecord()).as(kind + " is a record").isTrue();
            Method accept = kind.getDeclaredMethod("accept", StepVisitor.class);
            assertThat(Modifier.isAbstract(accept.getModifiers())).isFalse();

            Step step = instance(kind);
            List<Method> calls = new ArrayList<>();
            StepVisitor<?> recorder = (StepVisitor<?>) Proxy.newProxyInstance(StepVisitor.class.getClassLoader(),
                    new Class<?>[] {StepVisitor.class}, (proxy, method, args) -> {
                        calls.add(method);
                        assertThat(args).containsExactly(step);
                        return "visited " + method.getName();
                    });

            Object result = step.accept(recorder);

            assertThat(calls).as(kind.getSimpleName() + ".accept calls one visit method").hasSize(1);
            Method visited = calls.get(0);
            assertThat(visited.getParameterTypes()).as(kind.getSimpleName() + ".accept calls the method for its kind")
                    .containsExactly(kind);
            assertThat(result).as("accept returns what the visitor returned").isEqualTo("visited " + visited.getName());
            called.add(visited.getName());
        }
        assertThat(called).as("each kind reaches a distinct visit method").hasSize(KINDS.size());
    }

    /** A record with every component null, 0 or false: enough to call {@code accept}. */
    private static Step instance(Class<?> kind) throws Exception {
        RecordComponent[] components = kind.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == int.class) values[i] = 0;
            else if (types[i] == long.class) values[i] = 0L;
            else if (types[i] == double.class) values[i] = 0.0;
            else if (types[i] == boolean.class) values[i] = false;
        }
        return (Step) kind.getDeclaredConstructor(types).newInstance(values);
    }
}
