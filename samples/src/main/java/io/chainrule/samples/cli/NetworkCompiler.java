package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.Network;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles a {@code @Network} declaration in-process: the JDK's compiler (javax.tools) with
 * Chainrule's own annotation processor, in memory, and loads the generated model class. The
 * runtime's classes are on the compiler's class path from wherever this app loaded them (the
 * runnable jar itself, or the build's class directories). This needs a JDK: a JRE has no compiler.
 */
@DesktopOnly
final class NetworkCompiler {
    /** The processor, named here: the samples are Java 8 bytecode and it is Java 17. */
    static final String PROCESSOR = "io.chainrule.processor.NetworkProcessor";

    /**
     * A compiled network: the generated model's source, its derivation page (the processor's
     * {@code <Model>.html}), and a factory of model instances.
     */
    @DesktopOnly
    static final class Compiled {
        final String modelSource;
        final String derivationPage;
        final String modelClassName;
        private final Class<?> modelClass;

        Compiled(String modelSource, String derivationPage, String modelClassName, Class<?> modelClass) {
            this.modelSource = modelSource;
            this.derivationPage = derivationPage;
            this.modelClassName = modelClassName;
            this.modelClass = modelClass;
        }

        /** A new, uninitialised model. */
        FloatModel newModel() {
            try {
                return (FloatModel) modelClass.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a " + modelClassName, e);
            }
        }
    }

    private NetworkCompiler() {
    }

    /**
     * Compiles {@code source}, the file of type {@code packageName.simpleName} (empty package:
     * none), and loads the model class the processor generates for it.
     *
     * @throws IOException for a missing compiler (a JRE) or compile errors, with a message for the user
     */
    static Compiled compile(String packageName, String simpleName, String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("compiling the network needs a JDK, but this Java (" + System.getProperty("java.home")
                    + ") is a runtime without the Java compiler (javax.tools); run chainrule with a JDK's java");
        }
        Processor processor;
        try {
            processor = (Processor) Class.forName(PROCESSOR).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IOException("Chainrule's annotation processor " + PROCESSOR + " cannot be loaded (" + e
                    + "); it needs Java 17 or later", e);
        }
        String qualified = packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        MemoryFiles files = new MemoryFiles(standard);
        List<String> options = Arrays.asList("-classpath", classPath(), "-implicit:none",
                "-Xlint:-options", "-encoding", "UTF-8");
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + qualified.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                java.util.Collections.singletonList(unit));
        task.setProcessors(java.util.Collections.singletonList(processor));
        boolean ok = task.call();
        if (!ok) {
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.append(errors.length() == 0 ? "" : "; ").append(d.getMessage(Locale.ROOT).replace('\n', ' '));
                }
            }
            throw new IOException("the network does not compile: " + errors);
        }
        String modelName = qualified + "Model";
        String modelSource = files.sources.get(modelName);
        String simpleModelName = simpleName + "Model";
        String page = files.resources.get(simpleModelName + ".html");
        if (modelSource == null || page == null) {
            throw new IllegalStateException("the processor wrote no " + modelName + " or no page of it; it wrote "
                    + files.sources.keySet() + " and " + files.resources.keySet());
        }
        ClassLoader loader = new MemoryClassLoader(files.classes, NetworkCompiler.class.getClassLoader());
        try {
            return new Compiled(modelSource, page, modelName, Class.forName(modelName, true, loader));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled, but " + modelName + " cannot be loaded", e);
        }
    }

    /** Where this app found Chainrule's runtime: the runnable jar, or the runtime's class directory. */
    private static String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : new Class<?>[] {Network.class}) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IOException("cannot tell where Chainrule's runtime was loaded from, to compile against it");
            }
            try {
                entries.add(new File(source.getLocation().toURI()).getPath());
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("cannot use " + source.getLocation() + " as the compiler's class path", e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Keeps the generated sources, the class files and the other files the processor writes (the
     * derivation page), by name, in memory: nothing is written to the working directory.
     */
    @DesktopOnly
    private static final class MemoryFiles extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, byte[]> classes = new HashMap<>();
        final Map<String, String> sources = new HashMap<>();
        final Map<String, String> resources = new HashMap<>();

        MemoryFiles(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            URI uri = URI.create("memory:///" + className.replace('.', '/') + kind.extension);
            boolean isClass = kind == JavaFileObject.Kind.CLASS;
            return new SimpleJavaFileObject(uri, kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            if (isClass) {
                                classes.put(className, toByteArray());
                            } else {
                                sources.put(className, new String(toByteArray(), StandardCharsets.UTF_8));
                            }
                        }
                    };
                }

                @Override
                public java.io.Writer openWriter() {
                    return new java.io.OutputStreamWriter(openOutputStream(), StandardCharsets.UTF_8);
                }

                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    String text = sources.get(className);
                    if (text == null) {
                        throw new IllegalStateException(className + " is not written yet");
                    }
                    return text;
                }
            };
        }

        @Override
        public FileObject getFileForOutput(Location location, String packageName, String relativeName,
                FileObject sibling) {
            String path = packageName.isEmpty() ? relativeName : packageName.replace('.', '/') + "/" + relativeName;
            return new SimpleJavaFileObject(URI.create("memory:///" + path), JavaFileObject.Kind.OTHER) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            resources.put(relativeName, new String(toByteArray(), StandardCharsets.UTF_8));
                        }
                    };
                }

                @Override
                public java.io.Writer openWriter() {
                    return new java.io.OutputStreamWriter(openOutputStream(), StandardCharsets.UTF_8);
                }
            };
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return a.toUri().equals(b.toUri());
        }

        @Override
        public boolean hasLocation(Location location) {
            return location == StandardLocation.SOURCE_OUTPUT || location == StandardLocation.CLASS_OUTPUT
                    || super.hasLocation(location);
        }
    }

    /** Defines the compiled classes from their bytes. */
    @DesktopOnly
    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
