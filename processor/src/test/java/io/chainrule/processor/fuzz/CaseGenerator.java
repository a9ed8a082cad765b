package io.chainrule.processor.fuzz;

import static io.chainrule.processor.fuzz.NetworkGenerator.pick;

import io.chainrule.CodeShape;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.fuzz.FuzzCase.Expectation;
import io.chainrule.processor.fuzz.FuzzCase.TypeNode;
import io.chainrule.processor.fuzz.FuzzCase.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a seed into a {@link FuzzCase}: a valid declaration (45%), an invalid one (30%: each
 * documented error of the values or of the annotated type, and erroneous values javac reports),
 * or unusual but legal Java around a valid network (25%: odd names, {@code $}, restricted
 * identifiers, unicode, sealed types, private enclosing classes, throwing constructors, methods
 * and member types that clash with what the generated code declares or uses, deprecation, ...).
 * The same seed gives the same case.
 */
final class CaseGenerator {
    /** Names javac or java.lang or the generated code's imports give a meaning to. */
    static final String[] SHADOWING_NAMES = {"Override", "Targets", "Arrays", "Random", "Activations", "Initializer",
        "Generated", "Activation", "Loss", "Precision", "String", "Math", "StrictMath", "System", "Object",
        "IllegalArgumentException", "UnsupportedOperationException", "IndexOutOfBoundsException", "Float", "Double",
        "Integer", "Long", "FloatModel", "DoubleModel", "Model", "Deprecated", "SuppressWarnings", "Network", "Layer",
        "Sgd", "Iterable", "Character", "Boolean", "Number", "Exception", "RuntimeException", "Error", "Void",
        "Class", "Thread", "Runnable", "Comparable", "CharSequence", "StringBuilder"};
    static final String[] RESTRICTED = {"var", "yield", "record", "sealed", "permits", "_", "when", "module", "open",
        "exports", "non", "to", "with"};
    static final String[] UNICODE = {"Réseau", "Сеть", "网络", "Δίκτυο", "𝒩et", "ÆØÅ", "Ωmega", "ネット", "Netz_ß", "µNet"};

    /** The ways the unusual cases bend Java. */
    enum Quirk {
        DOLLAR_NAME, DOLLAR_TYPE, RESTRICTED_NAME, IGNORABLE_NAME, UNICODE, SEALED_PERMITTED, SEALED_OTHER,
        SEALED_CLASS, PRIVATE_OUTER, PROTECTED_OUTER, THROWING_CONSTRUCTOR, CLASHING_METHOD, MEMBER_TYPE,
        MEMBER_CONSTANT, DEPRECATED, OBJECT_METHODS_ABSTRACT, SERIALIZABLE, PACKAGE, DEEP_NESTING, COMPANION_TYPE,
        TYPE_NAMED_LIKE, NAME_LIKE, DEFAULT_NAME_CLASH, NESTED_IN_ANNOTATED, HIERARCHY, CLASS_STATE, STRICTFP,
        GENERIC_SUPERCLASS, GENERIC_DEFAULT_METHOD, SUPPRESS_WARNINGS, CONTRACT_REDECLARED, VARARGS_CONSTRUCTOR,
        SEVERAL_IN_ONE_FILE, EXTRA_INTERFACE, LONG_NAME, SPELLING, SELF_REFERENCE
    }

    private CaseGenerator() {
    }

    /** The case of {@code seed}. */
    static FuzzCase generate(long seed) {
        Random r = new Random(seed);
        double p = r.nextDouble();
        Expectation expectation = p < 0.45 ? Expectation.VALID : p < 0.75 ? Expectation.INVALID : Expectation.UNUSUAL;
        Draft d = new Draft(seed, expectation, r);
        switch (expectation) {
            case VALID -> d.valid();
            case INVALID -> d.invalid();
            default -> d.unusual();
        }
        return d.finish();
    }

    /** A case being built. */
    private static final class Draft {
        final Random r;
        final long seed;
        final Expectation expectation;
        String pkg;
        FuzzNetwork net;
        /** Write fully qualified Chainrule names (the case declares types that would shadow the imported ones). */
        boolean qualified;
        boolean isInterface;
        String typeName = "Net";
        String visibility = "public ";
        /** Extra text for the annotated type's header: e.g. {@code strictfp }, {@code sealed }. */
        String headerModifiers = "";
        String superTypes = null;
        String permits = "";
        /** Enclosing types of the annotated one, outermost first: header text and name. */
        final List<String[]> outers = new ArrayList<>();
        final List<String> members = new ArrayList<>();
        final List<String> annotations = new ArrayList<>();
        final List<String> tags = new ArrayList<>();
        final List<Unit> extraUnits = new ArrayList<>();
        final List<TypeNode> extraTopLevel = new ArrayList<>();
        final List<TypeNode> extraAnnotated = new ArrayList<>();
        /** Whether the network's extends clause names the model interface of its precision. */
        boolean extendsModel;
        int release = 8;
        boolean solo;
        boolean compileOnly;
        boolean recompile;
        boolean staticImports;
        /** Wrap the annotated type into a method of its enclosing type (a local class). */
        boolean local;
        /** Fixed header (enum, record, ...) replacing the one built from the fields above. */
        String fixedHeader;

