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
}
