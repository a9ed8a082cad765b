package io.chainrule.processor.fuzz;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.chainrule.Model;
import io.chainrule.processor.CompiledClasses;
import io.chainrule.processor.NetworkProcessor;
import io.chainrule.processor.fuzz.FuzzCase.Expectation;
import io.chainrule.processor.fuzz.FuzzCase.TypeNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;

/**
 * Compiles cases with the processor, several per compilation, and judges each by the rule of the
 * hardening issue: a valid declaration compiles and runs; an invalid one gets an error positioned
 * on it; an unusual one either; never an internal error, an error or warning in generated code,
 * or a compilation over the time budget. A case that fails in a shared compilation is compiled
 * again on its own, and that verdict counts (another case's error stops a shared compilation).
 */
final class CaseRunner {
    /** Outcome counts, per expectation. */
    final Map<Expectation, int[]> compiledAndRejected = new LinkedHashMap<>();
    final List<Failure> failures = new ArrayList<>();
    /** First error of each rejected unusual case, normalised: to see what the unusual cases meet. */
    final Map<String, Integer> unusualRejections = new LinkedHashMap<>();
    /** Budget of one compilation, in CPU time of this JVM (the wall time depends on the machine's load). */
    final long budgetMillis;
    long slowestMillis;
    String slowestCase = "";
    /**
     * javac's lint warning for a use of an annotated type declared as a second top-level type in
     * another file: the generated class must name the type in its header, where no
     * {@code @SuppressWarnings} reaches, so it is the user's file layout, not the generated code.
     */
    static final Pattern AUXILIARY_CLASS = Pattern.compile("^auxiliary class .* should not be accessed from outside its own source file");
    int auxiliaryClassWarnings;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    int compilations;
    long compileMillis;
    long checkMillis;
    private final ExecutorService compiler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-javac");
        t.setDaemon(true);
        return t;
    });

    CaseRunner(long budgetMillis) {
        this.budgetMillis = budgetMillis;
        for (Expectation e : Expectation.values()) {
            compiledAndRejected.put(e, new int[2]);
        }
    }

    /** Compiles {@code batch} together; re-runs alone every case that fails in company. */
    void run(List<FuzzCase> batch) {
        Map<FuzzCase, List<Failure>> verdicts = compileAndJudge(batch);
        for (FuzzCase c : batch) {
            List<Failure> f = verdicts.get(c);
            if (!f.isEmpty() && batch.size() > 1) {
                f = compileAndJudge(List.of(c)).get(c);
            }
            // one failure per kind and case: a defect met on many lines of one class counts once
            Map<String, Failure> distinct = new LinkedHashMap<>();
            for (Failure failure : f) {
                distinct.putIfAbsent(failure.kind(), failure);
            }
            failures.addAll(distinct.values());
        }
    }

    /**
     * A compilation, or how it failed; {@code millis} is wall time, {@code cpuMillis} the CPU time of
     * this JVM meanwhile (javac, its garbage collection and JIT; the test thread only waits).
     */
    private record Compiled(Compilation compilation, Throwable crash, long millis, long cpuMillis) {
    }

    private Compiled compile(List<FuzzCase> batch, List<JavaFileObject> files) {
        long start = System.nanoTime();
        long[] cpu = new long[1];
        Future<Compilation> future = compiler.submit(() -> {
            long before = PROCESS.getProcessCpuTime();
            try {
                return javac().withProcessors(new NetworkProcessor())
                        .withOptions("--release", Integer.toString(batch.get(0).release), "-Xlint:all,-options,-processing")
                        .compile(files);
            } finally {
                cpu[0] = PROCESS.getProcessCpuTime() - before;
            }
        });
        compilations++;
        try {
            Compilation c = future.get(Math.max(budgetMillis * 5, 300_000), TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            compileMillis += millis;
            return new Compiled(c, null, millis, cpu[0] / 1_000_000);
        } catch (TimeoutException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Compiled(null, new TimeoutException("still compiling after " + millis + " ms; abandoned"), millis, millis);
        } catch (ExecutionException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Compiled(null, e.getCause(), millis, cpu[0] / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<FuzzCase, List<Failure>> compileAndJudge(List<FuzzCase> batch) {
        Map<String, FuzzCase> byUserFile = new HashMap<>();
        Map<String, FuzzCase> byPackage = new HashMap<>();
        List<JavaFileObject> files = new ArrayList<>();
        for (FuzzCase c : batch) {
            byPackage.put(c.pkg, c);
            for (FuzzCase.Unit u : c.units) {
                JavaFileObject f = JavaFileObjects.forSourceString(c.qualified(u), u.text);
                files.add(f);
                byUserFile.put(f.toUri().toString(), c);
            }
        }
        Compiled compiled = compile(batch, files);
        Map<FuzzCase, List<Failure>> verdicts = new LinkedHashMap<>();
        Map<FuzzCase, List<Diagnostic<? extends JavaFileObject>>> user = new HashMap<>();
        Map<FuzzCase, List<Diagnostic<? extends JavaFileObject>>> generated = new HashMap<>();
        List<Diagnostic<? extends JavaFileObject>> unattributed = new ArrayList<>();
        for (FuzzCase c : batch) {
            verdicts.put(c, new ArrayList<>());
            user.put(c, new ArrayList<>());
            generated.put(c, new ArrayList<>());
        }
        if (compiled.crash != null) {
            for (FuzzCase c : batch) {
                String kind = compiled.crash instanceof TimeoutException ? "compilation over the time budget"
                        : "javac crashed: " + compiled.crash.getClass().getSimpleName();
                verdicts.get(c).add(new Failure(c, kind, stackTrace(compiled.crash)));
            }
            return verdicts;
        }
        Compilation compilation = compiled.compilation;
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            if (d.getKind() == Kind.NOTE) {
                continue;
            }
            JavaFileObject source = d.getSource();
            FuzzCase owner = source == null ? null : byUserFile.get(source.toUri().toString());
            if (owner != null) {
                user.get(owner).add(d);
                continue;
            }
            String pkg = source == null ? null : generatedPackage(source);
            owner = pkg == null ? null : byPackage.get(pkg);
            if (owner != null) {
                generated.get(owner).add(d);
            } else {
                unattributed.add(d);
            }
        }
        boolean success = compilation.status() == Compilation.Status.SUCCESS;
        CompiledClasses classes = success ? new CompiledClasses(compilation) : null;
        for (FuzzCase c : batch) {
            List<Failure> f = verdicts.get(c);
            if (compiled.cpuMillis > budgetMillis) {
                f.add(new Failure(c, "compilation over the time budget", String.format(Locale.ROOT,
                        "%,d ms of CPU time, %,d ms wall (budget %,d ms) for %d case(s)", compiled.cpuMillis,
                        compiled.millis, budgetMillis, batch.size())));
            }
            if (batch.size() == 1 && compiled.cpuMillis > slowestMillis) {
                slowestMillis = compiled.cpuMillis;
                slowestCase = c.seed + " (" + String.join("; ", c.tags) + ")";
            }
            judge(c, user.get(c), generated.get(c), unattributed, success, classes, compilation, f);
        }
        return verdicts;
    }

    /** The package of a generated source file (compile-testing's in-memory SOURCE_OUTPUT), or null. */
    private static String generatedPackage(JavaFileObject file) {
        String path = file.toUri().getPath();
        int at = path == null ? -1 : path.indexOf("/SOURCE_OUTPUT/");
        if (at < 0) {
            return null;
        }
        String relative = path.substring(at + "/SOURCE_OUTPUT/".length());
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash).replace('/', '.');
    }

    private void judge(FuzzCase c, List<Diagnostic<? extends JavaFileObject>> user,
            List<Diagnostic<? extends JavaFileObject>> generated, List<Diagnostic<? extends JavaFileObject>> unattributed,
            boolean success, CompiledClasses classes, Compilation compilation, List<Failure> f) {
        List<Diagnostic<? extends JavaFileObject>> all = new ArrayList<>(user);
        all.addAll(generated);
        all.addAll(unattributed);
        for (Diagnostic<? extends JavaFileObject> d : all) {
            String message = d.getMessage(Locale.ROOT);
            if (message.toLowerCase(Locale.ROOT).contains("internal error")) {
                f.add(new Failure(c, Failure.kindOf("", message), describe(d)));
            }
        }
        for (Diagnostic<? extends JavaFileObject> d : generated) {
            String message = d.getMessage(Locale.ROOT);
            if (d.getKind() != Kind.ERROR && AUXILIARY_CLASS.matcher(message).find()) {
                auxiliaryClassWarnings++;
                continue;
            }
            String prefix = d.getKind() == Kind.ERROR ? "error in generated code: " : "warning in generated code: ";
            f.add(new Failure(c, Failure.kindOf(prefix, message), describe(d)));
        }
        boolean userErrors = false;
        boolean positioned = false;
        for (Diagnostic<? extends JavaFileObject> d : user) {
            if (d.getKind() == Kind.ERROR) {
                userErrors = true;
                positioned |= d.getLineNumber() > 0 && within(c, d.getLineNumber(), d.getSource())
                        || c.expectation == Expectation.UNUSUAL && d.getLineNumber() > 0;
            }
        }
        boolean ownErrors = userErrors || generated.stream().anyMatch(d -> d.getKind() == Kind.ERROR);
        if (!success && !ownErrors) {
            // the compilation failed for another case of the batch (its verdict comes from a run of its own),
            // or with errors nobody owns
            boolean unowned = unattributed.stream().anyMatch(d -> d.getKind() == Kind.ERROR);
            f.add(new Failure(c, unowned ? "error without a position" : "failed without an error of its own",
                    unattributed.isEmpty() ? "" : describe(unattributed.get(0))));
            return;
        }
        int[] counts = compiledAndRejected.get(c.expectation);
        if (ownErrors) {
            String first = user.stream().filter(d -> d.getKind() == Kind.ERROR).map(d -> d.getMessage(Locale.ROOT))
                    .findFirst().orElse("(only in generated code)");
            if (c.expectation == Expectation.VALID && userErrors) {
                f.add(new Failure(c, Failure.kindOf("valid declaration rejected: ", first), describeAll(user)));
            } else if (userErrors && !positioned) {
                f.add(new Failure(c, "error not positioned on the declaration", describeAll(user)));
            }
            if (f.isEmpty()) {
                counts[1]++;
                if (c.expectation == Expectation.UNUSUAL) {
                    String kind = Failure.normalise(first.split("\n")[0]) + "  (e.g. case " + c.seed + ": "
                            + String.join("; ", c.tags.subList(1, c.tags.size())) + ")";
                    unusualRejections.merge(unusualRejections.keySet().stream()
                            .filter(k -> k.startsWith(Failure.normalise(first.split("\n")[0]) + "  (")).findFirst().orElse(kind),
                            1, Integer::sum);
                }
            }
            return;
        }
        if (c.expectation == Expectation.INVALID) {
            f.add(new Failure(c, "invalid declaration accepted: " + c.tags.get(c.tags.size() - 1).replaceFirst("^invalid: ", "")
                    .replaceAll("\"[^\"]*\"", "\"...\""), describeAll(user)));
            return;
        }
        if (!success) {
            return;
        }
        long start = System.nanoTime();
        checkModels(c, classes, compilation, f);
        checkMillis += (System.nanoTime() - start) / 1_000_000;
        if (c.recompile && f.isEmpty()) {
            recompile(c, compilation, f);
        }
        if (f.isEmpty()) {
            counts[0]++;
        }
    }

    /**
     * The case's sources compiled again with the classes of the first compilation on the class
     * path, as an incremental build does: the generated class is there already, and the same
     * sources must compile as cleanly as the first time.
     */
    private void recompile(FuzzCase c, Compilation first, List<Failure> f) {
        List<File> classpath = new ArrayList<>();
        Path dir;
        try {
            dir = Files.createTempDirectory("fuzz-classes");
            for (JavaFileObject file : first.generatedFiles()) {
                String path = file.toUri().getPath();
                int at = path.indexOf("/CLASS_OUTPUT/");
                if (file.getKind() != JavaFileObject.Kind.CLASS || at < 0) {
                    continue;
                }
                Path target = dir.resolve(path.substring(at + "/CLASS_OUTPUT/".length()));
                Files.createDirectories(target.getParent());
                try (InputStream in = file.openInputStream()) {
                    Files.copy(in, target);
                }
            }
            classpath.add(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(new File(entry));
        }
        List<JavaFileObject> files = new ArrayList<>();
        for (FuzzCase.Unit u : c.units) {
            files.add(JavaFileObjects.forSourceString(c.qualified(u), u.text));
        }
        compilations++;
        Compilation again;
        try {
            again = javac().withProcessors(new NetworkProcessor()).withClasspath(classpath)
                    .withOptions("--release", Integer.toString(c.release), "-Xlint:all,-options,-processing").compile(files);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
        for (Diagnostic<? extends JavaFileObject> d : again.diagnostics()) {
            if (d.getKind() == Kind.ERROR || (d.getKind() != Kind.NOTE && d.getSource() != null
                    && generatedPackage(d.getSource()) != null && !AUXILIARY_CLASS.matcher(d.getMessage(Locale.ROOT)).find())) {
                f.add(new Failure(c, Failure.kindOf("recompiled beside its classes: ", d.getMessage(Locale.ROOT)), describe(d)));
            }
        }
    }

    /** Whether {@code line} of {@code file} lies in an annotated type of the case (its annotation to its closing brace). */
    private static boolean within(FuzzCase c, long line, JavaFileObject file) {
        String uri = file.toUri().toString();
        for (FuzzCase.Unit u : c.units) {
            if (!JavaFileObjects.forSourceString(c.qualified(u), "").toUri().toString().equals(uri)) {
                continue;
            }
            for (TypeNode t : unitAnnotated(u)) {
                if (line >= t.firstLine && line <= t.lastLine) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<TypeNode> unitAnnotated(FuzzCase.Unit u) {
        List<TypeNode> result = new ArrayList<>();
        List<TypeNode> stack = new ArrayList<>(u.types);
        while (!stack.isEmpty()) {
            TypeNode t = stack.remove(stack.size() - 1);
            if (t.network != null) {
                result.add(t);
            }
            stack.addAll(t.children);
        }
        return result;
    }

    /** Loads each annotated type's generated class and runs it. */
    private void checkModels(FuzzCase c, CompiledClasses classes, Compilation compilation, List<Failure> f) {
        List<TypeNode> annotated = c.annotated();
        List<Class<?>> generatedClasses = new ArrayList<>();
        for (JavaFileObject source : compilation.generatedSourceFiles()) {
            String pkg = generatedPackage(source);
            if (pkg == null || !pkg.equals(c.pkg)) {
                continue;
            }
            String path = source.toUri().getPath();
            String simple = path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
            try {
                generatedClasses.add(classes.loadClass(pkg.isEmpty() ? simple : pkg + "." + simple));
            } catch (ClassNotFoundException | LinkageError e) {
                f.add(new Failure(c, "generated class does not load: " + e.getClass().getSimpleName(), stackTrace(e)));
            }
        }
        Map<TypeNode, Class<?>> models = match(annotated, generatedClasses);
        if (models.size() != annotated.size() || generatedClasses.size() != annotated.size()) {
            f.add(new Failure(c, "not one generated class per annotated type", generatedClasses + " for "
                    + annotated.stream().map(t -> t.binaryName).toList()));
            return;
        }
        Map<String, List<Model>> byMathematics = new LinkedHashMap<>();
        Map<String, List<String>> namesByMathematics = new HashMap<>();
        for (Map.Entry<TypeNode, Class<?>> e : models.entrySet()) {
            FuzzNetwork n = e.getKey().network;
            List<String> problems = new ArrayList<>();
            try {
                ModelChecks.constants(e.getValue(), n, problems);
                if (problems.isEmpty() && !c.compileOnly) {
                    Model model = ModelChecks.instantiate(e.getValue());
                    ModelChecks.run(model, n, c.seed, problems);
                    byMathematics.computeIfAbsent(n.mathematics(), k -> new ArrayList<>()).add(model);
                    namesByMathematics.computeIfAbsent(n.mathematics(), k -> new ArrayList<>()).add(e.getValue().getSimpleName());
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
                Throwable cause = ModelChecks.cause(ex);
                problems.add(cause.getClass().getSimpleName() + ": " + cause.getMessage() + "\n" + stackTrace(cause));
            }
            for (String p : problems) {
                f.add(new Failure(c, Failure.kindOf("runtime: ", p.split("\n")[0]), e.getValue().getName() + ": " + p));
            }
        }
        for (Map.Entry<String, List<Model>> e : byMathematics.entrySet()) {
            if (e.getValue().size() > 1) {
                List<String> problems = new ArrayList<>();
                try {
                    ModelChecks.sameBits(e.getValue(), namesByMathematics.get(e.getKey()), annotated.get(0).network.copy(),
                            c.seed, problems);
                } catch (RuntimeException ex) {
                    problems.add(ex + "\n" + stackTrace(ex));
                }
                for (String p : problems) {
                    f.add(new Failure(c, Failure.kindOf("runtime: ", p.split("\n")[0]), p));
                }
            }
        }
    }

    /** Pairs annotated types and generated classes: by the type a class implements or extends, else the last one left. */
    private static Map<TypeNode, Class<?>> match(List<TypeNode> annotated, List<Class<?>> generated) {
        Map<TypeNode, Class<?>> result = new LinkedHashMap<>();
        List<Class<?>> left = new ArrayList<>(generated);
        for (TypeNode t : annotated) {
            for (Class<?> g : generated) {
                boolean implementsIt = g.getSuperclass() != null && g.getSuperclass().getName().equals(t.binaryName);
                for (Class<?> i : g.getInterfaces()) {
                    implementsIt |= i.getName().equals(t.binaryName);
                }
                if (implementsIt && left.remove(g)) {
                    result.put(t, g);
                    break;
                }
            }
        }
        if (left.size() == 1 && result.size() == annotated.size() - 1) {
            for (TypeNode t : annotated) {
                result.putIfAbsent(t, left.get(0));
            }
        }
        return result;
    }

    private static String describe(Diagnostic<? extends JavaFileObject> d) {
        StringBuilder s = new StringBuilder();
        s.append(d.getKind()).append(' ');
        if (d.getSource() != null) {
            s.append(d.getSource().toUri().getPath()).append(':').append(d.getLineNumber()).append(": ");
        }
        s.append(d.getMessage(Locale.ROOT));
        if (d.getSource() != null && d.getLineNumber() > 0) {
            try {
                String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
                if (d.getLineNumber() <= lines.length) {
                    s.append("\n    | ").append(lines[(int) d.getLineNumber() - 1].trim());
                }
            } catch (IOException | RuntimeException e) {
                // the line is a convenience
            }
        }
        return s.toString();
    }

    private static String describeAll(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        StringBuilder s = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            s.append(s.length() == 0 ? "" : "\n").append(describe(d));
        }
        return s.length() == 0 ? "(no diagnostics)" : s.toString();
    }

    private static String stackTrace(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(trace.length, 8); i++) {
            s.append("\n    at ").append(trace[i]);
        }
        return s.toString();
    }
}
