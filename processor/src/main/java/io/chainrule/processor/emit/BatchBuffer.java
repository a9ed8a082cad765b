package io.chainrule.processor.emit;

import io.chainrule.processor.plan.LayerPlan;
import java.util.Optional;

/**
 * The kinds of per-example activation buffer, each with its batch twin: a field
 * {@code batchZ[l][e][i]} holding {@code zl[i]} of example {@code e}, and so on. One field per
 * kind, indexed by layer, rather than one per layer: a 1,000-layer network would otherwise add
 * thousands of fields to the class's constant pool.
 */
enum BatchBuffer {
    Z("batchZ"),
    H("batchH"),
    A("batchA"),
    DZ("batchDz"),
    DH("batchDh");

    private final String field;

    BatchBuffer(String field) {
        this.field = field;
    }

    String field() {
        return field;
    }

    /**
     * The per-example buffer of this kind in layer {@code l}, if the layer has a separate one: a
     * linear layer's h and dL/dh are its z and dL/dz, and only a residual non-identity layer has a.
     */
    Optional<String> name(LayerPlan l) {
        switch (this) {
            case Z:
                return Optional.of(Names.z(l));
            case H:
                return l.linear() ? Optional.empty() : Optional.of(Names.h(l));
            case A: {
                String a = Names.activated(l);
                return a.equals(Names.z(l)) || a.equals(Names.h(l)) ? Optional.empty() : Optional.of(a);
            }
            case DZ:
                return Optional.of(Names.dz(l));
            default:
                return l.linear() ? Optional.empty() : Optional.of(Names.dh(l));
        }
    }
}
