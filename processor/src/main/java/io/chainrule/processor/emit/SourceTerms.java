package io.chainrule.processor.emit;

import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases of the generated pass methods as another writer sees them: for each, what it
 * computes, the method that holds it and the first line of its chain-rule comment, exactly as
 * the class's emitters write them (they come from the same {@link LayerCode} calls), so the
 * derivation page can find every comment in the rendered source.
 */
public final class SourceTerms {
    private final NetworkPlan plan;
    private final ForwardPass forward;
    private final PassMethods backward;
    private final PassMethods backwardStep;
    private final LoopCode loops;

    /**
     * One phase of generated code.
     *
     * @param term what it computes
     * @param method the generated method whose body holds its comment (its part methods, if any, follow it)
     * @param comment the first line of its comment, without {@code // }
     */
    public record SourceTerm(Term term, String method, String comment) {
    }

    public SourceTerms(NetworkPlan plan) {
        this.plan = plan;
        Numeric num = new Numeric(plan.precision());
        this.forward = new ForwardPass(plan, num);
        this.backward = LayerPasses.backward(plan, num, forward);
        this.backwardStep = LayerPasses.backwardStep(plan, num, forward);
        this.loops = new LoopCode(num);
    }

    /** The method that computes layer {@code l}'s forward pass: {@code forward<l>}, or the one its run shares. */
    public String forwardMethod(LayerPlan l) {
        return forward.methods().name(l);
    }

    /** The method that computes layer {@code l}'s backward pass: {@code backward<l>}, or the one its run shares. */
    public String backwardMethod(LayerPlan l) {
        return backward.name(l);
    }

    /** The phases of {@code forward<l>}, or of the forward method layer l's run shares. */
    public List<SourceTerm> forward(LayerPlan l) {
        return terms(forward.methods(), l);
    }

    /** The phases of {@code backward<l>}, or of the backward method layer l's run shares. */
    public List<SourceTerm> backward(LayerPlan l) {
        return terms(backward, l);
    }

    /** The phases of {@code backwardStep<l>}, or of the method layer l's run shares. */
    public List<SourceTerm> backwardStep(LayerPlan l) {
        return terms(backwardStep, l);
    }

    private static List<SourceTerm> terms(PassMethods methods, LayerPlan l) {
        return terms(methods.name(l), methods.phases(l));
    }

    /** The phases of {@code inputGradient(out)}. */
    public List<SourceTerm> inputGradient() {
        return terms(MethodNames.INPUT_GRADIENT, ModelEmitter.inputGradientPhases(plan, loops));
    }

    private static List<SourceTerm> terms(String method, List<Phase> phases) {
        List<SourceTerm> terms = new ArrayList<>();
        for (Phase phase : phases) {
            terms.add(new SourceTerm(phase.term(), method, phase.comment().get(0)));
        }
        return terms;
    }
}
