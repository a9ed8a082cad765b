package io.chainrule.processor.plan;

import io.chainrule.CodeShape;
import io.chainrule.processor.read.Messages;
import io.chainrule.processor.spec.Limits;
import io.chainrule.processor.spec.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The size limits of {@link Limits}, checked on the plan, where every part of every layer is
 * known: weights and residual projections, each copy of a repeated layer, and the code shape
 * that {@code AUTO} chose. A problem of a layer is put on the {@code @Layer} entry it comes from,
 * once per entry.
 */
public final class SizeCheck {
    private SizeCheck() {
    }

    public static List<Problem> check(NetworkPlan plan) {
        List<Problem> problems = new ArrayList<>();
        long parameters = 0;
        long unrolledMacs = 0;
        Map<Integer, Problem> byEntry = new TreeMap<>();
        boolean declaredUnrolled = plan.spec().shape() == CodeShape.UNROLLED;
        for (LayerPlan l : plan.layers()) {
            parameters = saturatedAdd(parameters, l.parameters());
            if (!l.unrolled()) {
                continue;
            }
            unrolledMacs = saturatedAdd(unrolledMacs, l.macs());
            int entry = plan.spec().layers().get(l.index() - 1).entry();
            Problem earlier = byEntry.get(entry);
            if (l.macs() > Limits.MAX_UNROLLED_MACS && (earlier == null || !earlier.error())) {
                // the first copy of a repeated layer can be small and the next one too large
                byEntry.put(entry, Problem.errorOnLayer(Messages.tooLargeToUnroll(l.index(), l.inputs(), l.units(),
                        l.projected() ? l.sourceUnits() : 0, l.macs()), entry));
            } else if (declaredUnrolled && l.macs() > Limits.SLOW_UNROLLED_MACS && earlier == null) {
                byEntry.put(entry, Problem.warningOnLayer(Messages.slowUnrolled(l.index(), l.inputs(), l.units()), entry));
            }
        }
        problems.addAll(byEntry.values());
        if (unrolledMacs > Limits.MAX_UNROLLED_NETWORK_MACS) {
            problems.add(Problem.error(Messages.tooLargeToUnrollNetwork(unrolledMacs), Problem.On.SHAPE));
        }
        if (parameters > Limits.MAX_PARAMETERS) {
            problems.add(Problem.error(Messages.tooManyParameters(parameters), Problem.On.LAYERS));
        }
        return problems;
    }

    /** {@code a + b} for non-negative values, held at {@code Long.MAX_VALUE} instead of wrapping. */
    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