        Draft(long seed, Expectation expectation, Random r) {
            this.seed = seed;
            this.expectation = expectation;
            this.r = r;
            this.pkg = "fuzz.c" + Long.toHexString(seed & 0xffff_ffff_ffffL);
        }

        String q(String simple) {
            return (qualified ? "io.chainrule." : "") + simple;
        }

        String f() {
            return net.precision == Precision.FLOAT ? "float" : "double";
        }

        void valid() {
            boolean big = r.nextDouble() < 0.04;
            net = big ? NetworkGenerator.big(r) : NetworkGenerator.small(r);
            if (big) {
                tags.add("big");
                solo = true;
                compileOnly = net.parameters().longValue() > 4_000_000;
            }
            commonShape();
            spell();
            if (!big && r.nextDouble() < 0.25 && net.parameters().longValue() < 3000 && !net.borderline()
                    && net.copy().problems().isEmpty()) {
                shapeFamily();
            }
            if (!big && r.nextDouble() < 0.06) {
                // an incremental build: the sources again, with the classes of the first build on the class path
                recompile = true;
                tags.add("recompiled beside its classes");
            }
            tags.add(0, "valid: " + net.summary());
        }

        void invalid() {
            net = NetworkGenerator.small(r);
            commonShape();
            int mutations = r.nextDouble() < 0.8 ? 1 : 2 + r.nextInt(2);
            for (int m = 0; m < mutations; m++) {
                double p = r.nextDouble();
                String what;
                if (p < 0.5) {
                    FuzzNetwork before = net.copy();
                    what = NetworkGenerator.breakValues(r, net);
                    if (what == null || (net.problems().isEmpty() && !net.borderline())) {
                        net = before;
                        what = NetworkGenerator.breakValues(r, net);
                    }
                    if (what == null || net.problems().isEmpty()) {
                        net = before;
                        net.inputs = 0;
                        what = "inputs < 1";
                    }
                    if (what.startsWith("too many") || what.startsWith("UNROLLED")) {
                        solo = true;
                    }
                } else if (p < 0.65) {
                    what = NetworkGenerator.erroneous(r, net);
                } else {
                    what = breakType();
                }
                tags.add("invalid: " + what);
            }
        }

        void unusual() {
            net = NetworkGenerator.small(r);
            if (r.nextDouble() < 0.1 && !net.borderline()) {
                net.shape = CodeShape.UNROLLED;
            }
            commonShape();
            int quirks = r.nextDouble() < 0.75 ? 1 : 2;
            List<Quirk> applied = new ArrayList<>();
            for (int i = 0; i < quirks; i++) {
                Quirk q = pick(r, Quirk.values());
                // each quirk once; one kind of sealed type; a quirk that needs a class where an earlier one needs an
                // interface (or the reverse) is replaced
                while (applied.contains(q) || (q.name().startsWith("SEALED") && applied.stream().anyMatch(
                        a -> a.name().startsWith("SEALED"))) || !quirk(q)) {
                    q = pick(r, Quirk.values());
                }
                applied.add(q);
            }
            if (r.nextDouble() < 0.3) {
                spell();
            }
            tags.add(0, "unusual: " + net.summary());
        }

        /** The plain Java shape of a declaration: interface or abstract class, nesting, model interface. */
        void commonShape() {
            isInterface = r.nextDouble() < 0.7;
            typeName = pick(r, new String[] {"Net", "Classifier", "Regressor", "Xor", "Deep", "Tiny", "N" + r.nextInt(100)});
            visibility = r.nextDouble() < 0.75 ? "public " : "";
            extendsModel = r.nextDouble() < 0.75;
            release = r.nextDouble() < 0.7 ? 8 : pick(r, new int[] {11, 17});
            staticImports = r.nextDouble() < 0.1;
            if (r.nextDouble() < 0.15) {
                int depth = 1 + r.nextInt(2);
                for (int i = 0; i < depth; i++) {
                    boolean outerInterface = r.nextBoolean();
                    String name = pick(r, new String[] {"Outer", "Models", "Holder", "Zoo"}) + i;
                    String mods = i == 0 ? "public " : outerInterface ? "" : "static ";
                    outers.add(new String[] {mods + (outerInterface ? "interface " : "class ") + name, name});
                }
            }
            if (!isInterface && r.nextDouble() < 0.3) {
                members.add(pick(r, new String[] {"protected %s() {\n}", "public %s() {\n}", "%s() {\n}"}));
            }
            if (r.nextDouble() < 0.15) {
                members.add("%DEFAULT% java.lang.String describe() {\n    return architecture() + \" \" + parameterCount();\n}");
                extendsModel = true;
            }
        }

