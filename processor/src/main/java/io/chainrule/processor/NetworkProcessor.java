package io.chainrule.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import io.chainrule.CodeShape;
import io.chainrule.DerivationPage;
import io.chainrule.Inference;
import io.chainrule.Network;
import io.chainrule.processor.emit.ClassFileBudget;
import io.chainrule.processor.emit.InferenceEmitter;
import io.chainrule.processor.emit.ModelEmitter;
import io.chainrule.processor.page.PageEmitter;
import io.chainrule.processor.plan.NetworkPlan;
import io.chainrule.processor.plan.Planner;
import io.chainrule.processor.plan.SizeCheck;
import io.chainrule.processor.read.Declaration;
import io.chainrule.processor.read.InferenceDeclaration;
import io.chainrule.processor.read.InferenceReader;
import io.chainrule.processor.read.LocalNetworks;
import io.chainrule.processor.read.Messages;
import io.chainrule.processor.read.SpecReader;
import io.chainrule.processor.spec.Limits;
import io.chainrule.processor.spec.NetworkSpec;
import io.chainrule.processor.spec.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Generates a model class for every type annotated with {@link Network}: read and validate the
 * annotation ({@link SpecReader}), plan the code shapes ({@link Planner}) and check their sizes
 * ({@link SizeCheck}), emit the class ({@link ModelEmitter}), check that it fits a class file
 * ({@link ClassFileBudget}) and the annotated type, and write it through the {@code Filer},
 * naming the annotated type as its originating element (isolating, for Gradle's incremental
 * compilation). A type annotated with {@link Inference} goes the same way with its network's
 * layers ({@link InferenceReader}) to the inference-only class ({@link InferenceEmitter}).
 */
@AutoService(Processor.class)
public final class NetworkProcessor extends AbstractProcessor {
    /** The generator's version, as recorded in {@code @Generated}. */
    public static final String VERSION = readVersion();

    /**
     * {@code @Network}, {@code @Inference}, and the {@code @Generated} annotations on the classes this processor writes:
     * claimed here so that javac's {@code -Xlint:processing} does not warn, in the round that
     * compiles them, that no processor claimed them (which fails a {@code -Werror} build).
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Network.class.getCanonicalName(), Inference.class.getCanonicalName(),
                "javax.annotation.processing.Generated", "javax.annotation.Generated");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        SpecReader reader = new SpecReader(processingEnv);
        Set<String> claimedNames = new HashSet<>();
        for (Element element : round.getElementsAnnotatedWith(Network.class)) {
            TypeElement type = (TypeElement) element;
            try {
                reader.read(type, claimedNames).ifPresent(d -> generate(d, this::emit, this::writePage));
            } catch (RuntimeException | LinkageError e) {
                processingEnv.getMessager().printMessage(Kind.ERROR,
                        Messages.internalError(type.getQualifiedName().toString(), e), type);
            }
        }
        InferenceReader inference = new InferenceReader(processingEnv);
        for (Element element : round.getElementsAnnotatedWith(Inference.class)) {
            TypeElement type = (TypeElement) element;
            try {
                inference.read(type, claimedNames).ifPresent(d -> generate(d.declaration(), plan -> emit(plan, d),
                        (declaration, plan, source) -> { }));
            } catch (RuntimeException | LinkageError e) {
                processingEnv.getMessager().printMessage(Kind.ERROR,
                        Messages.internalError(type.getQualifiedName().toString(), e), type);
            }
        }
        LocalNetworks.report(processingEnv, round);
        return true;
    }

    /** What is written after the class, from its plan and its source text. */
    private interface Companion {
        void write(Declaration declaration, NetworkPlan plan, String source);
    }

    /**
     * Plans, checks, emits (with {@code emitter}) and writes the class of one declaration, or
     * reports why not; then {@code companion} writes what goes with the class.
     */
    private void generate(Declaration declaration, Function<NetworkPlan, TypeSpec> emitter, Companion companion) {
        NetworkSpec spec = declaration.spec();
        NetworkPlan plan = Planner.plan(spec);
        if (declaration.report(SizeCheck.check(plan))) {
            return;
        }
        TypeSpec type = emitter.apply(plan);
        long entries = ClassFileBudget.constantPoolEntries(type);
        if (entries > Limits.CONSTANT_POOL_ENTRIES && spec.shape() == CodeShape.AUTO) {
            // AUTO unrolls tiny layers for the reader; when they do not fit, every layer loops
            plan = Planner.plan(spec, CodeShape.LOOPS);
            type = emitter.apply(plan);
            entries = ClassFileBudget.constantPoolEntries(type);
        }
        if (entries > Limits.CONSTANT_POOL_ENTRIES) {
            declaration.report(List.of(Problem.error(Messages.tooManyConstants(entries,
                    spec.shape() == CodeShape.UNROLLED), Problem.On.LAYERS)));
            return;
        }
        if (declaration.reportClashes(type)) {
            return;
        }
        String source = JavaFile.builder(spec.packageName(), type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build()
                .toString();
        String name = plan.generatedType().canonicalName();
        try {
            JavaFileObject file = processingEnv.getFiler().createSourceFile(name, declaration.type());
            try (Writer out = file.openWriter()) {
                out.write(source);
            }
        } catch (IOException e) {
            declaration.error(Messages.cannotWrite(name, String.valueOf(e.getMessage())));
            return;
        }
        companion.write(declaration, plan, source);
    }

    /**
     * Writes the derivation page of a network beside its source (or, if asked, its class), from
     * the source text just written, so that its line numbers are those of the file.
     */
    private void writePage(Declaration declaration, NetworkPlan plan, String source) {
        DerivationPage page = plan.spec().page();
        if (page == DerivationPage.NONE) {
            return;
        }
        boolean besideSource = page == DerivationPage.GENERATED_SOURCES;
        String fileName = PageEmitter.fileName(plan.generatedType().simpleName());
        String html = PageEmitter.page(plan, source, besideSource, "Chainrule " + VERSION);
        try {
            FileObject file = processingEnv.getFiler().createResource(
                    besideSource ? StandardLocation.SOURCE_OUTPUT : StandardLocation.CLASS_OUTPUT,
                    plan.spec().packageName(), fileName, declaration.type());
            try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
                out.write(html);
            }
        } catch (IOException e) {
            declaration.error(Messages.cannotWritePage(fileName, String.valueOf(e.getMessage())));
        }
    }

    private TypeSpec emit(NetworkPlan plan) {
        return ModelEmitter.emit(plan, generatedAnnotation(), NetworkProcessor.class.getName(), "Chainrule " + VERSION);
    }

    private TypeSpec emit(NetworkPlan plan, InferenceDeclaration inference) {
        return InferenceEmitter.emit(plan, inference.network(), inference.weights(), generatedAnnotation(),
                NetworkProcessor.class.getName(), "Chainrule " + VERSION);
    }

    /** The {@code @Generated} this compilation can see: Java 9's, else Java 8's, else none. */
    private Optional<ClassName> generatedAnnotation() {
        for (String name : new String[] {"javax.annotation.processing.Generated", "javax.annotation.Generated"}) {
            if (processingEnv.getElementUtils().getTypeElement(name) != null) {
                return Optional.of(ClassName.bestGuess(name));
            }
        }
        return Optional.empty();
    }

    private static String readVersion() {
        try (InputStream in = NetworkProcessor.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
