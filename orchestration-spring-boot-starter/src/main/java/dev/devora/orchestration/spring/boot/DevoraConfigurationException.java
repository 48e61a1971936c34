package dev.devora.orchestration.spring.boot;

/**
 * The {@code devora.*} configuration cannot be applied as it stands (a property asks for something the application
 * lacks, such as {@code devora.store.type=jdbc} without a {@code DataSource}). The message names the property and its
 * value and says what to change; {@link #property()} and {@link #value()} give them to code.
 *
 * <pre>{@code
 * catch (DevoraConfigurationException e) {
 *     log.error("fix {} (now {})", e.property(), e.value());
 * }
 * }</pre>
 */
public class DevoraConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The property at fault. */
    private final String property;
    /** Its value as configured; or null. */
    private final String value;

    /**
     * A configuration that cannot be applied.
     *
     * @param property the property, e.g. {@code devora.store.type}
     * @param value    its value as configured (never a secret's); null when the problem spans several properties
     * @param message  what is wrong and what to do, naming the property and the value
     */
    public DevoraConfigurationException(String property, String value, String message) {
        super(message);
        this.property = property;
        this.value = value;
    }

    /** {@return the property at fault, e.g. {@code devora.store.type}} */
    public String property() {
        return property;
    }

    /** {@return the property's value as configured} */
    public String value() {
        return value;
    }
}
