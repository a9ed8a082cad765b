package io.chainrule.processor.plan;

import io.chainrule.CodeShape;
import io.chainrule.processor.spec.LayerSpec;
import io.chainrule.processor.spec.Limits;
import io.chainrule.processor.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;

/** Chooses the code shape of every layer. */
public final class Planner {
    private Planner() {
    }

    /** The plan in the declared shape. */
    public static NetworkPlan plan(NetworkSpec spec) {
        return plan(spec, spec.shape());
    }

    /**
     * The plan in {@code shape}: the declared one, or {@code LOOPS} where {@code AUTO}'s unrolled
     * layers would not fit in one class file.
     */
    public static NetworkPlan plan(NetworkSpec spec, CodeShape shape) {
        List<LayerPlan> layers = new ArrayList<>();
        long unrolledMacs = 0;
        for (int l = 1; l <= spec.depth(); l++) {
            LayerSpec layer = spec.layers().get(l - 1);
            int sourceUnits = layer.skip() > 0 ? spec.size(l - layer.skip()) : 0;
            LayerPlan looped = new LayerPlan(l, spec.size(l - 1), layer.units(), layer.activation(), layer.skip(),
                    sourceUnits, layer.projection(), false, l == spec.depth());
            boolean unrolled = unrolled(shape, looped.macs(), unrolledMacs);
            unrolledMacs += unrolled ? looped.macs() : 0;
            layers.add(unrolled ? looped.withUnrolled() : looped);
        }
        return new NetworkPlan(spec, layers, true);
    }

    /**
     * UNROLLED and LOOPS as declared; AUTO unrolls tiny layers (counting a projection's
     * multiply-adds too) while the network's budget lasts.
     */
    private static boolean unrolled(CodeShape shape, long macs, long unrolledSoFar) {
        switch (shape) {
            case UNROLLED:
                return true;
            case LOOPS:
                return false;
            default:
                return macs <= Limits.AUTO_UNROLL_MAX_MACS
                        && unrolledSoFar + macs <= Limits.MAX_UNROLLED_NETWORK_MACS;
        }
    }
}
