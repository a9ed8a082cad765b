package io.chainrule.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** The class files of a compilation, loadable in this JVM. */
public final class CompiledClasses extends ClassLoader {
    private final Map<String, byte[]> classes = new LinkedHashMap<>();

    public CompiledClasses(Compilation compilation) {
        super(CompiledClasses.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
                    path.length() - ".class".length()).replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The names of the compiled classes. */
    java.util.Set<String> names() {
        return classes.keySet();
    }

    /** The bytes of class {@code name}. */
    public byte[] bytes(String name) {
        byte[] b = classes.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no class " + name + " in " + classes.keySet());
        }
        return b;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
    }

    /** A new instance of the generated class {@code name} whose batch buffers hold {@code maxBatch} examples. */
    public <T> T newInstance(String name, Class<T> type, int maxBatch) {
        try {
            return type.cast(loadClass(name).getConstructor(int.class).newInstance(maxBatch));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new instance of the generated class {@code name}. */
    public <T> T newInstance(String name, Class<T> type) {
        try {
            return type.cast(loadClass(name).getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
