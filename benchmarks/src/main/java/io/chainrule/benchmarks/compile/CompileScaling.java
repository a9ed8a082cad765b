package io.chainrule.benchmarks.compile;

import io.chainrule.CodeShape;
import io.chainrule.processor.ClassFiles;
import io.chainrule.processor.NetworkProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compile-time scaling (issue 5): compiles {@code @Network} interfaces from about 10² to 10⁶
 * parameters and from 2 to 1000 layers, in each code shape, with javac and the processor in this
 * JVM, and prints a markdown table of processor CPU time, javac CPU time, generated source and
 * class-file size, method count and the largest method's bytecode.
 *
 * <pre>
 * benchmarks/run.sh --compile-scaling [repeats]   # builds, then runs this
 * </pre>
 *
 * The class path: {@code benchmarks/target/classes}, {@code processor/target/classes} and
 * {@code test-classes} (for {@code ClassFiles}), {@code runtime/target/classes}, and the
 * processor's dependencies (JavaPoet, ASM).
 *
 * Each network is compiled alone, {@code repeats} times (default 2) after a warm-up, and the
 * lowest CPU times are reported (javac runs in the calling thread, so thread CPU time excludes the
 * other threads of a shared machine). The processor's time is its {@code process} calls, measured
 * by a wrapping {@link Processor}; javac's is the whole task: parsing, processing, and compiling
 * the generated source to bytecode.
 */
public final class CompileScaling {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** HotSpot's JIT skips methods over 8,000 bytes (JVM-NOTES.md); the tests keep 7,500. */
    static final int JIT_LIMIT = 8_000;

    private CompileScaling() {
    }

    /** One row of the grid. */
    record Net(String group, String name, int inputs, int[] units, boolean residual) {
        long parameters() {
            long p = 0;
            int in = inputs;
            for (int u : units) {
                p += (long) in * u + u;
                in = u;
            }
            return p;
        }

        String describe() {
            if (units.length <= 4) {
                StringBuilder s = new StringBuilder().append(inputs);
                for (int u : units) {
                    s.append('-').append(u);
                }
                return s.toString();
            }
            return inputs + "-16×" + (units.length - 1) + "-" + units[units.length - 1] + (residual ? " residual" : "");
        }

        String source(String pkg, String type, CodeShape shape) {
            StringBuilder layers = new StringBuilder();
            for (int l = 0; l < units.length; l++) {
                boolean last = l == units.length - 1;
                layers.append(l == 0 ? "" : ",\n").append("        @Layer(units = ").append(units[l])
                        .append(", activation = Activation.").append(last ? "IDENTITY" : "TANH")
                        .append(residual && l > 0 && !last ? ", skip = 1" : "").append(")");
            }
            return String.join("\n", "package " + pkg + ";", "", "import io.chainrule.*;", "",
                    "@Network(inputs = " + inputs + ", layers = {", layers.toString(), "    },",
                    "    loss = Loss.SOFTMAX_CROSS_ENTROPY, shape = CodeShape." + shape.name() + ")",
                    "public interface " + type + " extends FloatModel {", "}", "");
        }
    }

    /** What one compilation gave. */
    record Result(boolean ok, String error, double processorSeconds, double javacSeconds, long sourceBytes,
            long classBytes, int methods, int largestMethod, String largestName, int overLimit) {
    }

