package io.chainrule.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.chainrule.data.FeatureScaler;
import io.chainrule.io.EmbeddedWeights;
import io.chainrule.processor.spec.CompiledWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * The nested class {@code Weights} of an inference class with compiled-in parameters: the model
 * file's values as string constants in the text form of {@link EmbeddedWeights}, and the methods
 * that decode them into the model's arrays and build its scaler. A class of its own, so that its
 * constants fill a constant pool of their own: each string constant takes two of its entries, and
 * the 16 MiB that Chainrule compiles in at most make about 300 of them. The {@code feed} calls
 * run once, in part methods of {@link MethodPacker#CALLS_PER_METHOD} calls (7 bytes of bytecode
 * each).
 */
final class WeightsClass {
    static final String NAME = "Weights";
    private static final ClassName EMBEDDED = ClassName.get(EmbeddedWeights.class);
    private static final ClassName DECODER = EMBEDDED.nestedClass("Decoder");
    private static final ClassName SCALER = ClassName.get("io.chainrule.data", "Scaler");

    private final CompiledWeights weights;
    private final Numeric num;

    WeightsClass(CompiledWeights weights, Numeric num) {
        this.weights = weights;
        this.num = num;
    }

    /** The statement of the constructor that decodes the parameters into {@code parameters}. */
    CodeBlock decode() {
        return CodeBlock.builder()
                .add("// the parameters of $L, compiled in\n", weights.resource())
                .addStatement("$L.decode(parameters)", NAME)
                .build();
    }

    /** The initializer of {@code SCALER}: the file's scaler, or none. */
    CodeBlock scaler() {
        return weights.scaler().isPresent() ? CodeBlock.of("$L.scaler()", NAME) : CodeBlock.of("$T.NONE", SCALER);
    }

    TypeSpec type() {
        List<MethodSpec> parts = new ArrayList<>();
        List<String> chunks = num.isFloat() ? EmbeddedWeights.encode(weights.floats())
                : EmbeddedWeights.encode(weights.doubles());
        int crc = num.isFloat() ? EmbeddedWeights.crc(weights.floats()) : EmbeddedWeights.crc(weights.doubles());
        ParameterSpec decoder = ParameterSpec.builder(DECODER, "d").build();
        MethodSpec decode = MethodSpec.methodBuilder("decode").addModifiers(Modifier.STATIC)
                .addJavadoc("Decodes the parameters into {@code parameters}, the model's arrays in the order of\n"
                        + "{@code parameterArrays()}; throws {@code IllegalStateException} if the text is damaged.\n")
                .addParameter(num.matrix(), "parameters")
                .addStatement("$T d = $T.decoder(parameters, $L, $L)", DECODER, EMBEDDED, weights.count(), hex(crc))
                .addCode(MethodPacker.sequence("decodePart", List.of(decoder), feeds(chunks),
                        MethodPacker.CALLS_PER_METHOD, parts))
                .addStatement("d.finish()")
                .build();
        TypeSpec.Builder t = TypeSpec.classBuilder(NAME)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(javadoc(chunks.size(), crc))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(decode);
        weights.scaler().ifPresent(s -> t.addMethod(scalerMethod(s, parts)));
        return t.addMethods(parts).build();
    }

    private CodeBlock javadoc(int chunks, int crc) {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add(String.format(Locale.ROOT, "The parameters of {@code %s}: %,d %s values (CRC-32 %s of their bytes)%n",
                        weights.resource(), weights.count(), num.type(), hex(crc)))
                .add(String.format(Locale.ROOT, "in %,d string constant%s of 7-bit characters, the text form of {@link $T}.%n",
                        chunks, chunks == 1 ? "" : "s"), EMBEDDED);
        weights.scaler().ifPresent(s -> doc.add(String.format(Locale.ROOT,
                "The file's %s scaler of %,d features follows, in the same form.%n",
                s.kind() == FeatureScaler.Kind.STANDARD ? "standardisation" : "min-max", s.featureCount())));
        return doc.build();
    }

    /** {@code scaler()}: the file's scaler, its centers and scales decoded like the parameters. */
    private MethodSpec scalerMethod(FeatureScaler s, List<MethodSpec> parts) {
        int n = s.featureCount();
        double[] values = new double[2 * n];
        for (int j = 0; j < n; j++) {
            values[j] = s.center(j);
            values[n + j] = s.scale(j);
        }
        ParameterSpec decoder = ParameterSpec.builder(DECODER, "d").build();
        return MethodSpec.methodBuilder("scaler").addModifiers(Modifier.STATIC).returns(SCALER)
                .addJavadoc("The scaler saved with the parameters: its centers, then its scales.\n")
                .addStatement("double[] center = new double[$L]", n)
                .addStatement("double[] scale = new double[$L]", n)
                .addStatement("$T d = $T.decoder(new double[][] {center, scale}, $L, $L)", DECODER, EMBEDDED, 2 * n,
                        hex(EmbeddedWeights.crc(values)))
                .addCode(MethodPacker.sequence("scalerPart", List.of(decoder), feeds(EmbeddedWeights.encode(values)),
                        MethodPacker.CALLS_PER_METHOD, parts))
                .addStatement("d.finish()")
                .addStatement("return $T.of($T.$L, center, scale)", FeatureScaler.class,
                        ClassName.get(FeatureScaler.Kind.class), s.kind().name())
                .build();
    }

    private static List<CodeBlock> feeds(List<String> chunks) {
        List<CodeBlock> feeds = new ArrayList<>();
        for (String chunk : chunks) {
            feeds.add(CodeBlock.builder().addStatement("d.feed($L)", literal(chunk)).build());
        }
        return feeds;
    }

    /**
     * {@code text} as a Java string literal: control characters as three-digit octal escapes (a
     * {@code \}{@code u} escape would be translated before the literal is read), quote and
     * backslash escaped, the rest as it is (all of it ASCII).
     */
    static String literal(String text) {
        StringBuilder s = new StringBuilder(text.length() * 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                s.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + (c >> 3 & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }

    private static String hex(int value) {
        return String.format(Locale.ROOT, "0x%08x", value);
    }
}
