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

    public static NetworkPlan plan(NetworkSpec spec) {
        List<LayerPlan> layers = new ArrayList<>();
        long unrolledMacs = 0;
        for (int l = 1; l <= spec.depth(); l++) {
            LayerSpec layer = spec.layers().get(l - 1);
            int inputs = spec.size(l - 1);
            long macs = (long) inputs * layer.units();
            boolean unrolled = unrolled(spec.shape(), macs, unrolledMacs);
            unrolledMacs += unrolled ? macs : 0;
            int sourceUnits = layer.skip() > 0 ? spec.size(l - layer.skip()) : 0;
            layers.add(new LayerPlan(l, inputs, layer.units(), layer.activation(), layer.skip(), sourceUnits,
                    layer.projection(), unrolled, l == spec.depth()));
        }
        return new NetworkPlan(spec, layers);
    }

    /** UNROLLED and LOOPS as declared; AUTO unrolls tiny layers while the network's budget lasts. */
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
