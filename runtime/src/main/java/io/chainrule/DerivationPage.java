package io.chainrule;

/**
 * Where Chainrule writes the derivation page of a network: a self-contained HTML file named after
 * the generated class ({@code XorModel.html}), in its package, that derives the forward pass, the
 * loss and the backward pass in MathML with the network's sizes, links every equation to the
 * generated method and line that computes it, and draws the computation graph. It needs no
 * script and no network connection to read.
 */
public enum DerivationPage {
    /**
     * Beside the generated source ({@code StandardLocation.SOURCE_OUTPUT}: Maven's
     * {@code target/generated-sources/annotations}, Gradle's
     * {@code build/generated/sources/annotationProcessor}), which no jar or APK packages. The
     * default: the page costs a few kilobytes of build output and never ships.
     */
    GENERATED_SOURCES,
    /**
     * Beside the compiled class ({@code StandardLocation.CLASS_OUTPUT}), as a resource that the
     * jar or APK ships and {@code getResource("XorModel.html")} finds: for an app that shows
     * the page.
     */
    CLASS_OUTPUT,
    /** No page. */
    NONE
}
