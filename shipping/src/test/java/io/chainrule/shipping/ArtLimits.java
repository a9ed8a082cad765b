package io.chainrule.shipping;

import java.util.ArrayList;
import java.util.List;

/**
 * The method sizes past which ART leaves a method to its interpreter (shared/JVM-NOTES.md, "Hard
 * limits"): it compiles no method of more than 10,000 dex code units, ahead of time or just in
 * time ({@code CompilerOptions::kDefaultHugeMethodThreshold}); and its optimizing compiler also
 * skips a method of more than 600 code units ({@code kDefaultLargeMethodThreshold}) that contains no
 * branch, taking it for a machine-generated initialiser ({@code HGraphBuilder::SkipCompilation},
 * unless the compiler filter is {@code everything}; JVM-NOTES.md calls it older ART's rule). Both
 * compare {@code insns_size}, the method's length in 16-bit code units. The generated code's
 * straight-line parts are the methods that meet the second limit, so every method without a branch
 * must stay within 600 code units.
 *
 * <p>Class initialisers ({@code <clinit>}) are exempt from both: one runs once per class, so
 * interpreting it costs microseconds, and such a method is what the branch-free rule was made for.
 */
final class ArtLimits {
    static final int HUGE_METHOD_CODE_UNITS = 10_000;
    static final int BRANCH_FREE_METHOD_CODE_UNITS = 600;

    private ArtLimits() {
    }

    /** A line for each method of {@code dex} past a limit. */
    static List<String> violations(DexFile dex) {
        List<String> violations = new ArrayList<>();
        for (DexFile.Method m : dex.methods()) {
            if (m.name().equals("<clinit>")) {
                continue;
            }
            if (m.codeUnits() > HUGE_METHOD_CODE_UNITS) {
                violations.add(m + ": over ART's huge-method threshold of " + HUGE_METHOD_CODE_UNITS + " code units");
            } else if (!m.hasBranch() && m.codeUnits() > BRANCH_FREE_METHOD_CODE_UNITS) {
                violations.add(m + ": branch-free and over " + BRANCH_FREE_METHOD_CODE_UNITS
                        + " code units, which ART's optimizing compiler skips");
            }
        }
        return violations;
    }
}