        /** Unusual spellings of legal values: constant expressions, a constant of the type, member order. */
        void spell() {
            if (net.erroneous) {
                return;
            }
            net.explicitDefaults = r.nextDouble() < 0.15;
            net.reversed = r.nextDouble() < 0.15;
            net.bareSingleLayer = net.entries.size() == 1 && r.nextBoolean();
            if (r.nextDouble() < 0.2) {
                int n = net.inputs;
                net.inputsText = n > 1 && n < 100_000 && r.nextBoolean() ? "1 + " + (n - 1)
                        : pick(r, new String[] {"(" + n + ")", "0x" + Integer.toHexString(n), n + " * 1", "(char) " + n});
                if (n >= 0 && n <= 0xffff && r.nextDouble() < 0.3) {
                    net.inputsText = "(char) " + n;
                }
            }
            for (FuzzNetwork.Entry e : net.entries) {
                if (r.nextDouble() < 0.1 && e.units > 0 && e.units <= Short.MAX_VALUE) {
                    e.unitsText = pick(r, new String[] {"0" + Integer.toOctalString(e.units), e.units + "_0 / 10",
                        "Integer.SIZE / 32 * " + e.units, "(short) " + e.units});
                }
            }
            if (r.nextDouble() < 0.1 && net.inputs > 0) {
                net.inputsText = "%s.IN";
                members.add(0, "%CONST% int IN = " + net.inputs + ";");
            }
        }

        /** The same network in UNROLLED, LOOPS and AUTO: their predictions must agree to the last bit. */
        void shapeFamily() {
            tags.add("shapes UNROLLED/LOOPS/AUTO");
            for (CodeShape shape : CodeShape.values()) {
                if (shape == net.shape) {
                    continue;
                }
                FuzzNetwork other = net.copy();
                other.shape = shape;
                other.name = null;
                other.nameLiteral = null;
                other.inputsText = null;
                TypeNode t = new TypeNode(typeName + shape.name().charAt(0) + shape.name().substring(1).toLowerCase(),
                        "interface " + typeName + shape.name().charAt(0) + shape.name().substring(1).toLowerCase()
                        + " extends %MODEL%");
                t.network = other;
                extraAnnotated.add(t);
            }
        }

        /** One documented error of the annotated type; returns what it did. */
        String breakType() {
            switch (r.nextInt(17)) {
                case 0:
                    isInterface = false;
                    headerModifiers = "final ";
                    return "final class";
                case 1:
                    isInterface = false;
                    headerModifiers = "concrete ";
                    return "concrete class";
                case 2:
                    fixedHeader = "enum %s";
                    members.clear();
                    members.add("A, B;");
                    return "enum";
                case 3:
                    headerModifiers = "generic ";
                    return "generic type";
                case 4:
                    ensureOuterClass();
                    visibility = "private ";
                    return "private nested type";
                case 5:
                    ensureOuterClass();
                    isInterface = false;
                    headerModifiers = "inner ";
                    return "inner class";
                case 6:
                    ensureOuterClass();
                    local = true;
                    if (r.nextBoolean()) {
                        isInterface = false;
                    } else {
                        isInterface = true;
                        release = 17; // local interfaces are Java 16+
                    }
                    visibility = "";
                    localOnly = true;
                    return "local type (processors never see it)";
                case 7:
                    fixedHeader = "@interface %s";
                    members.clear();
                    return "annotation type";
                case 8:
                    release = 17;
                    fixedHeader = "record %s(int size)";
                    members.clear();
                    return "record";
                case 9:
                    isInterface = false;
                    members.removeIf(m -> m.contains("%s()"));
                    members.add(pick(r, new String[] {"private %s() {\n}", "protected %s(int size) {\n}",
                        "%s(String name, int size) {\n}"}));
                    return "no usable constructor";
                case 10:
                    if (isInterface) {
                        members.add(pick(r, new String[] {"double score();", "int[] sizes();", "void train(" + f() + "[] x);",
                            "float predict(float[] x);", "<T> T convert(Object o);"}));
                    } else {
                        members.add(pick(r, new String[] {"public abstract double score();", "abstract void train();",
                            "protected abstract int size(int layer, int unit);"}));
                    }
                    return "abstract method Chainrule cannot implement";
                case 11: {
                    extendsModel = false;
                    String scorer = "Scorer" + r.nextInt(10);
                    TypeNode s = new TypeNode(scorer, "interface " + scorer);
                    s.members.add("double score(" + f() + "[] x);");
                    extraTopLevel.add(s);
                    superTypes = scorer;
                    return "inherited abstract method";
                }
                case 12:
                    superTypes = q(net.precision == Precision.FLOAT ? "DoubleModel" : "FloatModel");
                    return "model interface of the other precision";
                case 13:
                    superTypes = q("FloatModel") + ", " + q("DoubleModel");
                    return "both model interfaces";
                case 14:
                    net.name = pick(r, new String[] {"not a name", "1Net", "a.b", "class", "Net-1", " Net", "Net ",
                        "enum", "true", "null", "int", "goto", "assert", "Net.Model", ".Net", "\t"});
                    return "invalid name \"" + net.name + "\"";
                case 15: {
                    String taken = pick(r, new String[] {"Taken", "NetModel", "Existing"});
                    TypeNode t = new TypeNode(taken, "class " + taken);
                    extraTopLevel.add(t);
                    net.name = taken;
                    return "name clashes with an existing type";
                }
                default: {
                    net.name = "Same" + r.nextInt(5);
                    FuzzNetwork other = net.copy();
                    other.name = net.name;
                    TypeNode t = new TypeNode("Other", "interface Other");
                    t.network = other;
                    extraAnnotated.add(t);
                    return "two networks claim one name";
                }
            }
        }

