package io.chainrule.processor.page;

import static io.chainrule.processor.page.MathMl.block;
import static io.chainrule.processor.page.MathMl.frac;
import static io.chainrule.processor.page.MathMl.gap;
import static io.chainrule.processor.page.MathMl.inline;
import static io.chainrule.processor.page.MathMl.mi;
import static io.chainrule.processor.page.MathMl.mn;
import static io.chainrule.processor.page.MathMl.mo;
import static io.chainrule.processor.page.MathMl.paren;
import static io.chainrule.processor.page.MathMl.row;
import static io.chainrule.processor.page.MathMl.sub;
import static io.chainrule.processor.page.MathMl.sup;
import static io.chainrule.processor.page.MathMl.under;
import static io.chainrule.processor.page.Notation.grad;
import static io.chainrule.processor.page.Notation.in;
import static io.chainrule.processor.page.Notation.real;

import io.chainrule.Loss;
import io.chainrule.processor.emit.MethodNames;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.List;

/**
 * The loss head: the loss in the numerically stable form the generated {@code outputLoss}
 * computes, and its local derivative ∂L/∂s, written out, which starts the backward pass.
 */
final class HeadMath {
    private final NetworkPlan plan;
    private final String s = mi("s");
    private final String k = mi("k");
    private final String y = mi("y");

    HeadMath(NetworkPlan plan) {
        this.plan = plan;
    }

    private String sk() {
        return sub(s, k);
    }

    private String sum(String index, String body) {
        return row(under(mo("∑"), index), body);
    }

    private String exp(String exponent) {
        return sup(mi("e"), exponent);
    }

    /** {@code s = h_L ∈ ℝ^K}: what the head scores. */
    Step scores() {
        Notation n = Notation.absolute(plan.depth());
        return Step.identity(block(s, mo("="), n.h(plan.depth()), gap(), in(s, real(plan.outputs()))),
                "the output layer's values, the scores the loss reads");
    }

    /** The loss of one example, in its stable form. */
    Step loss() {
        String math;
        String note;
        int outputs = plan.outputs();
        switch (plan.loss()) {
            case SOFTMAX_CROSS_ENTROPY:
                math = block(mi("L"), mo("="), mo("−"), mi("log"), MathMl.thin(), sub(mi("softmax"), y), paren(s), mo("="),
                        mi("log"), sum(k, exp(row(sk(), mo("−"), mi("m")))), mo("+"), mi("m"), mo("−"), sub(s, y), gap(),
                        mi("m"), mo("="), under(mi("max"), k), MathMl.thin(), sk());
                note = "log-sum-exp: subtracting the largest score m keeps every exponential at most 1";
                break;
            case MULTICLASS_HINGE:
                math = block(mi("L"), mo("="), mi("max"), paren(mn(0), mo(","), mn(1), mo("+"), sub(s, mi("r")),
                        mo("−"), sub(s, y)), gap(), mi("r"), mo("="), under(mi("argmax"), row(k, mo("≠"), y)), MathMl.thin(), sk());
                note = "the multiclass hinge (SVM) loss; r is the best-scoring wrong class (the first on ties)";
                break;
            case SIGMOID_CROSS_ENTROPY:
                math = block(mi("L"), mo("="), sum(k, row(mi("max"), paren(sk(), mo(","), mn(0)), mo("−"), sk(),
                        sub(mi("t"), k), mo("+"), mi("log"), paren(mn(1), mo("+"), exp(row(mo("−"), MathMl.fence("|"), sk(),
                        MathMl.fence("|")))))));
                note = (outputs == 1 ? "the target t = y ∈ {0, 1}" : "one-vs-rest targets t_k = [k = y]")
                        + "; the stable form of −t log σ(s) − (1 − t) log(1 − σ(s)): no exponential of a positive number";
                break;
            case MEAN_SQUARED_ERROR:
                math = block(mi("L"), mo("="), frac(mn(1), mn(outputs)), sum(k, sup(paren(sk(), mo("−"),
                        sub(mi("t"), k)), mn(2))));
                note = "the mean over the " + outputs + " output" + (outputs == 1 ? "" : "s") + " of the squared error";
                break;
            default:
                throw new AssertionError(plan.loss());
        }
        return new Step(math, note, MethodNames.OUTPUT_LOSS, "L = ", true);
    }

    /** ∂L/∂s, derived. */
    Step gradient() {
        String math;
        String note;
        String dk = frac(row(MathMl.prefix("∂"), mi("L")), row(MathMl.prefix("∂"), sk()));
        switch (plan.loss()) {
            case SOFTMAX_CROSS_ENTROPY:
                math = block(dk, mo("="), frac(exp(sk()), sum(mi("j"), exp(sub(s, mi("j"))))), mo("−"),
                        row(MathMl.fence("["), k, mo("="), y, MathMl.fence("]")), gap(), grad(s), mo("="), mi("softmax"), paren(s), mo("−"),
                        mi("onehot"), paren(y));
                note = "from " + inline(mi("L"), mo("="), mi("log"), sum(mi("j"), exp(sub(s, mi("j")))), mo("−"),
                        sub(s, y));
                break;
            case MULTICLASS_HINGE:
                math = block(grad(s), mo("="), mi("onehot"), paren(mi("r")), mo("−"), mi("onehot"), paren(y),
                        MathMl.words("if"), mn(1), mo("+"), sub(s, mi("r")), mo("−"), sub(s, y), mo(">"), mn(0),
                        mo(","), MathMl.words("else"), mn(0));
                note = "the margin met, the loss is flat; otherwise it rises with the rival's score and falls with y's";
                break;
            case SIGMOID_CROSS_ENTROPY:
                math = block(dk, mo("="), frac(exp(sk()), row(mn(1), mo("+"), exp(sk()))), mo("−"), sub(mi("t"), k),
                        mo("="), mi("σ"), paren(sk()), mo("−"), sub(mi("t"), k));
                note = "since " + inline(mi("max"), paren(mi("s"), mo(","), mn(0)), mo("+"), mi("log"),
                        paren(mn(1), mo("+"), exp(row(mo("−"), MathMl.fence("|"), s, MathMl.fence("|")))), mo("="), mi("log"),
                        paren(mn(1), mo("+"), exp(s))) + " for either sign of s";
                break;
            case MEAN_SQUARED_ERROR:
                math = block(dk, mo("="), frac(mn(2), mn(plan.outputs())), paren(sk(), mo("−"), sub(mi("t"), k)));
                note = "the derivative of each squared error, divided by the number of outputs";
                break;
            default:
                throw new AssertionError(plan.loss());
        }
        return new Step(math, note, MethodNames.OUTPUT_LOSS, plan.loss() == Loss.MEAN_SQUARED_ERROR ? "L = " : "dL/d",
                true);
    }

    /** {@code ∂L/∂h_L = ∂L/∂s}: where the layers' backward pass starts. */
    Step start() {
        Notation n = Notation.absolute(plan.depth());
        return Step.identity(block(grad(n.h(plan.depth())), mo("="), grad(s)),
                "written by " + Html.code(MethodNames.OUTPUT_LOSS) + " into the output layer's gradient buffer");
    }

    /** The steps of the head, in order. */
    List<Step> steps() {
        return List.of(scores(), loss(), gradient(), start());
    }
}
