package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * The output head: the loss of one example, the start of the backward pass {@code dL/dh_L} it
 * hands to the output layer, and the outputs {@code predict} returns. Always loops: the output
 * layer is small and the head runs once per example. Transcendentals come from {@code Activations}
 * and {@code StrictMath}, which return the same bits on every JVM.
 */
final class HeadCode {
    /** Name of the softmax probability buffer. */
    static final String PROBABILITIES = "probabilities";

    private final NetworkPlan plan;
    private final Numeric num;
    private final String s;
    private final String ds;
    private final int k;
    private final int last;

    HeadCode(NetworkPlan plan, Numeric num) {
        this.plan = plan;
        this.num = num;
        LayerPlan output = plan.output();
        this.s = Names.h(output);
        this.ds = Names.dh(output);
        this.k = output.units();
        this.last = output.index();
    }

    /** {@code outputLoss(label)} or {@code outputLoss(target, targetOffset)}: the loss, and {@code dL/dh_L}. */
    MethodSpec outputLoss() {
        MethodSpec.Builder m = MethodSpec.methodBuilder(MethodNames.OUTPUT_LOSS).addModifiers(Modifier.PRIVATE)
                .returns(num.type());
        if (plan.loss().takesClassIndex()) {
            m.addParameter(int.class, "label");
        } else {
            m.addParameter(num.array(), "target").addParameter(int.class, "targetOffset");
        }
        m.addJavadoc("Returns the loss of the last forward pass and writes its gradient $L.\n",
                "dL/dh" + last + " to {@code " + ds + "}")
                .addComment("s = $L, the output layer's values", s);
        switch (plan.loss()) {
            case SOFTMAX_CROSS_ENTROPY:
                return m.addCode(softmaxCrossEntropy()).build();
            case MULTICLASS_HINGE:
                return m.addCode(hinge()).build();
            case SIGMOID_CROSS_ENTROPY:
                return m.addCode(sigmoidCrossEntropy()).build();
            case MEAN_SQUARED_ERROR:
                return m.addCode(meanSquaredError()).build();
            default:
                throw new AssertionError(plan.loss());
        }
    }

