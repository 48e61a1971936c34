/**
 * The Spring Boot starter: add {@code dev.devora:orchestration-spring-boot-starter}, set
 * {@code devora.openrouter.api-key} (or {@code OPENROUTER_API_KEY}), and inject {@link
 * dev.devora.orchestration.spring.boot.DevoraWorkflows}, the {@code WorkflowEngine}, the {@code LlmProvider} or the
 * {@code WorkflowCatalog}. {@link dev.devora.orchestration.spring.boot.DevoraAutoConfiguration} says what is defined
 * and when; {@link dev.devora.orchestration.spring.boot.DevoraProperties} lists the properties.
 *
 * <pre>{@code
 * @Service
 * class Audits {
 *     private final DevoraWorkflows workflows;
 *     Audits(DevoraWorkflows workflows) { this.workflows = workflows; }
 *
 *     String start(Map<String, Object> input) {   // target_name, description, tech_stack, ...
 *         return workflows.start("security-audit", input).id();
 *     }
 * }
 * }</pre>
 */
package dev.devora.orchestration.spring.boot;
