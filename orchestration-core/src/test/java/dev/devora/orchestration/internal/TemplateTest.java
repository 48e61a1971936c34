package dev.devora.orchestration.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateTest {

    @Test
    void parsesReferencesWithPaths_ignoringWhitespaceInsideBraces() {
        List<String> errors = new ArrayList<>();
        Template t = Template.parse("Design {{ input.feature }} from {{draft.sections.0}} and {{gate.feedback}}", errors);

        assertThat(errors).isEmpty();
        assertThat(t.refs()).extracting(Template.Ref::root).containsExactly("input", "draft", "gate");
        assertThat(t.refs().get(1).path()).containsExactly("sections", "0");
        assertThat(t.render(r -> "<" + r.text() + ">"))
                .isEqualTo("Design <input.feature> from <draft.sections.0> and <gate.feedback>");
    }

    @Test
    void reportsUnclosedAndMalformedHoles() {
        List<String> errors = new ArrayList<>();
        Template.parse("a {{ }} b {{bad ref}} c {{open", errors);

        assertThat(errors).containsExactly("malformed reference '{{ }}'", "malformed reference '{{bad ref}}'",
                "unclosed '{{' at character 24");
    }

    @Test
    void aTemplateWithoutReferences_rendersToItself() {
        Template t = Template.parse("plain text", new ArrayList<>());
        assertThat(t.render(r -> { throw new AssertionError(); })).isEqualTo("plain text");
    }

    private static String render(String source, java.util.Map<String, String> values) {
        List<String> errors = new ArrayList<>();
        Template t = Template.parse(source, errors);
        assertThat(errors).isEmpty();
        return t.render(r -> values.getOrDefault(r.text(), ""));
    }

    @Test
    void questionMark_marksAReferenceOptional_andItIsStillARead() {
        Template t = Template.parse("Limits: {{ input.rate_limits? }} and {{draft.summary?}}", new ArrayList<>());

        assertThat(t.refs()).extracting(Template.Ref::root).containsExactly("input", "draft");
        assertThat(t.refs()).extracting(Template.Ref::text).containsExactly("input.rate_limits", "draft.summary");
        assertThat(t.refs()).allMatch(Template.Ref::optional).allMatch(Template.Ref::marked);
    }

    @Test
    void aLineWhoseOnlyReferenceIsOptionalAndEmpty_isLeftOutWithItsLineBreak() {
        String source = "Design the API.\nRate limits: {{input.rate_limits?}}\nStack: {{input.stack}}\n";

        assertThat(render(source, java.util.Map.of("input.stack", "Java")))
                .isEqualTo("Design the API.\nStack: Java\n");
        assertThat(render(source, java.util.Map.of("input.stack", "Java", "input.rate_limits", "100/min")))
                .isEqualTo("Design the API.\nRate limits: 100/min\nStack: Java\n");
        assertThat(render(source, java.util.Map.of("input.stack", "Java", "input.rate_limits", "  \n")))
                .isEqualTo("Design the API.\nStack: Java\n");
    }

    @Test
    void theLastLine_goesWithTheBreakBeforeIt_andSeveralOptionalsOnALineGoTogether() {
        assertThat(render("Brief: {{input.brief}}\nNotes: {{input.notes?}}, {{input.extra?}}.", java.util.Map.of("input.brief", "b")))
                .isEqualTo("Brief: b");
        assertThat(render("Brief: {{input.brief}}\nNotes: {{input.notes?}}, {{input.extra?}}.",
                java.util.Map.of("input.brief", "b", "input.extra", "x")))
                .isEqualTo("Brief: b\nNotes: , x.");
    }

    @Test
    void linesWithARequiredReference_orNoReference_areKeptAsTheyAre() {
        assertThat(render("Title\n\nStack: {{input.stack}} {{input.version?}}\nEnd", java.util.Map.of()))
                .isEqualTo("Title\n\nStack:  \nEnd");
    }

    @Test
    void optionalValueSpanningLines_keepsItsLines_andAOneLineTemplateIsNeverDropped() {
        assertThat(render("A\nCode: {{code?}} done\nB", java.util.Map.of("code", "x\ny")))
                .isEqualTo("A\nCode: x\ny done\nB");
        assertThat(render("A\n{{code?}}\nNotes: {{n?}}\nB", java.util.Map.of("code", "x\ny")))
                .isEqualTo("A\nx\ny\nB");
        assertThat(render("Release; ETL: {{pipeline?}}", java.util.Map.of())).isEqualTo("Release; ETL: ");
    }

    @Test
    void referencesMadeOptionalByTheValidator_doNotDropTheirLine() {
        Template t = Template.parse("Fix it.\nPrevious: {{draft}}", new ArrayList<>()).withOptional(java.util.Set.of("draft"));

        assertThat(t.refs().get(0).optional()).isTrue();
        assertThat(t.refs().get(0).marked()).isFalse();
        assertThat(t.render(r -> "")).isEqualTo("Fix it.\nPrevious: ");
    }
}