        void ensureOuterClass() {
            if (outers.isEmpty() || outers.get(outers.size() - 1)[0].contains("interface ")) {
                outers.add(new String[] {"public class Outer", "Outer"});
            }
        }

        /** Applies {@code quirk}; false if it needs the other kind of type than an earlier quirk. */
        boolean quirk(Quirk quirk) {
            String needs = switch (quirk) {
                case THROWING_CONSTRUCTOR, CLASS_STATE, GENERIC_SUPERCLASS, VARARGS_CONSTRUCTOR, SEALED_CLASS -> "class";
                case SEALED_OTHER -> "interface";
                case CLASHING_METHOD, OBJECT_METHODS_ABSTRACT -> forcedKind != null ? forcedKind
                        : r.nextBoolean() ? "class" : "interface";
                default -> null;
            };
            if (needs != null) {
                if (forcedKind != null && !forcedKind.equals(needs)) {
                    return false;
                }
                forcedKind = needs;
                isInterface = needs.equals("interface");
            }
            switch (quirk) {
                case DOLLAR_NAME -> net.name = pick(r, new String[] {"Net$Model", "$", "A$B", "Net$1", "$Model$", "Net$$"});
                case DOLLAR_TYPE -> typeName = pick(r, new String[] {"Net$1", "$Net", "Net$", "$", "A$B", "$1"});
                case RESTRICTED_NAME -> net.name = pick(r, RESTRICTED);
                case IGNORABLE_NAME -> net.name = pick(r, new String[] {"A\u0000B", "A\u00ADB", "A\u200BB", "Net\u0001",
                    "\u200BNet", "A\u007FB", "Net\u200E", "A\uFEFFB"});
                case UNICODE -> {
                    switch (r.nextInt(3)) {
                        case 0 -> typeName = pick(r, UNICODE);
                        case 1 -> net.name = pick(r, UNICODE);
                        default -> pkg = pkg + ".ü" + pick(r, new String[] {"ñ", "网", "δ", "x"});
                    }
                }
                case SEALED_PERMITTED -> {
                    release = 17;
                    outers.clear();
                    headerModifiers += "sealed ";
                    net.name = r.nextBoolean() ? null : "Sealed" + r.nextInt(9);
                    permitsGenerated = true;
                }
                case SEALED_OTHER -> {
                    release = 17;
                    outers.clear();
                    headerModifiers += "sealed ";
                    permits = " permits Sub";
                    TypeNode sub = new TypeNode("Sub", "non-sealed interface Sub extends %TYPE%");
                    extraTopLevel.add(sub);
                }
                case SEALED_CLASS -> {
                    release = 17;
                    outers.clear();
                    headerModifiers += "sealed ";
                    permitsGenerated = true;
                }
                case PRIVATE_OUTER -> {
                    outers.add(0, new String[] {"public class Outer", "Outer"});
                    outers.add(1, new String[] {"private static class Hidden", "Hidden"});
                }
                case PROTECTED_OUTER -> {
                    outers.add(0, new String[] {"public class Outside", "Outside"});
                    outers.add(1, new String[] {pick(r, new String[] {"protected", "", "public"}) + " static class Inside",
                        "Inside"});
                }
                case THROWING_CONSTRUCTOR -> {
                    members.removeIf(m -> m.contains("%s()"));
                    members.add(pick(r, new String[] {"protected %s() throws Exception {\n}",
                        "public %s() throws java.io.IOException {\n}", "%s() throws CloneNotSupportedException {\n}",
                        "protected %s() throws IllegalStateException {\n}", "protected %s() throws Throwable {\n}"}));
                }
                case CLASHING_METHOD -> clashingMethod();
                case MEMBER_TYPE -> {
                    qualified = true;
                    // the names of types the generated code uses, and the generated class's own name
                    String name = r.nextDouble() < 0.15 ? "%G%" : pick(r, SHADOWING_NAMES);
                    String kind = pick(r, new String[] {"class ", "interface ", "enum ", "@interface "});
                    members.add((isInterface ? "" : "static ") + kind + name + " {" + (kind.equals("enum ") ? " A " : "") + "}");
                    tags.add("member type " + name);
                }
                case MEMBER_CONSTANT -> {
                    String name = pick(r, new String[] {"Arrays", "Math", "StrictMath", "System", "Targets", "Activations",
                        "Initializer", "Float", "Double", "Integer", "Activation", "Loss", "Precision", "java", "io",
                        "javax", "Random", "String", "INPUTS", "OUTPUTS", "SIZES", "ACTIVATION", "ARRAYS_END",
                        "PARAMETERS", "DEFAULT_MAX_BATCH", "w1", "b1", "z1", "x", "off", "out", "parameters",
                        "gradients", "maxBatch", "Override"});
                    String type = pick(r, new String[] {"int", "String", "Object", "float[]"});
                    String value = switch (type) {
                        case "int" -> "1";
                        case "String" -> "\"shadow\"";
                        case "Object" -> "null";
                        default -> "{1f}";
                    };
                    members.add((isInterface ? "" : pick(r, new String[] {"static final ", "protected ", "public static "}))
                            + type + " " + name + " = " + value + ";");
                    tags.add("member constant " + name);
                }
                case DEPRECATED -> {
                    switch (r.nextInt(4)) {
                        case 0 -> annotations.add("@Deprecated");
                        case 1 -> {
                            release = 17;
                            annotations.add("@Deprecated(forRemoval = true)");
                        }
                        case 2 -> {
                            outers.add(0, new String[] {"@Deprecated public class Old", "Old"});
                        }
                        default -> {
                            // a deprecated method the generated class overrides
                            extendsModel = true;
                            members.add("@Deprecated\n" + pick(r, new String[] {"%DEFAULT% int classCount() {\n    return 0;\n}",
                                "%ABSTRACT% int inputSize();", "%ABSTRACT% java.lang.String architecture();",
                                "%DEFAULT% void zeroGradients() {\n}", "%ABSTRACT% " + f() + "[][] gradientArrays();"}));
                        }
                    }
                }
                case OBJECT_METHODS_ABSTRACT -> {
                    String m = pick(r, new String[] {"String toString();", "int hashCode();", "boolean equals(Object o);"});
                    members.add(isInterface ? m : "public abstract " + m);
                    if (!isInterface && r.nextBoolean()) {
                        members.add("protected abstract Object clone() throws CloneNotSupportedException;");
                    }
                }
                case SERIALIZABLE -> {
                    superTypes = "java.io.Serializable";
                    if (!isInterface && r.nextBoolean()) {
                        members.add("private static final long serialVersionUID = 1L;");
                    }
                }
                case PACKAGE -> {
                    switch (r.nextInt(4)) {
                        case 0 -> {
                            pkg = "";
                            solo = true;
                        }
                        case 1 -> pkg = pkg + ".a.b.c.d.e";
                        case 2 -> {
                            pkg = "io.chainrule.fuzz" + Long.toHexString(seed & 0xffffffL);
                            solo = true;
                        }
                        default -> pkg = pkg + "." + pick(r, new String[] {"Arrays", "java", "io", "model", "Net"});
                    }
                }
                case DEEP_NESTING -> {
                    int depth = 3 + r.nextInt(4);
                    for (int i = 0; i < depth; i++) {
                        boolean itf = r.nextBoolean();
                        String name = "L" + i;
                        outers.add(new String[] {(i == 0 ? "public " : itf ? "" : "static ") + (itf ? "interface " : "class ")
                            + name, name});
                    }
                }
                case COMPANION_TYPE -> {
                    qualified = true;
                    String name = pick(r, SHADOWING_NAMES);
                    Unit u = new Unit(name);
                    TypeNode t = new TypeNode(name, pick(r, new String[] {"class ", "interface ", "enum "}) + name);
                    if (t.header.startsWith("enum")) {
                        t.members.add("A");
                    }
                    u.types.add(t);
                    extraUnits.add(u);
                    tags.add("companion type " + name);
                }
                case TYPE_NAMED_LIKE -> {
                    qualified = true;
                    typeName = pick(r, SHADOWING_NAMES);
                }
                case NAME_LIKE -> net.name = pick(r, SHADOWING_NAMES);
                case DEFAULT_NAME_CLASH -> {
                    // Outer.Inner and a top-level Outer_Inner both want Outer_InnerModel
                    outers.clear();
                    outers.add(new String[] {"public interface Outer", "Outer"});
                    typeName = "Inner";
                    net.name = null;
                    TypeNode t = new TypeNode("Outer_Inner", "interface Outer_Inner extends %MODEL%");
                    t.network = net.copy();
                    extraAnnotated.add(t);
                }
                case NESTED_IN_ANNOTATED -> {
                    FuzzNetwork inner = NetworkGenerator.small(r);
                    inner.name = null;
                    TypeNode t = new TypeNode("Inner", "interface Inner extends %MODEL%");
                    t.network = inner;
                    members.add("%NESTED%");
                    nested = t;
                }
                case HIERARCHY -> {
                    FuzzNetwork derived = net.copy();
                    derived.name = null;
                    derived.entries.get(0).units = Math.max(1, derived.entries.get(0).units + 1);
                    NetworkGenerator.repairSkips(derived);
                    TypeNode t = new TypeNode("Derived", "%KIND% Derived extends %TYPE%");
                    t.network = derived;
                    extraAnnotated.add(t);
                }
                case CLASS_STATE -> {
                    members.add(pick(r, new String[] {"protected " + f() + "[] z1 = new " + f() + "[3];",
                        "private final int[] counts = new int[4];", "int w1;", "static int created;\nstatic {\n    created = 1;\n}",
                        "{\n    System.identityHashCode(this);\n}", "protected final Object lock = new Object();"}));
                }
                case STRICTFP -> headerModifiers += "strictfp ";
                case GENERIC_SUPERCLASS -> {
                    TypeNode base = new TypeNode("Base", "abstract class Base<T extends Comparable<T>>");
                    base.members.add("protected T value;");
                    base.members.add("public <U> U same(U u) {\n    return u;\n}");
                    extraTopLevel.add(base);
                    superTypes = "Base<String>";
                }
                case GENERIC_DEFAULT_METHOD -> members.add((isInterface ? "default " : "public ")
                        + "<T extends Number> T first(java.util.List<? extends T> values) {\n    return values.get(0);\n}");
                case SUPPRESS_WARNINGS -> annotations.add(pick(r, new String[] {"@SuppressWarnings(\"all\")",
                    "@SuppressWarnings(\"chainrule\")", "@SuppressWarnings({\"unchecked\", \"rawtypes\"})"}));
                case CONTRACT_REDECLARED -> {
                    extendsModel = true;
                    members.add(pick(r, new String[] {"@Override\n%ABSTRACT% int inputSize();",
                        "%ABSTRACT% java.lang.String architecture();", "@Override\n%ABSTRACT% " + f() + "[][] parameterArrays();",
                        "%ABSTRACT% void initialize(long seed);"}));
                }
                case VARARGS_CONSTRUCTOR -> {
                    members.removeIf(m -> m.contains("%s()"));
                    members.add("protected %s(int... sizes) {\n}");
                }
                case SEVERAL_IN_ONE_FILE -> {
                    int count = 1 + r.nextInt(3);
                    for (int i = 0; i < count; i++) {
                        FuzzNetwork other = NetworkGenerator.small(r);
                        TypeNode t = new TypeNode("More" + i, "interface More" + i + " extends "
                                + q(other.precision == Precision.FLOAT ? "FloatModel" : "DoubleModel"));
                        t.network = other;
                        extraAnnotated.add(t);
                    }
                }
                case EXTRA_INTERFACE -> superTypes = pick(r, new String[] {"Cloneable", "java.util.RandomAccess",
                    "Comparable<Object>", "Runnable", "java.util.function.Supplier<String>", "AutoCloseable"});
                case LONG_NAME -> typeName = "N" + "et".repeat(60 + r.nextInt(40));
                case SELF_REFERENCE -> {
                    // the annotated type names the class generated from it (javac resolves it after the round)
                    extendsModel = true;
                    members.add(pick(r, new String[] {"%STATIC% %T% create() {\n    return new %G%();\n}",
                        "%DEFAULT% %G% self() {\n    return (%G%) this;\n}", "%CONST% Class<?> IMPLEMENTATION = %G%.class;",
                        "%DEFAULT% int parameterArrays(%G% other) {\n    return other.parameterArrayCount();\n}"}));
                }
                default -> spell();
            }
            if (quirk != Quirk.MEMBER_TYPE && quirk != Quirk.MEMBER_CONSTANT && quirk != Quirk.COMPANION_TYPE
                    && quirk != Quirk.CLASHING_METHOD) {
                tags.add(quirk.name().toLowerCase().replace('_', ' '));
            }
            return true;
        }

