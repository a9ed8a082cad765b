package io.chainrule.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What tests read from generated class files: bytecode sizes, allocating instructions and static
 * calls. Public,
 * and shipped in the processor's test jar, for the benchmarks' compile-scaling tool.
 */
public final class ClassFiles {
    private ClassFiles() {
    }

    /** Slots of the constant pool (the class file's {@code constant_pool_count} - 1). */
    public static int constantPoolEntries(byte[] classFile) {
        return new ClassReader(classFile).getItemCount() - 1;
    }

    /** Bytecode length of every method's Code attribute, by method name and descriptor. */
    public static Map<String, Integer> codeLengths(byte[] classFile) {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        ClassReader reader = new ClassReader(classFile);
        // walk the class file: magic, versions, constant pool (parsed by ASM), then the members
        int offset = reader.header + 6;
        offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
        int fields = reader.readUnsignedShort(offset);
        offset += 2;
        for (int f = 0; f < fields; f++) {
            offset = skipMember(reader, offset);
        }
        int methods = reader.readUnsignedShort(offset);
        offset += 2;
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int m = 0; m < methods; m++) {
            String name = reader.readUTF8(offset + 2, buffer);
            String descriptor = reader.readUTF8(offset + 4, buffer);
            int attributes = reader.readUnsignedShort(offset + 6);
            int a = offset + 8;
            for (int i = 0; i < attributes; i++) {
                String attribute = reader.readUTF8(a, buffer);
                int length = reader.readInt(a + 2);
                if (attribute.equals("Code")) {
                    lengths.put(name + descriptor, reader.readInt(a + 10));
                }
                a += 6 + length;
            }
            offset = a;
        }
        return lengths;
    }

    private static int skipMember(ClassReader reader, int offset) {
        int attributes = reader.readUnsignedShort(offset + 6);
        int a = offset + 8;
        for (int i = 0; i < attributes; i++) {
            a += 6 + reader.readInt(a + 2);
        }
        return a;
    }

    /** Every static method call to {@code owner} (internal name, e.g. {@code java/lang/Math}), as "method: name". */
    public static List<String> staticCalls(byte[] classFile, String owner) {
        List<String> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String calledOwner, String called, String d, boolean itf) {
                        if (opcode == Opcodes.INVOKESTATIC && calledOwner.equals(owner)) {
                            found.add(name + ": " + called);
                        }
                    }
                };
            }
        }, 0);
        return found;
    }

    /**
     * Instructions that allocate or bootstrap ({@code new}, arrays, invokedynamic), as
     * "method: instruction", in every method whose name does not start with an exempt prefix.
     */
    public static List<String> allocations(byte[] classFile, List<String> exemptMethods) {
        List<String> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                for (String prefix : exemptMethods) {
                    if (name.startsWith(prefix)) {
                        return null;
                    }
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        if (opcode == Opcodes.NEW || opcode == Opcodes.ANEWARRAY) {
                            found.add(name + ": " + (opcode == Opcodes.NEW ? "new " : "anewarray ") + type);
                        }
                    }

                    @Override
                    public void visitIntInsn(int opcode, int operand) {
                        if (opcode == Opcodes.NEWARRAY) {
                            found.add(name + ": newarray");
                        }
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                        found.add(name + ": multianewarray " + descriptor);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bootstrap, Object... arguments) {
                        found.add(name + ": invokedynamic " + n);
                    }
                };
            }
        }, 0);
        return found;
    }
}
