package io.chainrule.processor.read;

import io.chainrule.DerivationPage;
import io.chainrule.DoubleModel;
import io.chainrule.DoublePredictor;
import io.chainrule.FloatModel;
import io.chainrule.FloatPredictor;
import io.chainrule.Inference;
import io.chainrule.Model;
import io.chainrule.Network;
import io.chainrule.Precision;
import io.chainrule.Predictor;
import io.chainrule.processor.plan.NetworkPlan;
import io.chainrule.processor.plan.Planner;
import io.chainrule.processor.plan.SizeCheck;
import io.chainrule.processor.spec.CompiledWeights;
import io.chainrule.processor.spec.NetworkSpec;
import io.chainrule.processor.spec.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic.Kind;

/**
 * Reads one {@code @Inference} declaration into a {@link InferenceDeclaration}: the network it
 * names, read by {@link SpecReader} exactly as for the network's own class (so both classes get
 * the same plan), the annotated type with the checks of a {@code @Network} type (and it must
 * not be a {@code Model}: the inference class has no training methods), the generated name with
 * the same rules, and the model file to compile in ({@link WeightsFile}). Every problem is
 * reported on the annotated type or on the annotation value it concerns.
 */
public final class InferenceReader {
    private final ProcessingEnvironment env;
    private final Elements elements;
    private final Types types;
    private final SpecReader naming;
    private final TypeChecks typeChecks;

    public InferenceReader(ProcessingEnvironment env) {
        this.env = env;
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.naming = new SpecReader(env);
        this.typeChecks = new TypeChecks(elements, types);
    }

    /**
     * The declaration of {@code type}, or empty if an error was reported (or javac reports one on
     * an annotation value it could not evaluate).
     *
     * @param claimedNames qualified names of classes already generated in this round
     */
    public Optional<InferenceDeclaration> read(TypeElement type, Set<String> claimedNames) {
        AnnotationMirror mirror = mirror(type, Inference.class.getCanonicalName());
        Report report = new Report(new NamingInference(env.getMessager()), elements, type, mirror);
        try {
            return read(type, mirror, claimedNames, report);
        } catch (Values.Erroneous e) {
            if (e.getMessage() != null) {
                report.error(e.getMessage(), e.value);
            }
            return Optional.empty();
        }
    }

    private Optional<InferenceDeclaration> read(TypeElement type, AnnotationMirror mirror, Set<String> claimedNames,
            Report report) throws Values.Erroneous {
        Values values = new Values(elements, mirror);
        AnnotationValue networkValue = values.value("network");
        String weights = values.stringValue("weights");
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        List<String> names = SpecReader.enclosingNames(type);
        String generatedName = naming.generatedName(values.value("name"), values.stringValue("name"), names,
                packageName, type, claimedNames, report);
        typeChecks.checkType(type, generatedName, report);
        Optional<NetworkSpec> network = network(networkValue, report);
        if (network.isPresent()) {
            checkContract(type, network.get(), report);
        }
        if (report.hasErrors() || network.isEmpty()) {
            return Optional.empty();
        }
        NetworkSpec n = network.get();
        NetworkPlan networkPlan = Planner.plan(n);
        Optional<CompiledWeights> compiled = Optional.empty();
        if (!weights.isEmpty()) {
            try {
                compiled = Optional.of(WeightsFile.read(env.getFiler(), weights, networkPlan));
            } catch (WeightsFile.Problem problem) {
                report.error(problem.getMessage(), values.value("weights"));
                return Optional.empty();
            }
        }
        // the network's layers, loss, precision and shape under the annotated type's names
        NetworkSpec spec = new NetworkSpec(packageName, names, type.getKind() == ElementKind.INTERFACE,
                type.getModifiers().contains(Modifier.PUBLIC), naming.deprecated(type), naming.serializable(type),
                naming.shadowedNames(type, names.get(0), generatedName), generatedName, n.inputs(), n.layers(),
                n.loss(), n.precision(), n.shape(), DerivationPage.NONE);
        Declaration declaration = new Declaration(spec, type, report, List.of(), new MemberClashes(elements, types));
        return Optional.of(new InferenceDeclaration(declaration, networkPlan.annotatedType(), compiled));
    }

    /**
     * The spec of the network {@code network = X.class} names, if it is a {@code @Network} type
     * without errors; its own diagnostics are left to its own declaration (or were reported when
     * it was compiled), so only the first error is quoted here.
     */
    private Optional<NetworkSpec> network(AnnotationValue value, Report report) throws Values.Erroneous {
        Object v = value.getValue();
        if (!(v instanceof TypeMirror) || ((TypeMirror) v).getKind() == TypeKind.ERROR) {
            throw new Values.Erroneous(); // javac reports the unresolved class
        }
        TypeMirror mirror = (TypeMirror) v;
        if (mirror.getKind() != TypeKind.DECLARED
                || mirror(((DeclaredType) mirror).asElement(), Network.class.getCanonicalName()) == null) {
            report.error(Messages.notANetwork(mirror.toString()), value);
            return Optional.empty();
        }
        TypeElement network = (TypeElement) ((DeclaredType) mirror).asElement();
        QuietEnvironment quiet = new QuietEnvironment(env);
        Optional<Declaration> read = new SpecReader(quiet).read(network, new HashSet<>());
        if (read.isPresent()) {
            for (Problem problem : SizeCheck.check(Planner.plan(read.get().spec()))) {
                if (problem.error()) {
                    quiet.errors.add(problem.message());
                }
            }
        }
        if (read.isEmpty() || !quiet.errors.isEmpty()) {
            String name = network.getQualifiedName().toString();
            report.error(Messages.networkHasErrors(name, quiet.errors.isEmpty() ? "(javac reports it)" : quiet.errors.get(0)),
                    value);
            return Optional.empty();
        }
        return Optional.of(read.get().spec());
    }

