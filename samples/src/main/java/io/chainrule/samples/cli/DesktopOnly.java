package io.chainrule.samples.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class of the desktop command-line app, which uses Java APIs that Android lacks
 * ({@code java.awt} for the plot, {@code java.util.function}, the terminal). The samples build
 * tells animal-sniffer to skip classes so marked; every other class, the generated models among
 * them, is checked against the Android API 21 signature.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DesktopOnly {
}
