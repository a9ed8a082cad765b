package io.chainrule.processor.read;

import io.chainrule.Loss;
import io.chainrule.processor.spec.Limits;
import java.util.Locale;

/** Every diagnostic the processor reports, in one place so tests can use the same texts. */
public final class Messages {
    private Messages() {
    }

    /**
     * The {@code @SuppressWarnings} value that silences Chainrule's warnings on an annotated type
     * (and the types nested in it), for a network that is unwise on purpose.
     */
    public static final String SUPPRESS_WARNINGS = "chainrule";

    public static final String NOT_INTERFACE_OR_ABSTRACT_CLASS =
            "@Network must annotate an interface or an abstract class; Chainrule generates the class that implements it";
    public static final String ENUM = "@Network cannot annotate an enum; declare an interface instead";
    public static final String FINAL_CLASS =
            "@Network cannot annotate a final class: the generated class must extend it; remove 'final' or use an interface";
    public static final String GENERIC =
            "@Network cannot annotate a generic type: a network has fixed shapes; remove the type parameters";
    public static final String INNER_CLASS =
            "@Network cannot annotate an inner class: the generated class cannot extend it without an enclosing instance; make it static";
    public static final String PRIVATE =
            "@Network cannot annotate a private type: the generated class in the same package could not see it; make it package-private or public";
    public static final String LOCAL =
            "@Network cannot annotate a local or anonymous class; declare a top-level or static nested type";
    public static final String NO_CONSTRUCTOR =
            "@Network abstract class needs a non-private constructor without parameters for the generated class to call";
    public static final String NO_LAYERS =
            "@Network declares no layers; add at least the output layer, e.g. layers = @Layer(units = 10, activation = Activation.IDENTITY)";

    public static String nonPositiveInputs(int inputs) {
        return "inputs = " + inputs + " is not a valid input size; it must be at least 1";
    }

    public static String nonPositiveUnits(int layer, int units) {
        return "layer " + layer + " has units = " + units + "; a layer needs at least 1 unit";
    }

    public static String negativeSkip(int layer, int skip) {
        return "layer " + layer + " has skip = " + skip + "; use 0 for no residual connection, or the number of layers to skip";
    }

    public static String skipBeforeInput(int layer, int skip) {
        return "layer " + layer + " has skip = " + skip + ", which reaches before the input (layer 0); "
                + "the largest skip for layer " + layer + " is " + layer;
    }

    public static String skipWidthMismatch(int layer, int units, int source, int sourceUnits) {
        return "layer " + layer + " (" + units + " units) cannot add the output of "
                + (source == 0 ? "the input" : "layer " + source) + " (" + sourceUnits + " values): a residual "
                + "connection needs equal widths; make them equal or set projection = true to learn a "
                + sourceUnits + " x " + units + " projection";
    }

    public static String projectionWithoutSkip(int layer) {
        return "layer " + layer + " has projection = true but no skip; set skip = 1 (or more) to say which output it projects";
    }

    public static String nonPositiveRepeat(int repeat) {
        return "repeat = " + repeat + " declares no layers; it must be at least 1";
    }

    public static String tooManyParameters(long parameters) {
        return String.format(Locale.ROOT,
                "this network has %s parameters; Chainrule supports at most %,d (parameterCount() is an int and a Java array holds at most that many elements)",
                parameters == Long.MAX_VALUE ? "more than 9.2e18" : String.format(Locale.ROOT, "%,d", parameters),
                Limits.MAX_PARAMETERS);
    }

    public static String tooManyLayers(long layers) {
        return String.format(Locale.ROOT, "this network has %,d layers; Chainrule supports at most %,d "
                + "(each layer adds about 40 entries to the generated class's constant pool, which holds 65,535)",
                layers, Limits.MAX_LAYERS);
    }

    public static String tooLargeToUnroll(int layer, int inputs, int units, int projected, long macs) {
        String parts = projected > 0
                ? String.format(Locale.ROOT, "%d inputs x %d units, plus a %d x %d projection", inputs, units, projected, units)
                : String.format(Locale.ROOT, "%d inputs x %d units", inputs, units);
        return String.format(Locale.ROOT,
                "layer %d (%s = %,d multiply-adds) is too large for shape = UNROLLED, which allows at most %,d per layer "
                        + "(one statement per multiply-add: past that, javac takes minutes and the class file overflows); "
                        + "use shape = LOOPS or AUTO, or fewer units",
                layer, parts, macs, Limits.MAX_UNROLLED_MACS);
    }

