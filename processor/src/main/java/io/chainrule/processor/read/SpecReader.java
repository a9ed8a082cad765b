package io.chainrule.processor.read;

import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DerivationPage;
import io.chainrule.Loss;
import io.chainrule.Network;
import io.chainrule.Precision;
import io.chainrule.processor.spec.LayerSpec;
import io.chainrule.processor.spec.Limits;
import io.chainrule.processor.spec.NetworkSpec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads one {@code @Network} annotation into a {@link NetworkSpec}, reporting every problem on
 * the exact element, annotation or annotation value. All problems of a declaration are
 * reported before it is given up; warnings do not stop it. Size limits that depend on the code
 * shapes are checked on the plan and reported through {@link Declaration#report}.
 */
public final class SpecReader {
    /** Identifiers that cannot name a class although {@link SourceVersion#isName} accepts them. */
    private static final Set<String> RESTRICTED_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

    /** Bytes of a file name on the file systems javac writes to (ext4, APFS, NTFS: 255). */
    private static final int MAX_FILE_NAME_BYTES = 255;

    private final ProcessingEnvironment env;
    private final Elements elements;
    private final TypeChecks typeChecks;

    public SpecReader(ProcessingEnvironment env) {
        this.env = env;
        this.elements = env.getElementUtils();
        this.typeChecks = new TypeChecks(elements, env.getTypeUtils());
    }

    /**
     * The declaration of {@code type}, or empty if an error was reported or javac reports one on
     * an annotation value it could not evaluate.
     *
     * @param claimedNames qualified names of classes already generated in this round
     */
    public Optional<Declaration> read(TypeElement type, Set<String> claimedNames) {
        AnnotationMirror mirror = networkMirror(type);
        Report report = new Report(env.getMessager(), elements, type, mirror);
        try {
            return read(type, mirror, claimedNames, report);
        } catch (Values.Erroneous e) {
            if (e.getMessage() != null) {
                report.error(e.getMessage(), e.value);
            }
            return Optional.empty();
        }
    }

    private Optional<Declaration> read(TypeElement type, AnnotationMirror mirror, Set<String> claimedNames,
            Report report) throws Values.Erroneous {
        Values values = new Values(elements, mirror);
        int inputs = values.intValue("inputs");
        Loss loss = values.enumValue("loss", Loss.class);
        Precision precision = values.enumValue("precision", Precision.class);
        CodeShape shape = values.enumValue("shape", CodeShape.class);
        DerivationPage page = values.enumValue("page", DerivationPage.class);
        List<AnnotationMirror> layerMirrors = values.annotations("layers");
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        List<String> names = enclosingNames(type);
        String generatedName = generatedName(values.value("name"), values.stringValue("name"), names, packageName,
                type, claimedNames, report);

        typeChecks.checkType(type, generatedName, report);
        if (inputs < 1) {
            report.error(Messages.nonPositiveInputs(inputs), values.value("inputs"));
        }
        List<LayerSpec> layers = new LayerReader(elements, report).read(values.value("layers"), layerMirrors, inputs,
                loss);
        typeChecks.checkAbstractMethods(type, precision, report);
        if (report.hasErrors()) {
            return Optional.empty();
        }
        NetworkSpec spec = new NetworkSpec(packageName, names, type.getKind() == ElementKind.INTERFACE,
                type.getModifiers().contains(Modifier.PUBLIC), deprecated(type), serializable(type),
                shadowedNames(type, names.get(0), generatedName), generatedName, inputs, layers, loss, precision, shape, page);
        return Optional.of(new Declaration(spec, type, report, layerMirrors,
                new MemberClashes(elements, env.getTypeUtils())));
    }

    String generatedName(AnnotationValue nameValue, String declared, List<String> names, String packageName,
            TypeElement type, Set<String> claimedNames, Report report) {
        String name = declared.isEmpty() ? String.join("_", names) + "Model" : declared;
        if (!declared.isEmpty() && (!SourceVersion.isName(name) || name.contains("."))) {
            report.error(Messages.invalidName(name), nameValue);
            return name;
        }
        if (RESTRICTED_TYPE_NAMES.contains(name)) {
            report.error(Messages.reservedName(name), nameValue);
            return name;
        }
        int invisible = name.codePoints().filter(Character::isIdentifierIgnorable).findFirst().orElse(-1);
        if (invisible >= 0) {
            if (declared.isEmpty()) {
                report.errorOnElement(Messages.invisibleCharacter(name, invisible));
            } else {
                report.error(Messages.invisibleCharacter(name, invisible), nameValue);
            }
            return name;
        }
        int fileNameBytes = (name + ".class").getBytes(StandardCharsets.UTF_8).length;
        if (fileNameBytes > MAX_FILE_NAME_BYTES) {
            String message = Messages.nameTooLong(name, fileNameBytes, MAX_FILE_NAME_BYTES);
            if (declared.isEmpty()) {
                report.errorOnElement(message);
            } else {
                report.error(message, nameValue);
            }
            return name;
        }
        String qualified = packageName.isEmpty() ? name : packageName + "." + name;
        TypeElement existing = elements.getTypeElement(qualified);
        boolean earlierOutput = existing != null && !existing.equals(type)
                && env.getTypeUtils().isAssignable(env.getTypeUtils().erasure(existing.asType()),
                        env.getTypeUtils().erasure(type.asType()));
        if ((existing != null && !earlierOutput) || claimedNames.contains(qualified)) {
            report.error(Messages.nameClash(qualified), nameValue);
        } else {
            claimedNames.add(qualified);
        }
        return name;
    }

    boolean serializable(TypeElement type) {
        TypeElement serializable = elements.getTypeElement(Serializable.class.getCanonicalName());
        return env.getTypeUtils().isAssignable(type.asType(), serializable.asType());
    }

    /**
     * True if the annotated type, a type around it or one of its methods is deprecated: the
     * generated class then implements a deprecated type or overrides a deprecated method (of the
     * user's own, or a Model method the user redeclared deprecated), both of which warn.
     */
    boolean deprecated(TypeElement type) {
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (elements.isDeprecated(e)) {
                return true;
            }
        }
        for (Element method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (elements.isDeprecated(method)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Simple names that the generated class's code cannot use for the types it means: the member
     * types and fields it inherits from the annotated type (which shadow imports, and a field
     * shadows a type in {@code Arrays.fill}), and the other types of its package (which shadow
     * {@code java.lang}).
     */
    Set<String> shadowedNames(TypeElement type, String outermost, String generatedName) {
        Set<String> names = new TreeSet<>();
        for (Element member : elements.getAllMembers(type)) {
            if (member.getKind().isField() || member.getKind().isClass() || member.getKind().isInterface()) {
                names.add(member.getSimpleName().toString());
            }
        }
        for (Element packaged : elements.getPackageOf(type).getEnclosedElements()) {
            String name = packaged.getSimpleName().toString();
            if (!name.equals(outermost) && !name.equals(generatedName)) {
                names.add(name);
            }
        }
        return names;
    }

    static List<String> enclosingNames(TypeElement type) {
        List<String> names = new ArrayList<>();
        Element e = type;
        while (e instanceof TypeElement) {
            names.add(0, e.getSimpleName().toString());
            e = e.getEnclosingElement();
        }
        return names;
    }

    private AnnotationMirror networkMirror(TypeElement type) {
        for (AnnotationMirror m : type.getAnnotationMirrors()) {
            TypeElement annotation = (TypeElement) m.getAnnotationType().asElement();
            if (annotation.getQualifiedName().contentEquals(Network.class.getCanonicalName())) {
                return m;
            }
        }
        throw new IllegalStateException("no @Network on " + type);
    }

    /** The layers of a declaration, with the checks of each layer and of the output head. */
    private static final class LayerReader {
        private final Elements elements;
        private final Report report;

        LayerReader(Elements elements, Report report) {
            this.elements = elements;
            this.report = report;
        }

        List<LayerSpec> read(AnnotationValue layersValue, List<AnnotationMirror> entries, int inputs, Loss loss)
                throws Values.Erroneous {
            if (entries.isEmpty()) {
                report.error(Messages.NO_LAYERS, layersValue);
                return List.of();
            }
            long declared = 0;
            for (AnnotationMirror entry : entries) {
                declared += Math.max(new Values(elements, entry).intValue("repeat"), 1);
            }
            if (declared > Limits.MAX_LAYERS) {
                report.error(Messages.tooManyLayers(declared), layersValue);
                return List.of();
            }
            List<LayerSpec> layers = new ArrayList<>();
            List<Integer> widths = new ArrayList<>(List.of(inputs));
            int sigmoids = 0;
            for (int e = 0; e < entries.size(); e++) {
                AnnotationMirror layer = entries.get(e);
                Values values = new Values(elements, layer);
                int units = values.intValue("units");
                Activation activation = values.enumValue("activation", Activation.class);
                int skip = values.intValue("skip");
                boolean projection = values.booleanValue("projection");
                int repeat = values.intValue("repeat");
                if (repeat < 1) {
                    report.error(Messages.nonPositiveRepeat(repeat), values.value("repeat"), layer);
                    repeat = 1;
                }
                boolean outputEntry = e == entries.size() - 1;
                for (int r = 0; r < repeat; r++) {
                    int l = layers.size() + 1;
                    boolean first = r == 0;
                    if (units < 1 && first) {
                        report.error(Messages.nonPositiveUnits(l, units), values.value("units"), layer);
                    }
                    if (skip < 0) {
                        if (first) {
                            report.error(Messages.negativeSkip(l, skip), values.value("skip"), layer);
                        }
                    } else if (skip > l) {
                        if (first) {
                            report.error(Messages.skipBeforeInput(l, skip), values.value("skip"), layer);
                        }
                    } else if (skip > 0 && !projection && widths.get(l - skip) != units && units >= 1
                            && widths.get(l - skip) >= 1 && first) {
                        report.error(Messages.skipWidthMismatch(l, units, l - skip, widths.get(l - skip)),
                                values.value("skip"), layer);
                    }
                    if (projection && skip == 0 && first) {
                        report.error(Messages.projectionWithoutSkip(l), values.value("projection"), layer);
                    }
                    boolean output = outputEntry && r == repeat - 1;
                    if (!output && activation == Activation.IDENTITY && skip == 0 && first) {
                        report.warning(Messages.linearHiddenLayer(l), values.value("activation"), layer);
                    }
                    if (!output && activation == Activation.SIGMOID && skip == 0) {
                        sigmoids++;
                    }
                    if (output) {
                        checkOutput(loss, units, activation, values.value("activation"), layer);
                    }
                    layers.add(new LayerSpec(units, activation, Math.max(skip, 0), projection, e));
                    widths.add(units);
                }
            }
            if (sigmoids >= Limits.VANISHING_SIGMOID_LAYERS) {
                report.warning(Messages.vanishingSigmoids(sigmoids), layersValue, report.mirror());
            }
            return layers;
        }

        private void checkOutput(Loss loss, int units, Activation activation, AnnotationValue activationValue,
                AnnotationMirror layer) throws Values.Erroneous {
            if (units == 1 && (loss == Loss.SOFTMAX_CROSS_ENTROPY || loss == Loss.MULTICLASS_HINGE)) {
                report.error(Messages.needsTwoOutputs(loss), new Values(elements, report.mirror()).value("loss"));
            }
            if (loss == Loss.SIGMOID_CROSS_ENTROPY && activation == Activation.SIGMOID) {
                report.error(Messages.activationAlreadyApplied(loss), activationValue, layer);
            } else if (loss != Loss.MEAN_SQUARED_ERROR && activation != Activation.IDENTITY) {
                report.warning(Messages.outputActivationBeforeHead(loss, activation.name()), activationValue, layer);
            }
        }
    }
}
