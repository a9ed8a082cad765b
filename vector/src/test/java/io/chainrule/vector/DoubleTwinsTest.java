package io.chainrule.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The double classes of this module are the float classes with the type's name changed, and
 * nothing else but the lane counts of {@link VectorDoubleProducts}: so a change to the float
 * products that is not made to the double ones (or made differently) fails here. To make the
 * double classes after changing a float one, apply {@link #twin} (the same substitutions as sed
 * {@code 's/FloatVector/DoubleVector/g; s/float/double/g; s/Float/Double/g; s/\b0f\b/0d/g'}).
 */
class DoubleTwinsTest {
    private static final Path SOURCES = Path.of("src/main/java/io/chainrule/vector");

    /** The lines of VectorDoubleProducts that differ from the float class's twin: doubles per vector. */
    private static final Map<String, String> LANES = Map.of(
            " * 16 doubles with AVX-512, 8 with AVX2)", " * 8 doubles with AVX-512, 4 with AVX2)",
            "(and 16 doubles per", "(and 8 doubles per",
            "this(L >= 16);", "this(L >= 8);",
            "if (L < 4) {", "if (L < 2) {");

    @Test
    void theDoubleClassesAreTheFloatClassesInDouble() throws IOException {
        assertEquals(twin(read("FloatBlocks")), read("DoubleBlocks"), "DoubleBlocks.java");
        assertEquals(twin(read("FloatExampleProducts")), read("DoubleExampleProducts"), "DoubleExampleProducts.java");
        String products = twin(read("VectorFloatProducts"));
        for (Map.Entry<String, String> lanes : LANES.entrySet()) {
            assertEquals(1, products.split(Pattern.quote(lanes.getKey()), -1).length - 1, lanes.getKey());
            products = products.replace(lanes.getKey(), lanes.getValue());
        }
        assertEquals(products, read("VectorDoubleProducts"), "VectorDoubleProducts.java");
    }

    static String twin(String floatSource) {
        return floatSource.replace("FloatVector", "DoubleVector").replace("float", "double").replace("Float", "Double")
                .replaceAll("\\b0f\\b", "0d");
    }

    private static String read(String name) throws IOException {
        return Files.readString(SOURCES.resolve(name + ".java"), StandardCharsets.UTF_8);
    }
}
