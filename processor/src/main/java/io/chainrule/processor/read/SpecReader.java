package io.chainrule.processor.read;

import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Network;
import io.chainrule.Precision;
import io.chainrule.processor.spec.LayerSpec;
import io.chainrule.processor.spec.Limits;
import io.chainrule.processor.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic.Kind;

/**
 * Reads one {@code @Network} annotation into a {@link NetworkSpec}, reporting every problem on
 * the exact element, annotation or annotation value. All problems of a declaration are
 * reported before it is given up; warnings do not stop it.
 */
public final class SpecReader {
    private final Elements elements;
    private final Types types;
    private final Messager messager;

    public SpecReader(ProcessingEnvironment env) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.messager = env.getMessager();
    }

    /**
     * The spec of {@code type}, or empty if an error was reported.
     *
     * @param claimedNames qualified names of classes already generated in this round
     */
    public Optional<NetworkSpec> read(TypeElement type, Set<String> claimedNames) {
        AnnotationMirror mirror = networkMirror(type);
        Map<? extends ExecutableElement, ? extends AnnotationValue> values = elements.getElementValuesWithDefaults(mirror);
        Report report = new Report(type, mirror);

        checkType(type, report);
        int inputs = (Integer) value(values, "inputs").getValue();
        if (inputs < 1) {
            report.error(Messages.nonPositiveInputs(inputs), value(values, "inputs"));
        }
        Loss loss = enumValue(Loss.class, value(values, "loss"));
        Precision precision = enumValue(Precision.class, value(values, "precision"));
        CodeShape shape = enumValue(CodeShape.class, value(values, "shape"));
        List<LayerSpec> layers = readLayers(value(values, "layers"), inputs, loss, shape, report);
        checkInterfaceMethods(type, precision, report);

        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        List<String> names = enclosingNames(type);
        String generatedName = generatedName(value(values, "name"), names, packageName, type, claimedNames, report);
        if (report.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new NetworkSpec(packageName, names, type.getKind() == ElementKind.INTERFACE,
                type.getModifiers().contains(Modifier.PUBLIC), generatedName, inputs, layers, loss, precision, shape));
    }

    private void checkType(TypeElement type, Report report) {
        ElementKind kind = type.getKind();
        Set<Modifier> modifiers = type.getModifiers();
        if (kind == ElementKind.ENUM) {
            report.errorOnElement(Messages.ENUM);
        } else if (kind == ElementKind.CLASS && modifiers.contains(Modifier.FINAL)) {
            report.errorOnElement(Messages.FINAL_CLASS);
        } else if (kind != ElementKind.INTERFACE
                && !(kind == ElementKind.CLASS && modifiers.contains(Modifier.ABSTRACT))) {
            report.errorOnElement(Messages.NOT_INTERFACE_OR_ABSTRACT_CLASS);
        }
        if (!type.getTypeParameters().isEmpty()) {
            report.errorOnElement(Messages.GENERIC);
        }
        if (modifiers.contains(Modifier.PRIVATE)) {
            report.errorOnElement(Messages.PRIVATE);
        }
        NestingKind nesting = type.getNestingKind();
        if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
            report.errorOnElement(Messages.LOCAL);
        } else if (nesting == NestingKind.MEMBER && kind == ElementKind.CLASS && !modifiers.contains(Modifier.STATIC)) {
            report.errorOnElement(Messages.INNER_CLASS);
        }
        if (kind == ElementKind.CLASS && !hasUsableConstructor(type)) {
            report.errorOnElement(Messages.NO_CONSTRUCTOR);
        }
    }

    private static boolean hasUsableConstructor(TypeElement type) {
        for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (constructor.getParameters().isEmpty() && !constructor.getModifiers().contains(Modifier.PRIVATE)) {
                return true;
            }
        }
        return false;
    }

    private List<LayerSpec> readLayers(AnnotationValue layersValue, int inputs, Loss loss, CodeShape shape, Report report) {
        @SuppressWarnings("unchecked")
        List<? extends AnnotationValue> entries = (List<? extends AnnotationValue>) layersValue.getValue();
        if (entries.isEmpty()) {
            report.error(Messages.NO_LAYERS, layersValue);
            return List.of();
        }
        long declared = 0;
        for (AnnotationValue entry : entries) {
            int repeat = (Integer) value(elements.getElementValuesWithDefaults((AnnotationMirror) entry.getValue()), "repeat").getValue();
            declared += Math.max(repeat, 1);
        }
        if (declared > Limits.MAX_LAYERS) {
            report.error(Messages.tooManyLayers(declared), layersValue);
            return List.of();
        }
        List<LayerSpec> layers = new ArrayList<>();
        List<Integer> widths = new ArrayList<>(List.of(inputs));
        long parameters = 0;
        int sigmoids = 0;
        for (int e = 0; e < entries.size(); e++) {
            AnnotationMirror layer = (AnnotationMirror) entries.get(e).getValue();
            Map<? extends ExecutableElement, ? extends AnnotationValue> values = elements.getElementValuesWithDefaults(layer);
            AnnotationValue unitsValue = value(values, "units");
            AnnotationValue activationValue = value(values, "activation");
            AnnotationValue skipValue = value(values, "skip");
            AnnotationValue repeatValue = value(values, "repeat");
            int units = (Integer) unitsValue.getValue();
            Activation activation = enumValue(Activation.class, activationValue);
            int skip = (Integer) skipValue.getValue();
            boolean projection = (Boolean) value(values, "projection").getValue();
            int repeat = (Integer) repeatValue.getValue();
            if (repeat < 1) {
                report.error(Messages.nonPositiveRepeat(repeat), repeatValue, layer);
                repeat = 1;
            }
            boolean outputEntry = e == entries.size() - 1;
            for (int r = 0; r < repeat; r++) {
                int l = layers.size() + 1;
                boolean first = r == 0;
                int previous = widths.get(l - 1);
                if (units < 1) {
                    if (first) {
                        report.error(Messages.nonPositiveUnits(l, units), unitsValue, layer);
                    }
                } else if (previous >= 1) {
                    long macs = (long) previous * units;
                    parameters += macs + units;
                    if (first && shape == CodeShape.UNROLLED && macs > Limits.MAX_UNROLLED_MACS) {
                        report.error(Messages.tooLargeToUnroll(l, previous, units), unitsValue, layer);
                    } else if (first && shape == CodeShape.UNROLLED && macs > Limits.SLOW_UNROLLED_MACS) {
                        report.warning(Messages.slowUnrolled(l, previous, units), unitsValue, layer);
                    }
                }
                if (skip < 0) {
                    if (first) {
                        report.error(Messages.negativeSkip(l, skip), skipValue, layer);
                    }
                } else if (skip > l) {
                    if (first) {
                        report.error(Messages.skipBeforeInput(l, skip), skipValue, layer);
                    }
                } else if (skip > 0 && projection) {
                    parameters += (long) widths.get(l - skip) * units;
                } else if (skip > 0 && widths.get(l - skip) != units && units >= 1 && widths.get(l - skip) >= 1) {
                    if (first) {
                        report.error(Messages.skipWidthMismatch(l, units, l - skip, widths.get(l - skip)), skipValue, layer);
                    }
                }
                if (projection && skip == 0 && first) {
                    report.error(Messages.projectionWithoutSkip(l), value(values, "projection"), layer);
                }
                boolean output = outputEntry && r == repeat - 1;
                if (!output && activation == Activation.IDENTITY && skip == 0 && first) {
                    report.warning(Messages.linearHiddenLayer(l), activationValue, layer);
                }
                if (!output && activation == Activation.SIGMOID && skip == 0) {
                    sigmoids++;
                }
                if (output) {
                    checkOutput(loss, units, activation, activationValue, layer, report);
                }
                layers.add(new LayerSpec(units, activation, Math.max(skip, 0), projection));
                widths.add(units);
            }
        }
        if (shape == CodeShape.UNROLLED && parameters > Limits.MAX_UNROLLED_NETWORK_MACS) {
            long macs = 0;
            for (int l = 1; l <= layers.size(); l++) {
                macs += (long) widths.get(l - 1) * widths.get(l);
            }
            if (macs > Limits.MAX_UNROLLED_NETWORK_MACS) {
                report.error(Messages.tooLargeToUnrollNetwork(macs), report.shapeValue());
            }
        }
        if (parameters > Limits.MAX_PARAMETERS) {
            report.error(Messages.tooManyParameters(parameters), layersValue);
        }
        if (sigmoids >= Limits.VANISHING_SIGMOID_LAYERS) {
            report.warning(Messages.vanishingSigmoids(sigmoids), layersValue, report.mirror);
        }
        return layers;
    }

    private void checkOutput(Loss loss, int units, Activation activation, AnnotationValue activationValue,
            AnnotationMirror layer, Report report) {
        if (units == 1 && (loss == Loss.SOFTMAX_CROSS_ENTROPY || loss == Loss.MULTICLASS_HINGE)) {
            report.error(Messages.needsTwoOutputs(loss), report.lossValue());
        }
        if (loss == Loss.SIGMOID_CROSS_ENTROPY && activation == Activation.SIGMOID) {
            report.error(Messages.activationAlreadyApplied(loss), activationValue, layer);
        } else if (loss != Loss.MEAN_SQUARED_ERROR && activation != Activation.IDENTITY) {
            report.warning(Messages.outputActivationBeforeHead(loss, activation.name()), activationValue, layer);
        }
    }

    /** Abstract methods must be Model methods of the declared precision; others cannot be generated. */
    private void checkInterfaceMethods(TypeElement type, Precision precision, Report report) {
        Class<?> wanted = precision == Precision.FLOAT ? FloatModel.class : DoubleModel.class;
        Class<?> other = precision == Precision.FLOAT ? DoubleModel.class : FloatModel.class;
        TypeElement otherElement = elements.getTypeElement(other.getCanonicalName());
        if (otherElement != null && types.isAssignable(types.erasure(type.asType()), types.erasure(otherElement.asType()))) {
            report.errorOnElement(Messages.wrongPrecisionInterface(other.getSimpleName(), precision.name()));
            return;
        }
        List<ExecutableElement> modelMethods = new ArrayList<>();
        for (Class<?> contract : List.of(Model.class, wanted, Object.class)) {
            TypeElement element = elements.getTypeElement(contract.getCanonicalName());
            if (element != null) {
                modelMethods.addAll(ElementFilter.methodsIn(element.getEnclosedElements()));
            }
        }
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (!method.getModifiers().contains(Modifier.ABSTRACT) || isContractMethod(method, modelMethods)) {
                continue;
            }
            Element owner = method.getEnclosingElement();
            String where = owner.equals(type) ? "" : " (inherited from " + owner.getSimpleName() + ")";
            String message = Messages.abstractMethod(method.getSimpleName() + "()" + where, wanted.getSimpleName());
            if (owner.equals(type)) {
                messager.printMessage(Kind.ERROR, message, method);
                report.errors++;
            } else {
                report.errorOnElement(message);
            }
        }
    }

    private boolean isContractMethod(ExecutableElement method, List<ExecutableElement> contract) {
        for (ExecutableElement candidate : contract) {
            if (!candidate.getSimpleName().equals(method.getSimpleName())
                    || candidate.getParameters().size() != method.getParameters().size()) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < method.getParameters().size() && same; i++) {
                TypeMirror a = types.erasure(method.getParameters().get(i).asType());
                TypeMirror b = types.erasure(candidate.getParameters().get(i).asType());
                same = types.isSameType(a, b);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    private String generatedName(AnnotationValue nameValue, List<String> names, String packageName,
            TypeElement type, Set<String> claimedNames, Report report) {
        String name = (String) nameValue.getValue();
        if (name.isEmpty()) {
            name = String.join("_", names) + "Model";
        } else if (!SourceVersion.isName(name) || name.contains(".")) {
            report.error(Messages.invalidName(name), nameValue);
            return name;
        }
        String qualified = packageName.isEmpty() ? name : packageName + "." + name;
        TypeElement existing = elements.getTypeElement(qualified);
        boolean earlierOutput = existing != null && !existing.equals(type)
                && types.isAssignable(types.erasure(existing.asType()), types.erasure(type.asType()));
        if ((existing != null && !earlierOutput) || claimedNames.contains(qualified)) {
            report.error(Messages.nameClash(qualified), nameValue);
        } else {
            claimedNames.add(qualified);
        }
        return name;
    }

    private static List<String> enclosingNames(TypeElement type) {
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

    private static AnnotationValue value(Map<? extends ExecutableElement, ? extends AnnotationValue> values, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("no annotation member " + name);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, AnnotationValue value) {
        return Enum.valueOf(type, ((VariableElement) value.getValue()).getSimpleName().toString());
    }

    /** Reports on one declaration and counts its errors. */
    /**
     * True if {@code @SuppressWarnings("chainrule")} is on {@code type} or a type enclosing it, as
     * javac scopes its own warnings (the annotation has source retention, which processors see).
     */
    private static boolean suppressesWarnings(TypeElement type) {
        for (Element e = type; e != null && e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
            if (suppress != null && List.of(suppress.value()).contains(Messages.SUPPRESS_WARNINGS)) {
                return true;
            }
        }
        return false;
    }

    private final class Report {
        private final TypeElement type;
        private final AnnotationMirror mirror;
        private final boolean warningsSuppressed;
        private int errors;

        Report(TypeElement type, AnnotationMirror mirror) {
            this.type = type;
            this.mirror = mirror;
            this.warningsSuppressed = suppressesWarnings(type);
        }

        void errorOnElement(String message) {
            messager.printMessage(Kind.ERROR, message, type);
            errors++;
        }

        void error(String message, AnnotationValue value) {
            messager.printMessage(Kind.ERROR, message, type, mirror, value);
            errors++;
        }

        void error(String message, AnnotationValue value, AnnotationMirror nested) {
            messager.printMessage(Kind.ERROR, message, type, nested, value);
            errors++;
        }

        void warning(String message, AnnotationValue value, AnnotationMirror nested) {
            if (!warningsSuppressed) {
                messager.printMessage(Kind.WARNING, message, type, nested, value);
            }
        }

        AnnotationValue lossValue() {
            return value(elements.getElementValuesWithDefaults(mirror), "loss");
        }

        AnnotationValue shapeValue() {
            return value(elements.getElementValuesWithDefaults(mirror), "shape");
        }

        boolean hasErrors() {
            return errors > 0;
        }
    }

}