    static List<Net> grid() {
        List<Net> nets = new ArrayList<>();
        nets.add(new Net("size", "P2", 4, new int[] {16, 3}, false));
        nets.add(new Net("size", "P3", 32, new int[] {24, 10}, false));
        nets.add(new Net("size", "P4", 100, new int[] {80, 20}, false));
        nets.add(new Net("size", "P5", 784, new int[] {128, 10}, false));
        nets.add(new Net("size", "P6", 1024, new int[] {768, 256, 10}, false));
        for (boolean residual : new boolean[] {false, true}) {
            for (int depth : new int[] {2, 10, 100, 300, 1000}) {
                if (residual && depth == 2) {
                    continue; // no hidden layer between the first and the output to skip over
                }
                int[] units = new int[depth];
                for (int l = 0; l < depth; l++) {
                    units[l] = l == depth - 1 ? 10 : 16;
                }
                nets.add(new Net("depth", (residual ? "R" : "D") + depth, 16, units, residual));
            }
        }
        return nets;
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path work = Files.createTempDirectory("chainrule-compile-scaling");
        // javac recurses deeply over long expressions; run it on a thread with a large stack
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                run(work, repeats);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "compile-scaling", 256L << 20);
        thread.start();
        thread.join();
        deleteRecursively(work);
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }

    private static void run(Path work, int repeats) throws IOException {
        System.out.printf("JVM %s, %d processors; lowest of %d compilations per row, after a warm-up%n%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), repeats);
        List<Net> nets = grid();
        // warm-up: javac and the processor are JIT-compiled during the first compilations
        for (int i = 0; i < 3; i++) {
            for (Net net : nets.subList(0, 3)) {
                compile(work, net, CodeShape.LOOPS);
                compile(work, net, CodeShape.UNROLLED);
            }
        }
        System.out.println("| network | parameters | layers | shape | processor CPU s | javac CPU s (all) "
                + "| generated source | class file | methods | largest method (bytes) | over 8,000 B |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Net net : nets) {
            for (CodeShape shape : new CodeShape[] {CodeShape.LOOPS, CodeShape.AUTO, CodeShape.UNROLLED}) {
                Result best = null;
                for (int r = 0; r < repeats; r++) {
                    Result result = compile(work, net, shape);
                    if (best == null || result.processorSeconds < best.processorSeconds) {
                        best = result;
                    }
                    if (!result.ok || result.javacSeconds > 60) {
                        break; // one slow or failed compilation says enough
                    }
                }
                System.out.println(row(net, shape, best));
            }
        }
    }

    private static String row(Net net, CodeShape shape, Result r) {
        String head = String.format(Locale.ROOT, "| %s | %,d | %d | %s |", net.describe(), net.parameters(),
                net.units().length, shape);
        if (!r.ok) {
            return head + String.format(Locale.ROOT, " %.2f | %.2f | compile error: %s | | | | |",
                    r.processorSeconds, r.javacSeconds, r.error);
        }
        return head + String.format(Locale.ROOT, " %.3f | %.2f | %,d B | %,d B | %,d | %,d (%s) | %d |",
                r.processorSeconds, r.javacSeconds, r.sourceBytes, r.classBytes, r.methods, r.largestMethod,
                r.largestName, r.overLimit);
    }

    /** Compiles {@code net} in {@code shape} in a fresh directory. */
    static Result compile(Path work, Net net, CodeShape shape) throws IOException {
        Path dir = work.resolve(net.name() + "-" + shape);
        deleteRecursively(dir);
        Path src = Files.createDirectories(dir.resolve("src/scaling"));
        Path gen = Files.createDirectories(dir.resolve("generated"));
        Path out = Files.createDirectories(dir.resolve("classes"));
        String type = net.name() + shape.name().charAt(0) + shape.name().substring(1).toLowerCase(Locale.ROOT);
        Path file = src.resolve(type + ".java");
        Files.write(file, net.source("scaling", type, shape).getBytes(StandardCharsets.UTF_8));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        TimedProcessor processor = new TimedProcessor(new NetworkProcessor());
        boolean ok;
        long start = THREADS.getCurrentThreadCpuTime();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
                    List.of("--release", "8", "-Xlint:all,-options,-processing", "-classpath",
                            System.getProperty("java.class.path"), "-s", gen.toString(), "-d", out.toString()),
                    null, files.getJavaFileObjects(file.toFile()));
            task.setProcessors(List.of(processor));
            ok = task.call();
        }
        double javacSeconds = (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
        double processorSeconds = processor.nanos / 1e9;
        if (!ok) {
            String error = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getMessage(Locale.ROOT).replace('\n', ' ').replace("|", "\\|"))
                    .findFirst().orElse("(no message)");
            return new Result(false, error, processorSeconds, javacSeconds, 0, 0, 0, 0, "", 0);
        }
        long sourceBytes = sizeOf(gen, ".java");
        long classBytes = 0;
        int methods = 0;
        int largest = 0;
        String largestName = "";
        int over = 0;
        for (Path c : list(out, ".class")) {
            if (c.getFileName().toString().equals(type + ".class")) {
                continue; // the user's interface
            }
            byte[] bytes = Files.readAllBytes(c);
            classBytes += bytes.length;
            for (Map.Entry<String, Integer> m : ClassFiles.codeLengths(bytes).entrySet()) {
                methods++;
                if (m.getValue() > JIT_LIMIT && !m.getKey().startsWith("<clinit>")) {
                    over++;
                }
                if (m.getValue() > largest) {
                    largest = m.getValue();
                    largestName = m.getKey().substring(0, m.getKey().indexOf('('));
                }
            }
        }
        deleteRecursively(dir);
        return new Result(true, "", processorSeconds, javacSeconds, sourceBytes, classBytes, methods, largest,
                largestName, over);
    }

    private static long sizeOf(Path dir, String suffix) throws IOException {
        long sum = 0;
        for (Path p : list(dir, suffix)) {
            sum += Files.size(p);
        }
        return sum;
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Delegates to the processor and adds up the thread CPU time of its {@code process} calls. */
    static final class TimedProcessor implements Processor {
        private final Processor delegate;
        long nanos;

        TimedProcessor(Processor delegate) {
            this.delegate = delegate;
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }

        @Override
        public void init(ProcessingEnvironment env) {
            delegate.init(env);
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            long start = THREADS.getCurrentThreadCpuTime();
            try {
                return delegate.process(annotations, round);
            } finally {
                nanos += THREADS.getCurrentThreadCpuTime() - start;
            }
        }

        @Override
        public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                ExecutableElement member, String userText) {
            return delegate.getCompletions(element, annotation, member, userText);
        }
    }
}