    public static String tooLargeToUnrollNetwork(long macs) {
        return String.format(Locale.ROOT,
                "the network's layers total %,d multiply-adds (projections included), too many for shape = UNROLLED, "
                        + "which allows at most %,d per network (the class file's constant pool overflows); "
                        + "use shape = LOOPS or AUTO",
                macs, Limits.MAX_UNROLLED_NETWORK_MACS);
    }

    public static String tooManyConstants(long entries, boolean unrolled) {
        return String.format(Locale.ROOT,
                "the generated class would need about %,d constant-pool entries, more than the %,d a class file holds "
                        + "(every layer adds fields and methods, and every part method of unrolled code three entries); "
                        + "%s",
                entries, Limits.CONSTANT_POOL_ENTRIES, unrolled
                        ? "use shape = LOOPS or AUTO, or fewer layers"
                        : "use fewer layers");
    }

    public static String needsTwoOutputs(Loss loss) {
        return "loss " + loss + " needs at least 2 output units, but the last layer has 1; "
                + "use SIGMOID_CROSS_ENTROPY for one output (binary classification)";
    }

    public static String activationAlreadyApplied(Loss loss) {
        return "loss " + loss + " already applies the sigmoid to the output layer; "
                + "declare the output layer with activation = Activation.IDENTITY";
    }

    public static String invalidName(String name) {
        return "name = \"" + name + "\" is not a valid Java class name";
    }

    public static String inPrivateType(String enclosing) {
        return "@Network cannot annotate a type nested in the private type " + enclosing
                + ": the generated class, top-level in the same package, could not see it; make " + enclosing
                + " package-private or move the annotated type out of it";
    }

    public static String sealed(String type, String generatedName) {
        return "sealed " + type + " does not permit the generated class; add it to the permits clause: permits "
                + generatedName;
    }

    public static String constructorThrows(String exception) {
        return "the generated class calls this constructor, which throws the checked exception " + exception
                + ", from its own constructors; remove the throws clause or add a constructor that throws no checked exception";
    }

    public static String hidesPackage(String name) {
        return "a member named '" + name + "' hides the package " + name + " in the generated class, whose code "
                + "names types such as " + name + (name.equals("java") ? ".util.Arrays" : ".chainrule.Activation")
                + " by their qualified names; rename it";
    }

    public static String memberClash(String owner, String signature, String problem, String generatedName) {
        return "method " + signature + " of " + owner + " clashes with the method " + generatedName
                + " generates with that signature: " + problem;
    }

    public static String reservedName(String name) {
        return "name = \"" + name + "\" cannot name a class: '" + name + "' is a restricted identifier in Java; choose another name";
    }

