package io.chainrule.shipping;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the methods of a dex file: for each method with code, its size in 16-bit code units
 * ({@code code_item.insns_size}, the number ART's compiler filters compare with their thresholds)
 * and whether its instructions contain a branch. Only what those checks need is read: the header,
 * the string, type, proto and method ids, the class definitions, their {@code class_data_item}s and
 * {@code code_item}s, following the "Dalvik executable format" of the Android source
 * documentation. The instruction stream of each method is walked with the opcode table of
 * {@link DalvikOpcodes}, and the walk must end exactly at {@code insns_size}, which checks the
 * reader on every method it reads.
 */
final class DexFile {
    /** One method with code. */
    record Method(String className, String name, String descriptor, int codeUnits, boolean hasBranch) {
        @Override
        public String toString() {
            return className + "." + name + descriptor + " (" + codeUnits + " code units, "
                    + (hasBranch ? "with" : "no") + " branches)";
        }
    }

    private final ByteBuffer dex;
    private final String[] strings;
    private final String[] types;
    private final int protoIdsOffset;
    private final int methodIdsOffset;
    private final List<Method> methods = new ArrayList<>();

    private DexFile(byte[] bytes) {
        dex = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        String magic = new String(bytes, 0, Math.min(8, bytes.length), StandardCharsets.ISO_8859_1);
        if (!magic.startsWith("dex\n") || magic.charAt(7) != 0) {
            throw new IllegalArgumentException("not a dex file: magic " + magic);
        }
        if (dex.getInt(0x20) != bytes.length) {
            throw new IllegalArgumentException("file_size " + dex.getInt(0x20) + " but " + bytes.length + " bytes");
        }
        strings = new String[dex.getInt(0x38)];
        int stringIds = dex.getInt(0x3C);
        for (int i = 0; i < strings.length; i++) {
            strings[i] = readString(dex.getInt(stringIds + 4 * i));
        }
        types = new String[dex.getInt(0x40)];
        int typeIds = dex.getInt(0x44);
        for (int i = 0; i < types.length; i++) {
            types[i] = strings[dex.getInt(typeIds + 4 * i)];
        }
        protoIdsOffset = dex.getInt(0x4C);
        methodIdsOffset = dex.getInt(0x5C);
        int classDefs = dex.getInt(0x60);
        int classDefsOffset = dex.getInt(0x64);
        for (int c = 0; c < classDefs; c++) {
            int def = classDefsOffset + 32 * c;
            int classData = dex.getInt(def + 24);
            if (classData != 0) {
                readClassData(types[dex.getInt(def)], classData);
            }
        }
    }

    /** Reads a dex file (format versions 035 to 039). */
    static DexFile read(byte[] bytes) {
        return new DexFile(bytes);
    }

    /** Every method with code, in the order of the class definitions. */
    List<Method> methods() {
        return methods;
    }

    private void readClassData(String className, int offset) {
        Cursor in = new Cursor(offset);
        int staticFields = in.uleb128();
        int instanceFields = in.uleb128();
        int directMethods = in.uleb128();
        int virtualMethods = in.uleb128();
        for (int i = 0; i < staticFields + instanceFields; i++) {
            in.uleb128(); // field_idx_diff
            in.uleb128(); // access_flags
        }
        for (int list = 0; list < 2; list++) {
            int count = list == 0 ? directMethods : virtualMethods;
            int methodIndex = 0;
            for (int i = 0; i < count; i++) {
                methodIndex += in.uleb128();
                in.uleb128(); // access_flags
                int code = in.uleb128();
                if (code != 0) {
                    methods.add(readMethod(className, methodIndex, code));
                }
            }
        }
    }

    private Method readMethod(String className, int methodIndex, int codeOffset) {
        int id = methodIdsOffset + 8 * methodIndex;
        String name = strings[dex.getInt(id + 4)];
        String descriptor = protoDescriptor(Short.toUnsignedInt(dex.getShort(id + 2)));
        int insnsSize = dex.getInt(codeOffset + 12);
        int insns = codeOffset + 16;
        boolean branch = false;
        int unit = 0;
        while (unit < insnsSize) {
            int word = Short.toUnsignedInt(dex.getShort(insns + 2 * unit));
            int width;
            if (word == DalvikOpcodes.PACKED_SWITCH_PAYLOAD) {
                width = Short.toUnsignedInt(dex.getShort(insns + 2 * unit + 2)) * 2 + 4;
            } else if (word == DalvikOpcodes.SPARSE_SWITCH_PAYLOAD) {
                width = Short.toUnsignedInt(dex.getShort(insns + 2 * unit + 2)) * 4 + 2;
            } else if (word == DalvikOpcodes.FILL_ARRAY_DATA_PAYLOAD) {
                int elementWidth = Short.toUnsignedInt(dex.getShort(insns + 2 * unit + 2));
                long elements = Integer.toUnsignedLong(dex.getInt(insns + 2 * unit + 4));
                width = (int) ((elements * elementWidth + 1) / 2 + 4);
            } else {
                int opcode = word & 0xFF;
                width = DalvikOpcodes.width(opcode);
                branch |= DalvikOpcodes.isBranch(opcode);
            }
            unit += width;
        }
        if (unit != insnsSize) {
            throw new IllegalStateException(className + "." + name + descriptor + ": the instructions end at code unit "
                    + unit + ", but insns_size is " + insnsSize);
        }
        return new Method(className, name, descriptor, insnsSize, branch);
    }

    private String protoDescriptor(int protoIndex) {
        int proto = protoIdsOffset + 12 * protoIndex;
        StringBuilder s = new StringBuilder("(");
        int parameters = dex.getInt(proto + 8);
        if (parameters != 0) {
            int size = dex.getInt(parameters);
            for (int i = 0; i < size; i++) {
                s.append(types[Short.toUnsignedInt(dex.getShort(parameters + 4 + 2 * i))]);
            }
        }
        return s.append(')').append(types[dex.getInt(proto + 4)]).toString();
    }

    /** A string_data_item: uleb128 length in UTF-16 units, then MUTF-8 bytes ending in 0. */
    private String readString(int offset) {
        Cursor in = new Cursor(offset);
        int utf16Length = in.uleb128();
        StringBuilder s = new StringBuilder(utf16Length);
        int p = in.position;
        while (true) {
            int a = dex.get(p++) & 0xFF;
            if (a == 0) {
                break;
            } else if (a < 0x80) {
                s.append((char) a);
            } else if ((a & 0xE0) == 0xC0) {
                s.append((char) (((a & 0x1F) << 6) | (dex.get(p++) & 0x3F)));
            } else {
                int b = dex.get(p++) & 0x3F;
                int c = dex.get(p++) & 0x3F;
                s.append((char) (((a & 0x0F) << 12) | (b << 6) | c));
            }
        }
        if (s.length() != utf16Length) {
            throw new IllegalStateException("string at " + offset + " has " + s.length() + " UTF-16 units, header says "
                    + utf16Length);
        }
        return s.toString();
    }

    /** Reads unsigned LEB128 values from a position that advances. */
    private final class Cursor {
        int position;

        Cursor(int position) {
            this.position = position;
        }

        int uleb128() {
            int result = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = dex.get(position++) & 0xFF;
                result |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("uleb128 longer than 5 bytes at " + position);
        }
    }
}
