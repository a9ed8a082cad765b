package io.chainrule.processor;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Locale;

/**
 * Run as a program in a fresh JVM: loads a generated class with compiled-in weights from a
 * directory of class files and prints how long loading and initialising it took, how long its
 * first and second construction took (each decodes the weights), the bytes a construction
 * allocates, and the heap kept by one instance (in use with it, less in use without it) and by the
 * loaded class (in use with the class, less in use once it and its class loader are gone: full
 * collections with the serial collector unload the class and so free its string constants).
 */
public final class LoadTimeProbe {
    private LoadTimeProbe() {
    }

    public static void main(String[] args) throws Exception {
        File classes = new File(args[0]);
        String name = args[1];
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        usedHeap(memory); // the collector's first full collections settle its own structures
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toURI().toURL()},
                LoadTimeProbe.class.getClassLoader());
        long t0 = System.nanoTime();
        Class<?> type = Class.forName(name, true, loader);
        long t1 = System.nanoTime();
        Object first = type.getConstructor().newInstance();
        long t2 = System.nanoTime();
        long allocated = threads.getThreadAllocatedBytes(id);
        Object second = type.getConstructor().newInstance();
        allocated = threads.getThreadAllocatedBytes(id) - allocated;
        long t3 = System.nanoTime();
        second = null;
        long alive = usedHeap(memory);
        boolean reachable = first.hashCode() != 0 || second == null; // first is reachable up to here
        first = null;
        long classOnly = usedHeap(memory);
        boolean loaded = type.getName().equals(name); // the class, up to here
        type = null;
        loader.close();
        loader = null;
        long gone = usedHeap(memory);
        System.out.printf(Locale.ROOT, "load+init %.1f ms, first construction %.1f ms, second construction %.1f ms "
                        + "(%,d bytes allocated); heap kept by one instance %,d bytes, by the loaded class %,d bytes%s%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, allocated, alive - classOnly, classOnly - gone,
                reachable && loaded ? "" : "?");
    }

    private static long usedHeap(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
