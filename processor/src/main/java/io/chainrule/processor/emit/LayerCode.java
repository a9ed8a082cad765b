package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.chainrule.Activation;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The phases of one layer's forward and backward pass, each with the chain-rule comment that
 * names what it computes, built from four vector primitives that each code shape writes in its
 * own way. Both shapes evaluate every sum in the same order, so they compute the same bits.
 */
abstract class LayerCode {
    /** The constant α = 1/sqrt(R) that scales every residual branch (see {@link NetworkPlan#residualScale()}). */
    static final String RESIDUAL_SCALE = "RESIDUAL_SCALE";
    final Numeric num;
    final ActivationCode activations;

    LayerCode(Numeric num) {
        this.num = num;
        this.activations = new ActivationCode(num);
    }

    /** {@code out[i] = init[i] + Σ_j m[j][i] * in[j]} (or {@code out[i] += ...} if init is null). */
    abstract List<Phase.Statement> affine(String out, String init, String m, Operand in, int rows, int cols);

    /** {@code grad[j][i] += in[j] * delta[i]}. */
    abstract List<Phase.Statement> outerProduct(String grad, Operand in, String delta, int rows, int cols);

    /** {@code target[j] = Σ_i m[j][i] * v[i]}, or {@code +=} if {@code accumulate}. */
    abstract List<Phase.Statement> dotRows(String target, boolean accumulate, String m, String v, int rows, int cols);

    /** One statement per element i of an n-vector, given the statement for index expression i. */
    abstract List<Phase.Statement> elementwise(int n, Function<String, CodeBlock> statement);

    /** Forward: {@code z = W · in + b}, {@code h = a(z)}, and the residual connection. */
    final List<Phase> forward(LayerPlan l, NetworkPlan plan) {
        int n = l.index();
        Operand in = input(l, plan);
        String inSymbol = Names.inputSymbol(l);
        List<Phase> phases = new ArrayList<>();
        phases.add(Phase.of(Term.AFFINE, String.format("z%d = W%d · %s + b%d   (row W%d[j] holds the weights leaving %s[j])",
                n, n, inSymbol, n, n, inSymbol), affine(Names.z(l), Names.b(l), Names.w(l), in, l.inputs(), l.units())));
        String activated = Names.activated(l);
        if (!activated.equals(Names.z(l))) {
            String symbol = l.residual() ? "a" + n : "h" + n;
            phases.add(Phase.of(Term.ACTIVATION, String.format("%s = %s(z%d)", symbol, l.activation().label(), n),
                    elementwise(l.units(), i -> CodeBlock.builder().addStatement("$L[$L] = $L", activated, i,
                            activations.apply(l.activation(), Names.z(l) + "[" + i + "]")).build())));
        }
        if (l.residual()) {
            String source = Names.symbol(l.source());
            String aSymbol = l.activation() == Activation.IDENTITY ? "z" + n : "a" + n;
            Operand src = output(l.source(), plan);
            if (l.projected()) {
                phases.add(Phase.of(Term.SCALED_BRANCH, String.format("h%d = α · %s   (the residual branch, scaled)", n, aSymbol),
                        elementwise(l.units(), i -> CodeBlock.builder().addStatement("$L[$L] = $L * $L[$L]",
                                Names.h(l), i, RESIDUAL_SCALE, activated, i).build())));
                phases.add(Phase.of(Term.PROJECTED_SKIP, String.format("h%d += P%d · %s   (skip connection through a projection)",
                        n, n, source), affine(Names.h(l), null, Names.p(l), src, l.sourceUnits(), l.units())));
            } else {
                phases.add(Phase.of(Term.SKIP, String.format("h%d = α · %s + %s   (skip connection)", n, aSymbol, source),
                        elementwise(l.units(), i -> CodeBlock.builder().addStatement("$L[$L] = $L * $L[$L] + $L",
                                Names.h(l), i, RESIDUAL_SCALE, activated, i, src.at(i)).build())));
            }
        }
        return phases;
    }