    /** {@code writeOutputs(out, at)}: what {@code predict} returns, written from {@code out[at]} on. */
    MethodSpec writeOutputs() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("writeOutputs").addModifiers(Modifier.PRIVATE)
                .addParameter(num.array(), "out").addParameter(int.class, "at");
        switch (plan.loss()) {
            case SOFTMAX_CROSS_ENTROPY:
                m.addCode("// out = softmax($L)\n", s).addCode(softmax()).addStatement(
                        "$T.arraycopy($L, 0, out, at, $L)", System.class, PROBABILITIES, k);
                break;
            case SIGMOID_CROSS_ENTROPY:
                m.addCode("// out = sigmoid($L)\n", s)
                        .beginControlFlow("for (int k = 0; k < $L; k++)", k)
                        .addStatement("out[at + k] = $T.sigmoid($L[k])", ActivationCode.ACTIVATIONS, s)
                        .endControlFlow();
                break;
            default:
                m.addCode("// out = $L\n", s).addStatement("$T.arraycopy($L, 0, out, at, $L)", System.class, s, k);
        }
        return m.build();
    }

    /** Softmax of the scores into the probability buffer; leaves the max in {@code max} and the sum in {@code sum}. */
    private CodeBlock softmax() {
        return CodeBlock.builder()
                .add("// softmax(s)_k = exp(s_k - m) / Σ_j exp(s_j - m), with m = max_j s_j so that exp never overflows\n")
                .addStatement("$T max = $L[0]", num.type(), s)
                .beginControlFlow("for (int k = 1; k < $L; k++)", k)
                .addStatement("max = $T.max(max, $L[k])", Math.class, s)
                .endControlFlow()
                .addStatement("$T sum = $L", num.type(), num.literal("0"))
                .beginControlFlow("for (int k = 0; k < $L; k++)", k)
                .addStatement("$L[k] = $L", PROBABILITIES,
                        num.narrow(CodeBlock.of("$T.exp($L[k] - max)", ActivationCode.ACTIVATIONS, s)))
                .addStatement("sum += $L[k]", PROBABILITIES)
                .endControlFlow()
                .add("// one division, then multiplications: a division costs several multiplications\n")
                .addStatement("$T scale = $L / sum", num.type(), num.literal("1"))
                .beginControlFlow("for (int k = 0; k < $L; k++)", k)
                .addStatement("$L[k] *= scale", PROBABILITIES)
                .endControlFlow()
                .build();
    }

    private CodeBlock softmaxCrossEntropy() {
        return CodeBlock.builder()
                .add(softmax())
                .add("// dL/d$L = softmax($L) - onehot(y)\n", s, s)
                .addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, PROBABILITIES, ds, k)
                .addStatement("$L[label] -= $L", ds, num.literal("1"))
                .add("// L = -log softmax(s)_y = log Σ_j exp(s_j - m) + m - s_y\n")
                .addStatement("return $L + max - $L[label]", num.narrow(CodeBlock.of("$T.log(sum)", StrictMath.class)), s)
                .build();
    }

    private CodeBlock hinge() {
        String zero = num.literal("0");
        String one = num.literal("1");
        return CodeBlock.builder()
                .add("// the rival: the highest-scoring class other than y (the first one on ties)\n")
                .addStatement("int rival = label == 0 ? 1 : 0")
                .beginControlFlow("for (int k = rival + 1; k < $L; k++)", k)
                .beginControlFlow("if (k != label && $L[k] > $L[rival])", s, s)
                .addStatement("rival = k")
                .endControlFlow()
                .endControlFlow()
                .add("// L = max(0, 1 + s_rival - s_y)\n")
                .addStatement("$T margin = $L + $L[rival] - $L[label]", num.type(), one, s, s)
                .addStatement("$T.fill($L, $L)", Arrays.class, ds, zero)
                .beginControlFlow("if (margin <= $L)", zero)
                .add("// the margin is met: L = 0 and dL/d$L = 0\n", s)
                .addStatement("return $L", zero)
                .endControlFlow()
                .add("// dL/d$L = onehot(rival) - onehot(y)\n", s)
                .addStatement("$L[rival] = $L", ds, one)
                .addStatement("$L[label] = -$L", ds, one)
                .addStatement("return margin")
                .build();
    }

    private CodeBlock sigmoidCrossEntropy() {
        String zero = num.literal("0");
        String one = num.literal("1");
        CodeBlock.Builder b = CodeBlock.builder();
        if (k == 1) {
            b.add("// target t = y (0 or 1)\n");
        } else {
            b.add("// one-vs-rest targets: t_k = 1 if k == y, else 0\n");
        }
        b.add("// L = Σ_k max(s_k, 0) - s_k t_k + log(1 + exp(-|s_k|))   (stable form of binary cross-entropy)\n")
                .add("// dL/ds_k = sigmoid(s_k) - t_k\n")
                .addStatement("$T loss = $L", num.type(), zero)
                .beginControlFlow("for (int k = 0; k < $L; k++)", k);
        if (k == 1) {
            b.addStatement("$T t = label", num.type());
        } else {
            b.addStatement("$T t = k == label ? $L : $L", num.type(), one, zero);
        }
        return b.addStatement("$T sk = $L[k]", num.type(), s)
                .addStatement("$T e = $L", num.type(),
                        num.narrow(CodeBlock.of("$T.exp(-$T.abs(sk))", ActivationCode.ACTIVATIONS, Math.class)))
                .addStatement("loss += $T.max(sk, $L) - sk * t + $L", Math.class, zero,
                        num.narrow(CodeBlock.of("$T.log1p(e)", StrictMath.class)))
                .add("// sigmoid(s) = 1 / (1 + exp(-s)) = exp(s) / (1 + exp(s)): the exp above serves both signs\n")
                .addStatement("$L[k] = (sk >= $L ? $L : e) / ($L + e) - t", ds, zero, one, one)
                .endControlFlow()
                .addStatement("return loss")
                .build();
    }

    private CodeBlock meanSquaredError() {
        return CodeBlock.builder()
                .add("// L = (1/$L) Σ_k (s_k - t_k)²;  dL/ds_k = (2/$L) (s_k - t_k)\n", k, k)
                .addStatement("$T loss = $L", num.type(), num.literal("0"))
                .beginControlFlow("for (int k = 0; k < $L; k++)", k)
                .addStatement("$T error = $L[k] - target[targetOffset + k]", num.type(), s)
                .addStatement("loss += error * error")
                .addStatement("$L[k] = $L / $L * error", ds, num.literal("2"), k)
                .endControlFlow()
                .addStatement("return loss / $L", k)
                .build();
    }
}