    /**
     * The annotated type may extend the predictor interface of the network's precision, never a
     * {@code Model}; its other abstract methods must be methods of that interface.
     */
    private void checkContract(TypeElement type, NetworkSpec network, Report report) {
        TypeMirror erased = types.erasure(type.asType());
        for (Class<?> model : List.of(FloatModel.class, DoubleModel.class, Model.class)) {
            TypeElement element = elements.getTypeElement(model.getCanonicalName());
            if (element != null && types.isAssignable(erased, types.erasure(element.asType()))) {
                report.errorOnElement(Messages.inferenceExtendsModel(model.getSimpleName()));
                return;
            }
        }
        boolean isFloat = network.precision() == Precision.FLOAT;
        Class<?> wanted = isFloat ? FloatPredictor.class : DoublePredictor.class;
        Class<?> other = isFloat ? DoublePredictor.class : FloatPredictor.class;
        TypeElement otherElement = elements.getTypeElement(other.getCanonicalName());
        if (otherElement != null && types.isAssignable(erased, types.erasure(otherElement.asType()))) {
            String networkName = String.join(".", network.annotatedNames());
            report.errorOnElement(Messages.wrongPrecisionPredictor(other.getSimpleName(), networkName,
                    network.precision().name(), wanted.getSimpleName()));
            return;
        }
        typeChecks.checkAbstractMethods(type, wanted, List.of(Predictor.class, wanted), report);
    }

    private static AnnotationMirror mirror(Element element, String annotation) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) m.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(annotation)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The messager of an {@code @Inference} declaration: the type checks it shares with
     * {@code @Network} declarations name the annotation at the start of their messages, and here
     * it is {@code @Inference}.
     */
    private static final class NamingInference implements Messager {
        private static final String NETWORK = "@" + Network.class.getSimpleName() + " ";
        private static final String INFERENCE = "@" + Inference.class.getSimpleName() + " ";
        private final Messager messager;

        NamingInference(Messager messager) {
            this.messager = messager;
        }

        private static String rename(CharSequence message) {
            String s = message.toString();
            return s.startsWith(NETWORK) ? INFERENCE + s.substring(NETWORK.length()) : s;
        }

        @Override
        public void printMessage(Kind kind, CharSequence message) {
            messager.printMessage(kind, rename(message));
        }

        @Override
        public void printMessage(Kind kind, CharSequence message, Element element) {
            messager.printMessage(kind, rename(message), element);
        }

        @Override
        public void printMessage(Kind kind, CharSequence message, Element element, AnnotationMirror annotation) {
            messager.printMessage(kind, rename(message), element, annotation);
        }

        @Override
        public void printMessage(Kind kind, CharSequence message, Element element, AnnotationMirror annotation,
                AnnotationValue value) {
            messager.printMessage(kind, rename(message), element, annotation, value);
        }
    }

    /** The processing environment with a messager that keeps errors back instead of printing them. */
    private static final class QuietEnvironment implements ProcessingEnvironment {
        final List<String> errors = new ArrayList<>();
        private final ProcessingEnvironment env;
        private final Messager messager = new Messager() {
            @Override
            public void printMessage(Kind kind, CharSequence message) {
                if (kind == Kind.ERROR) {
                    errors.add(message.toString());
                }
            }

            @Override
            public void printMessage(Kind kind, CharSequence message, Element element) {
                printMessage(kind, message);
            }

            @Override
            public void printMessage(Kind kind, CharSequence message, Element element, AnnotationMirror annotation) {
                printMessage(kind, message);
            }

            @Override
            public void printMessage(Kind kind, CharSequence message, Element element, AnnotationMirror annotation,
                    AnnotationValue value) {
                printMessage(kind, message);
            }
        };

        QuietEnvironment(ProcessingEnvironment env) {
            this.env = env;
        }

        @Override
        public Map<String, String> getOptions() {
            return env.getOptions();
        }

        @Override
        public Messager getMessager() {
            return messager;
        }

        @Override
        public Filer getFiler() {
            return env.getFiler();
        }

        @Override
        public Elements getElementUtils() {
            return env.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return env.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return env.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return env.getLocale();
        }

        @Override
        public boolean isPreviewEnabled() {
            return env.isPreviewEnabled();
        }
    }
}
