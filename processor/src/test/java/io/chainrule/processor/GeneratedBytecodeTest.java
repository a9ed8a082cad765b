package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import io.chainrule.processor.spec.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the generated class files: every method stays under the JIT's size limit, unrolled code
 * is cut into methods small enough for Android's ART, the methods a training step runs contain
 * no allocating instruction, and no method calls a {@code Math} function whose result may differ
 * between JVMs.
 */
class GeneratedBytecodeTest {
    /** HotSpot never JIT-compiles a method over 8,000 bytes; we keep a margin. */
    static final int MAX_METHOD_BYTES = 7_500;
    /**
     * A part method of unrolled code: at most {@link Limits#UNROLLED_TERMS_PER_METHOD} multiply-adds,
     * which measured here at under 1,000 bytes of bytecode (about 500 dex code units; dex code units
     * are 16-bit and a multiply-add with its array loads is 14-16 units against 28-32 bytes).
     */
    static final int MAX_UNROLLED_PART_BYTES = 1_000;
    /** Methods run once, at construction or initialisation (with their part methods in deep networks). */
    static final List<String> NOT_ON_THE_TRAINING_PATH = List.of("<init>", "<clinit>", "initialize", "allocateLayers",
            "allocateBatchBuffers");

    static final Activation R = Activation.RELU;
    static final Activation I = Activation.IDENTITY;

    static List<Declaration> declarations = new ArrayList<>();
    static CompiledClasses classes;

    @BeforeAll
    static void compile() {
        for (CodeShape shape : new CodeShape[] {CodeShape.LOOPS, CodeShape.AUTO}) {
            for (Precision p : Precision.values()) {
                declarations.add(new Declaration("size", "Mnist" + shape + p, 784, new int[] {256, 128, 10},
                        new Activation[] {R, R, I}, Loss.SOFTMAX_CROSS_ENTROPY, p, shape));
            }
        }
        for (CodeShape shape : new CodeShape[] {CodeShape.LOOPS, CodeShape.UNROLLED}) {
            declarations.add(new Declaration("size", "Digits" + shape, 64, new int[] {32, 10},
                    new Activation[] {R, I}, Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, shape));
        }
        for (Loss loss : Loss.values()) {
            declarations.add(new Declaration("size", "Tiny" + loss, 4, new int[] {8, 3},
                    new Activation[] {Activation.TANH, I}, loss, Precision.FLOAT, CodeShape.AUTO));
        }
        int depth = 1000;
        int[] units = new int[depth];
        Activation[] activations = new Activation[depth];
        int[] skips = new int[depth];
        for (int l = 0; l < depth; l++) {
            units[l] = l == depth - 1 ? 10 : 16;
            activations[l] = l == depth - 1 ? I : Activation.TANH;
            skips[l] = l == 0 || l == depth - 1 ? 0 : 1;
        }
        for (CodeShape shape : new CodeShape[] {CodeShape.LOOPS, CodeShape.AUTO}) {
            declarations.add(new Declaration("size", "Deep" + shape, 64, units, activations, skips, new boolean[depth],
                    Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, shape));
        }
        long start = System.nanoTime();
        Compilation compilation = Networks.compile(declarations);
        System.out.printf("compiled %d networks (largest 784-256-128-10, deepest 1000 layers) in %.1f s%n",
                declarations.size(), (System.nanoTime() - start) / 1e9);
        assertThat(compilation).succeeded();
        classes = new CompiledClasses(compilation);
    }

