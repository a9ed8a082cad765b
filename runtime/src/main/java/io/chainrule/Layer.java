package io.chainrule;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One dense layer {@code h = a(W h' + b)} inside {@link Network#layers()}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Layer {
    /** Number of units (outputs) of the layer; at least 1. */
    int units();

    /** The layer's non-linearity. */
    Activation activation();
}