        TypeNode nested;
        String forcedKind;
        /** The annotated type is local: no processor sees it, so neither a class nor an error comes of it. */
        boolean localOnly;
        /** A sealed annotated type that permits the generated class. */
        boolean permitsGenerated;

        void clashingMethod() {
            String f = f();
            String m;
            if (isInterface) {
                m = pick(r, new String[] {"default void writeOutputs(" + f + "[] out, int at) {\n}",
                    "default void forward(" + f + "[] x, int off) {\n}", "default void backward(" + f + "[] x, int off) {\n}",
                    "default void backwardStep(" + f + "[] x, int off, " + f + " rate) {\n}",
                    "default void forward1(" + f + "[] x, int off) {\n}", "default void backward1(" + f + "[] x, int off) {\n}",
                    "default " + f + " outputLoss(int label) {\n    return 0;\n}",
                    "default void batchForward(" + f + "[] x, int n) {\n}", "default void keepExample(int e) {\n}",
                    "default int forward(" + f + "[] x, int off) {\n    return 0;\n}",
                    "default int inputSize() {\n    return -1;\n}", "default void zeroGradients() {\n}",
                    "static void forward(" + f + "[] x, int off) {\n}", "default void forward2() {\n}",
                    "default void batchBackward(" + f + "[] x, int n) {\n}"});
            } else {
                m = pick(r, new String[] {"public final int inputSize() {\n    return 0;\n}", "public final void zeroGradients() {\n}",
                    "public final String architecture() {\n    return \"\";\n}",
                    "protected void forward(" + f + "[] x, int off) {\n}", "public void writeOutputs(" + f + "[] out, int at) {\n}",
                    "static void forward(" + f + "[] x, int off) {\n}",
                    "public final " + f + "[][] parameterArrays() {\n    return null;\n}", "void keepExample(int e) {\n}",
                    "public final void predict(" + f + "[] x, int offset, " + f + "[] out) {\n}",
                    "protected final " + f + " outputLoss(int label) {\n    return 0;\n}"});
            }
            members.add(m);
            extendsModel = true;
            tags.add("method " + m.substring(0, m.indexOf('(')).replaceAll(".* ", "") + "(...)");
        }