    @Test
    void everyMethodIsSmallEnoughForTheJit() {
        for (Declaration d : declarations) {
            byte[] bytes = classes.bytes(d.generatedName());
            Map<String, Integer> lengths = ClassFiles.codeLengths(bytes);
            assertTrue(lengths.size() > 20, "read the methods of " + d.name());
            int largest = 0;
            for (Map.Entry<String, Integer> m : lengths.entrySet()) {
                if (m.getKey().startsWith("<clinit>")) {
                    // runs once; its only limit is the class file's 65,535 bytes
                    assertTrue(m.getValue() < 65_535, d.name() + " static initializer has " + m.getValue() + " bytes");
                    continue;
                }
                assertTrue(m.getValue() < MAX_METHOD_BYTES, d.name() + "." + m.getKey() + " has " + m.getValue() + " bytes");
                if (m.getKey().contains("Part")) {
                    assertTrue(m.getValue() <= MAX_UNROLLED_PART_BYTES,
                            d.name() + "." + m.getKey() + " has " + m.getValue() + " bytes");
                }
                largest = Math.max(largest, m.getValue());
            }
            System.out.printf("%-40s class file %,9d bytes, %4d methods, largest method %,6d bytes%n",
                    d.name(), bytes.length, lengths.size(), largest);
        }
    }

    @Test
    void unrolledDigitsIsCutIntoPartMethods() {
        Map<String, Integer> lengths = ClassFiles.codeLengths(classes.bytes("size.DigitsUNROLLEDModel"));
        long parts = lengths.keySet().stream().filter(m -> m.contains("Part")).count();
        // 32 multiply-adds per part: 64x32 forward and weight gradient, 32x10 forward, weight gradient and dL/dh1
        int expected = (2 * 64 * 32 + 3 * 32 * 10) / Limits.UNROLLED_TERMS_PER_METHOD;
        assertTrue(parts >= expected, "only " + parts + " parts, expected at least " + expected);
    }

    /**
     * Reproducible across JVMs: the transcendental functions of {@code java.lang.Math} may differ by
     * an ulp between HotSpot, OpenJ9 and ART, so generated code uses only the exact ones
     * ({@code max}, {@code abs}) and takes exp from {@code Activations} and logarithms from
     * {@code StrictMath}.
     */
    @Test
    void generatedCodeUsesNoInexactMathFunction() {
        List<String> exact = List.of("max", "min", "abs", "sqrt", "copySign");
        for (Declaration d : declarations) {
            byte[] bytes = classes.bytes(d.generatedName());
            List<String> inexact = new ArrayList<>();
            for (String call : ClassFiles.staticCalls(bytes, "java/lang/Math")) {
                if (!exact.contains(call.substring(call.indexOf(": ") + 2))) {
                    inexact.add(call);
                }
            }
            assertEquals(List.of(), inexact, d.name());
        }
        // the scan does see calls: every softmax network calls Activations.exp and StrictMath.log
        byte[] mnist = classes.bytes("size.MnistLOOPSFLOATModel");
        assertTrue(ClassFiles.staticCalls(mnist, "io/chainrule/Activations").stream().anyMatch(c -> c.endsWith(": exp")));
        assertTrue(ClassFiles.staticCalls(mnist, "java/lang/StrictMath").stream().anyMatch(c -> c.endsWith(": log")));
        assertTrue(ClassFiles.staticCalls(mnist, "java/lang/Math").stream().anyMatch(c -> c.endsWith(": max")));
    }

    @Test
    void trainingPathMethodsNeverAllocate() {
        for (Declaration d : declarations) {
            byte[] bytes = classes.bytes(d.generatedName());
            assertEquals(List.of(), ClassFiles.allocations(bytes, NOT_ON_THE_TRAINING_PATH), d.name());
            // the scan covers the batched path: its public method, and its loops wherever a layer is loops
            Map<String, Integer> methods = ClassFiles.codeLengths(bytes);
            assertTrue(methods.keySet().stream().anyMatch(m -> m.startsWith("lossAndGradientBatch(")), d.name());
            if (d.shape() == CodeShape.LOOPS) {
                assertTrue(methods.keySet().stream().anyMatch(m -> m.startsWith("batchBackward1(")), d.name());
            }
            // the scan does see allocation where there is some
            assertTrue(ClassFiles.allocations(bytes, List.of()).stream().anyMatch(s -> s.startsWith("initialize: new")));
        }
    }
}
