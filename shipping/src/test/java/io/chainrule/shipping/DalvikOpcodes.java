package io.chainrule.shipping;

/**
 * The width in 16-bit code units of every Dalvik opcode, from its instruction format ("Dalvik
 * bytecode" and "Dalvik executable instruction formats" of the Android source documentation), and
 * which opcodes branch: {@code goto}, {@code goto/16}, {@code goto/32}, {@code packed-switch},
 * {@code sparse-switch}, {@code if-test} and {@code if-testz}.
 */
final class DalvikOpcodes {
    /** The first code unit of the three payload pseudo-instructions (opcode 0x00, {@code nop}). */
    static final int PACKED_SWITCH_PAYLOAD = 0x0100;
    static final int SPARSE_SWITCH_PAYLOAD = 0x0200;
    static final int FILL_ARRAY_DATA_PAYLOAD = 0x0300;

    private static final int[] WIDTH = new int[256];

    static {
        // Ranges of opcodes with the same width; every opcode not named is 1 unit wide
        // (formats 10x, 12x, 11n, 11x, 10t: nop, move, move-wide, move-object, move-result*,
        // return*, const/4, monitor-*, array-length, throw, goto, unop, binop/2addr, unused).
        set(0x02, 0x02, 2); // move/from16 (22x)
        set(0x03, 0x03, 3); // move/16 (32x)
        set(0x05, 0x05, 2); // move-wide/from16
        set(0x06, 0x06, 3); // move-wide/16
        set(0x08, 0x08, 2); // move-object/from16
        set(0x09, 0x09, 3); // move-object/16
        set(0x13, 0x13, 2); // const/16 (21s)
        set(0x14, 0x14, 3); // const (31i)
        set(0x15, 0x15, 2); // const/high16 (21h)
        set(0x16, 0x16, 2); // const-wide/16
        set(0x17, 0x17, 3); // const-wide/32
        set(0x18, 0x18, 5); // const-wide (51l)
        set(0x19, 0x19, 2); // const-wide/high16
        set(0x1a, 0x1a, 2); // const-string (21c)
        set(0x1b, 0x1b, 3); // const-string/jumbo (31c)
        set(0x1c, 0x1c, 2); // const-class
        set(0x1f, 0x20, 2); // check-cast, instance-of (22c)
        set(0x22, 0x23, 2); // new-instance, new-array
        set(0x24, 0x26, 3); // filled-new-array (35c), filled-new-array/range (3rc), fill-array-data (31t)
        set(0x29, 0x29, 2); // goto/16 (20t)
        set(0x2a, 0x2c, 3); // goto/32 (30t), packed-switch, sparse-switch (31t)
        set(0x2d, 0x31, 2); // cmpkind (23x)
        set(0x32, 0x3d, 2); // if-test (22t), if-testz (21t)
        set(0x44, 0x51, 2); // arrayop (23x)
        set(0x52, 0x5f, 2); // iinstanceop (22c)
        set(0x60, 0x6d, 2); // sstaticop (21c)
        set(0x6e, 0x72, 3); // invoke-kind (35c)
        set(0x74, 0x78, 3); // invoke-kind/range (3rc)
        set(0x90, 0xaf, 2); // binop (23x)
        set(0xd0, 0xe2, 2); // binop/lit16 (22s), binop/lit8 (22b)
        set(0xfa, 0xfb, 4); // invoke-polymorphic (45cc), invoke-polymorphic/range (4rcc)
        set(0xfc, 0xfd, 3); // invoke-custom (35c), invoke-custom/range (3rc)
        set(0xfe, 0xff, 2); // const-method-handle, const-method-type (21c)
        for (int i = 0; i < WIDTH.length; i++) {
            if (WIDTH[i] == 0) {
                WIDTH[i] = 1;
            }
        }
    }

    private DalvikOpcodes() {
    }

    private static void set(int from, int to, int width) {
        for (int i = from; i <= to; i++) {
            WIDTH[i] = width;
        }
    }

    /** Code units of an instruction with this opcode (payloads excepted). */
    static int width(int opcode) {
        return WIDTH[opcode];
    }

    /** Whether the instruction transfers control elsewhere than the next instruction, by a jump. */
    static boolean isBranch(int opcode) {
        return (opcode >= 0x28 && opcode <= 0x2c) || (opcode >= 0x32 && opcode <= 0x3d);
    }
}