    public static String invisibleCharacter(String name, int codePoint) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().forEach(c -> shown.append(Character.isIdentifierIgnorable(c)
                ? String.format(Locale.ROOT, "\\u%04X", c) : new String(Character.toChars(c))));
        return String.format(Locale.ROOT, "the class name \"%s\" contains the invisible character U+%04X, which javac "
                + "ignores in identifiers but a file name cannot hold; remove it", shown, codePoint);
    }

    public static String nameTooLong(String name, int fileNameBytes, int limit) {
        return String.format(Locale.ROOT, "the generated class %s... would be compiled to a file whose name takes %d "
                + "bytes, more than the %d a file system allows; choose a shorter name = \"...\"",
                name.substring(0, Math.min(name.length(), 40)), fileNameBytes, limit);
    }

    public static String cannotWrite(String qualifiedName, String reason) {
        return "cannot write the generated class " + qualifiedName + ": " + reason;
    }

    public static String cannotWritePage(String fileName, String reason) {
        return "cannot write the derivation page " + fileName + ": " + reason
                + "; page = DerivationPage.NONE leaves it out";
    }

    public static String unknownConstant(String type, String constant) {
        return type + "." + constant + " is not known to this version of the Chainrule processor; "
                + "use the processor of the same version as the runtime";
    }

    public static String nameClash(String qualifiedName) {
        return "the generated class " + qualifiedName + " would clash with an existing type; choose another name = \"...\"";
    }

    public static String abstractMethod(String method, String modelInterface) {
        return "abstract method " + method + " cannot be generated: Chainrule implements only the methods of "
                + modelInterface + "; give it a default body";
    }

    public static String wrongPrecisionInterface(String declared, String precision) {
        return "the annotated type extends " + declared + " but precision = " + precision
                + "; extend the interface of that precision or change the precision";
    }

    // @Inference: the inference-only class of a network, and the weights it compiles in.

    public static String notANetwork(String type) {
        return "network = " + type + ".class is not annotated with @Network; name the @Network type whose trained "
                + "weights this inference class runs";
    }

    public static String networkHasErrors(String type, String firstError) {
        return "the network " + type + " has errors, so its inference class cannot be generated; the first: " + firstError;
    }

    public static String inferenceExtendsModel(String model) {
        return "an @Inference type cannot extend " + model + ": the inference class has no training methods; "
                + "extend FloatPredictor or DoublePredictor instead";
    }

    public static String wrongPrecisionPredictor(String declared, String network, String precision, String wanted) {
        return "the annotated type extends " + declared + " but the network " + network + " has precision = "
                + precision + "; extend " + wanted;
    }

    public static String weightsNotFound(String resource) {
        return "weights = \"" + resource + "\": no such file on the source path, on the class path or in the class "
                + "output; put the model file in src/main/resources/" + resource + " (Maven copies resources to the "
                + "class output before compiling) or in a directory on javac's source or class path";
    }

    public static String weightsInvalidName(String resource) {
        return "weights = \"" + resource + "\" is not a resource path; write a relative path such as "
                + "\"models/network.chrl\", with '/' between directories and no '.' or '..' parts";
    }

    public static String weightsUnreadable(String resource, String reason) {
        return "weights = \"" + resource + "\" cannot be read: " + reason;
    }

    public static String weightsInvalid(String resource, String problem) {
        return "weights = \"" + resource + "\" cannot be compiled in: " + problem;
    }

    public static String weightsTooLarge(String resource, long bytes, long maxBytes) {
        return String.format(Locale.ROOT, "weights = \"%s\": the network has %,d bytes of parameters, more than the "
                + "%,d that Chainrule compiles into a class; leave weights empty and load the file at run time "
                + "with ModelFile", resource, bytes, maxBytes);
    }

    /** Added to an architecture mismatch that is only one of precision. */
    public static String weightsPrecisionHint(String filePrecision, String networkPrecision) {
        return " (the file holds " + filePrecision + " parameters but the network computes in " + networkPrecision
                + "; save the file from a network declared with the same precision)";
    }

    public static String internalError(String type, Throwable error) {
        StackTraceElement[] trace = error.getStackTrace();
        return "Chainrule internal error while generating the network of " + type + ": " + error
                + (trace.length > 0 ? " at " + trace[0] : "") + "; please report this with the annotated type";
    }

    // Warnings: legal, but probably not what the user wants.

    public static String vanishingSigmoids(int count) {
        return String.format(Locale.ROOT,
                "%d sigmoid hidden layers: each multiplies the backpropagated gradient by sigmoid' <= 0.25, "
                        + "so the first layers' gradients shrink by up to 0.25^%d = %.1e and they barely learn; "
                        + "use RELU or TANH hidden layers", count, count, Math.pow(0.25, count));
    }

    public static String linearHiddenLayer(int layer) {
        return "hidden layer " + layer + " has activation IDENTITY: two linear layers in a row compute just one "
                + "linear map, so it adds parameters but no expressive power; use a non-linear activation";
    }

    public static String outputActivationBeforeHead(Loss loss, String activation) {
        return "the output layer's " + activation + " runs before " + loss
                + ", which expects unbounded scores; declare the output layer with activation = Activation.IDENTITY";
    }

    public static String slowUnrolled(int layer, int inputs, int units) {
        return "layer " + layer + " (" + inputs + " x " + units + ") is unrolled into straight-line code, which runs "
                + "several times slower than LOOPS for layers of this size (C2 vectorises loops only); "
                + "UNROLLED is meant for reading";
    }
}
