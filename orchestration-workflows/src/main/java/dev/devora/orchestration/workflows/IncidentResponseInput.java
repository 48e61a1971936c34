package dev.devora.orchestration.workflows;

import java.util.List;

/**
 * Input of Incident Response (an engineering-operations workflow, run on a repository).
 *
 * <pre>{@code
 * var input = new IncidentResponseInput("/src/shop", IncidentResponseInput.Severity.SEV2,
 *         "Checkout returns 500 since the 14:05 deployment", List.of("HTTP 500 on POST /checkout"),
 *         List.of("checkout-service"), List.of("14:05: 2.3.0 deployed"), "error rate 31%");
 * }</pre>
 *
 * @param workspace        the repository of the affected services, read-only (JSON {@code workspace}, required; an
 *     existing directory)
 * @param severity         the incident's severity, which drives the flow (JSON {@code severity}, required)
 * @param summary          what is happening, as first reported (JSON {@code summary}, required)
 * @param symptoms         observed symptoms (JSON {@code symptoms}, optional; null leaves its line out of the prompts)
 * @param affectedServices services or components affected (JSON {@code affected_services}, optional; null leaves its
 *     line out)
 * @param timeline         what happened when, one {@code "time: event"} per item (JSON {@code timeline}, optional)
 * @param metrics          measured values pasted in; the only figures presented as measured (JSON {@code metrics},
 *     optional)
 */
public record IncidentResponseInput(String workspace, Severity severity, String summary, List<String> symptoms,
                                    List<String> affectedServices, List<String> timeline, String metrics)
        implements WorkflowInput {
    /**
     * The severities, most severe first.
     *
     * <pre>{@code
     * IncidentResponseInput.Severity s = IncidentResponseInput.Severity.SEV1;
     * }</pre>
     */
    public enum Severity {
        /** Critical: a user-facing outage or data at risk; every relevant squad, a status update and an escalation. */
        SEV1,
        /** Major degradation: backend and DevOps investigate, and a status update. */
        SEV2,
        /** Minor, a workaround exists: one investigation and a fix plan. */
        SEV3,
        /** Cosmetic or internal: a ticket-grade fix plan. */
        SEV4
    }

    @Override
    public String workflowId() {
        return "incident-response";
    }
}