    /**
     * Backward, from {@code dL/dh} of this layer: {@code dL/dz}, the gradients of W, b (and P),
     * and {@code dL/dh} of the layer below with every skip connection that reaches it.
     */
    final List<Phase> backward(LayerPlan l, NetworkPlan plan) {
        int n = l.index();
        List<Phase> phases = new ArrayList<>(activationGradient(l));
        phases.add(Phase.of(Term.WEIGHT_GRADIENT, String.format("dL/dW%d[j][i] += %s[j] * dL/dz%d[i]", n, Names.inputSymbol(l), n),
                outerProduct(Names.dw(l), input(l, plan), Names.dz(l), l.inputs(), l.units())));
        phases.add(Phase.of(Term.BIAS_GRADIENT, String.format("dL/db%d[i] += dL/dz%d[i]", n, n),
                elementwise(l.units(), i -> CodeBlock.builder()
                        .addStatement("$L[$L] += $L[$L]", Names.db(l), i, Names.dz(l), i).build())));
        if (l.projected()) {
            phases.add(Phase.of(Term.PROJECTION_GRADIENT, String.format("dL/dP%d[j][i] += %s[j] * dL/dh%d[i]", n, Names.symbol(l.source()), n),
                    outerProduct(Names.dp(l), output(l.source(), plan), Names.dh(l), l.sourceUnits(), l.units())));
        }
        phases.addAll(gradientBelow(l, plan));
        return phases;
    }

    /** {@code dL/dz} from {@code dL/dh}, unless the layer is linear (then they are one buffer). */
    final List<Phase> activationGradient(LayerPlan l) {
        if (l.linear()) {
            return List.of();
        }
        int n = l.index();
        String a = Names.activated(l);
        String math = ActivationCode.derivativeMath(l.activation(), "z" + n, l.residual() ? "a" + n : "h" + n);
        String comment = l.residual()
                ? String.format("dL/dz%d = α · dL/dh%d ⊙ %s'(z%d) = α · dL/dh%d ⊙ %s   (through the scaled branch)",
                        n, n, l.activation().label(), n, n, math)
                : String.format("dL/dz%d = dL/dh%d ⊙ %s'(z%d) = dL/dh%d ⊙ %s", n, n, l.activation().label(), n, n, math);
        return List.of(Phase.of(Term.ACTIVATION_GRADIENT, comment, elementwise(l.units(), i -> {
            String dh = Names.dh(l) + "[" + i + "]";
            String upstream = l.residual() ? "(" + RESIDUAL_SCALE + " * " + dh + ")" : dh;
            return CodeBlock.builder().addStatement("$L[$L] = $L", Names.dz(l), i, activations.derivative(
                    l.activation(), upstream, Names.z(l) + "[" + i + "]", a + "[" + i + "]")).build();
        })));
    }

    /**
     * {@code dL/dh} of the layer below layer {@code l} (nothing for the first layer): through W,
     * then every skip connection that reaches it.
     */
    final List<Phase> gradientBelow(LayerPlan l, NetworkPlan plan) {
        int n = l.index();
        if (n == 1) {
            return List.of();
        }
        LayerPlan below = plan.layer(n - 1);
        List<String> comment = new ArrayList<>();
        comment.add(String.format("dL/dh%d = W%d · dL/dz%d, i.e. dL/dh%d[j] = Σ_i W%d[j][i] * dL/dz%d[i]",
                n - 1, n, n, n - 1, n, n));
        if (below.linear()) {
            comment.add(String.format("dL/dz%d = dL/dh%d   (layer %d is linear)", n - 1, n - 1, n - 1));
        }
        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase(Term.GRADIENT_BELOW, comment, dotRows(Names.dh(below), false, Names.w(l), Names.dz(l), l.inputs(), l.units())));
        phases.addAll(skipGradients(Names.dh(below), n - 1, plan));
        return phases;
    }

    /** {@code target += dL/dh_m} (or {@code P_m · dL/dh_m}) for every layer m that skips to {@code source}. */
    final List<Phase> skipGradients(String target, int source, NetworkPlan plan) {
        List<Phase> phases = new ArrayList<>();
        String symbol = source == 0 ? "dL/dx" : "dL/dh" + source;
        for (LayerPlan m : plan.skipsFrom(source)) {
            if (m.projected()) {
                phases.add(Phase.of(Term.PROJECTED_SKIP_GRADIENT, String.format("%s += P%d · dL/dh%d   (skip connection through a projection)",
                        symbol, m.index(), m.index()),
                        dotRows(target, true, Names.p(m), Names.dh(m), m.sourceUnits(), m.units())));
            } else {
                phases.add(Phase.of(Term.SKIP_GRADIENT, String.format("%s += dL/dh%d   (skip connection)", symbol, m.index()),
                        elementwise(m.units(), j -> CodeBlock.builder()
                                .addStatement("$L[$L] += $L[$L]", target, j, Names.dh(m), j).build())));
            }
        }
        return phases;
    }

    /** The vector layer {@code l} reads: x for the first layer, else h of the layer below. */
    static Operand input(LayerPlan l, NetworkPlan plan) {
        return output(l.index() - 1, plan);
    }

    /** The output of layer {@code index}: x for layer 0, else its h buffer. */
    static Operand output(int index, NetworkPlan plan) {
        return index == 0 ? Operand.input() : Operand.field(Names.h(plan.layer(index)));
    }
}