        FuzzCase finish() {
            if (expectation == Expectation.UNUSUAL && fixedHeader == null && !extendsModel && superTypes == null) {
                extendsModel = r.nextBoolean();
            }
            FuzzCase c = new FuzzCase(seed, localOnly && extraAnnotated.isEmpty() ? Expectation.UNUSUAL : expectation, pkg);
            c.tags.addAll(tags);
            c.release = release;
            c.solo = solo;
            c.compileOnly = compileOnly;
            c.recompile = recompile;
            String model = q(net.precision == Precision.FLOAT ? "FloatModel" : "DoubleModel");
            if (permitsGenerated) {
                permits = " permits " + (net.name != null ? net.name : typeName + "Model");
            }
            TypeNode target = new TypeNode(typeName, header(model));
            target.annotations.addAll(annotations);
            target.network = net;
            for (String m : members) {
                if (m.equals("%NESTED%")) {
                    TypeNode inner = new TypeNode(nested.name, nested.header.replace("%MODEL%",
                            q(nested.network.precision == Precision.FLOAT ? "FloatModel" : "DoubleModel")));
                    inner.network = nested.network;
                    target.children.add(inner);
                } else if (isInterface && m.matches("(?s)(public |protected )?%s\\(.*")) {
                    continue; // a constructor, written before a quirk made the type an interface
                } else {
                    List<String> path = new ArrayList<>();
                    for (String[] o : outers) {
                        path.add(o[1]);
                    }
                    path.add(typeName);
                    target.members.add(m.replace("%s", typeName).replace("%DEFAULT% ", isInterface ? "default " : "public ")
                            .replace("%CONST% ", isInterface ? "" : "static final ")
                            .replace("%STATIC% ", isInterface ? "static " : "public static ")
                            .replace("%ABSTRACT% ", isInterface ? "" : "public abstract ")
                            .replace("%T%", typeName)
                            .replace("%G%", net.name != null ? net.name : String.join("_", path) + "Model"));
                }
            }
            if (net.inputsText != null && net.inputsText.contains("%s")) {
                List<String> path = new ArrayList<>();
                for (String[] o : outers) {
                    path.add(o[1]);
                }
                path.add(typeName);
                net.inputsText = String.format(net.inputsText, String.join(".", path));
            }
            // the enclosing types, and the local-class wrapper
            TypeNode top = target;
            for (int i = outers.size() - 1; i >= 0; i--) {
                TypeNode o = new TypeNode(outers.get(i)[1], outerHeader(outers.get(i)[0], i));
                o.children.add(top);
                top = o;
            }
            Unit main = new Unit(top.name);
            if (!qualified) {
                main.imports.add("import io.chainrule.*;");
                if (staticImports) {
                    main.imports.add("import static io.chainrule.Activation.*;");
                    for (FuzzNetwork.Entry e : net.entries) {
                        if (e.activationText == null) {
                            e.activationText = e.activation.name();
                        }
                    }
                }
            }
            main.types.add(top);
            List<String> typePath = new ArrayList<>();
            for (String[] o : outers) {
                typePath.add(o[1]);
            }
            typePath.add(typeName);
            String dotted = String.join(".", typePath);
            for (TypeNode t : extraAnnotated) {
                String header = t.header.replace("%MODEL%", q(t.network.precision == Precision.FLOAT ? "FloatModel" : "DoubleModel"))
                        .replace("%TYPE%", dotted).replace("%KIND%", isInterface ? "interface" : "abstract class");
                TypeNode copy = new TypeNode(t.name, header);
                copy.network = t.network;
                copy.members.addAll(t.members);
                if (expectation == Expectation.VALID) {
                    // a file of its own: a second top-level type in a file is an auxiliary class (lint warns on its use)
                    Unit own = new Unit(t.name);
                    own.imports.addAll(main.imports);
                    own.types.add(new TypeNode(t.name, "public " + header));
                    own.types.get(0).network = t.network;
                    extraUnits.add(own);
                } else {
                    main.types.add(copy);
                }
            }
            for (TypeNode t : extraTopLevel) {
                TypeNode copy = new TypeNode(t.name, t.header.replace("%TYPE%", dotted));
                copy.members.addAll(t.members);
                main.types.add(copy);
            }
            c.units.add(main);
            c.units.addAll(extraUnits);
            target.local = local;
            c.render(qualified);
            return c;
        }

