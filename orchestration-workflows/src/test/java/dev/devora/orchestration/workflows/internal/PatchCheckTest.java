package dev.devora.orchestration.workflows.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatchCheckTest {
    static final String PATCH = "--- a/src/Cart.java\n+++ b/src/Cart.java\n@@ -1,2 +1,2 @@\n class Cart {\n-  int x = 1;\n+  int x = 2;\n"
            + "--- /dev/null\n+++ b/test/CartTest.java\n@@ -0,0 +1,1 @@\n+class CartTest {}\n";

    @Test
    void aWellFormedDiff_withANewFile_andInAMarkdownFence_hasNoProblem() {
        assertThat(PatchCheck.problems(PATCH)).isEmpty();
        assertThat(PatchCheck.problems("```diff\n" + PATCH + "```\n")).isEmpty();
    }

    @Test
    void textWithoutFileHeaders_emptyText_andAMissingPlusHeader_areNamed() {
        assertThat(PatchCheck.problems("Change line 5 to apply the discount.")).containsExactly(
                "no file header ('--- a/<path>' then '+++ b/<path>') was found");
        assertThat(PatchCheck.problems(" ")).containsExactly("the patch is empty");
        assertThat(PatchCheck.problems("--- a/x\n@@ -1 +1 @@\n-a\n+b\n")).first().asString()
                .contains("line 2: expected '+++ <path>'");
    }

    @Test
    void pathsOutsideTheRepository_andHunksWithoutTheirLines_areRefusedWithTheLine() {
        assertThat(PatchCheck.problems(PATCH.replace("b/src/Cart.java", "b/../etc/passwd"))).containsExactly(
                "line 2: the path '../etc/passwd' is not inside the repository");
        assertThat(PatchCheck.problems(PATCH.replace("+++ b/test/CartTest.java", "+++ /abs/CartTest.java"))).containsExactly(
                "line 8: the path '/abs/CartTest.java' is not inside the repository");
        assertThat(PatchCheck.problems("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n")).containsExactly(
                "line 3: the hunk announces 2 old and 2 new lines but has 1 and 1");
        assertThat(PatchCheck.problems("--- a/x\n+++ b/x\nno hunk\n")).containsExactly("line 3: the file patch has no hunk");
    }
}