        /** An enclosing type's header: the outermost is a public top-level type, the others static members. */
        static String outerHeader(String header, int index) {
            if (index == 0) {
                String h = header.replace("private ", "").replace("protected ", "").replace("static ", "");
                return h.contains("public ") ? h : h.startsWith("@Deprecated ") ? h.replace("@Deprecated ", "@Deprecated public ")
                        : "public " + h;
            }
            if (header.contains("class ") && !header.contains("static ")) {
                return header.replace("class ", "static class ");
            }
            return header;
        }

        String header(String model) {
            if (fixedHeader != null) {
                return String.format(fixedHeader, typeName);
            }
            String mods = visibility;
            boolean nestedInClass = !outers.isEmpty() && !outers.get(outers.size() - 1)[0].contains("interface ");
            String kind;
            String generic = "";
            if (headerModifiers.contains("generic ")) {
                generic = "<T>";
            }
            String extra = headerModifiers.replace("generic ", "").replace("concrete ", "").replace("inner ", "");
            if (isInterface) {
                kind = "interface ";
            } else if (headerModifiers.contains("final ") || headerModifiers.contains("concrete ")) {
                kind = "class ";
                extra = extra.replace("final ", "");
                mods += headerModifiers.contains("final ") ? "final " : "";
            } else {
                kind = "abstract class ";
            }
            if (nestedInClass && !isInterface && !headerModifiers.contains("inner ") && !local) {
                mods += "static ";
            }
            List<String> supers = new ArrayList<>();
            if (extendsModel && !headerModifiers.contains("concrete ")) {
                supers.add(model);
            }
            if (superTypes != null) {
                supers.add(0, superTypes);
            }
            String ext = "";
            if (isInterface) {
                if (!supers.isEmpty()) {
                    ext = " extends " + String.join(", ", supers);
                }
            } else {
                List<String> interfaces = new ArrayList<>();
                String superclass = null;
                for (String s : supers) {
                    if (s.startsWith("Base<")) {
                        superclass = s;
                    } else {
                        interfaces.add(s);
                    }
                }
                ext = (superclass != null ? " extends " + superclass : "")
                        + (interfaces.isEmpty() ? "" : " implements " + String.join(", ", interfaces));
            }
            return mods + extra + kind + typeName + generic + ext + permits;
        }
    }
}
