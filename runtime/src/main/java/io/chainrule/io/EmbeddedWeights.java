package io.chainrule.io;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Parameters compiled into a class ({@link io.chainrule.Inference#weights()}): how the annotation
 * processor stores the values of a model file in string constants of a generated class
 * ({@link #encode(float[])}), and how the generated class reads them back when it is constructed
 * ({@link #decoder(float[][], int, int)}).
 *
 * <h2>Format</h2>
 * The values as big-endian bytes, as in a model file ({@code Float.floatToRawIntBits},
 * {@code Double.doubleToRawLongBits}: every bit kept, -0.0, subnormals and NaN payloads
 * included), read as a stream of 7-bit groups, most significant bit first, the last group padded
 * with zero bits; group {@code g} is stored as the {@code char} {@code 127 - g}. The chars are cut
 * into strings of at most {@link #MAX_CHUNK_BYTES} bytes of modified UTF-8, the limit of one string
 * constant in a class file, where chars 1 to 127 take one byte and char 0 two: hence {@code 127 - g},
 * which gives the one-byte char 127 to the group of zero bits that exact zeros and round numbers
 * such as {@code 16.0} are full of, and char 0 to the rare group of ones. So the class file holds
 * about 8/7 of the parameter bytes, in about {@code 8 * bytes / 7 / 65,535} constants (two
 * constant-pool entries each), and the same text is what stays in memory with the loaded class (one
 * byte per char on JVMs with compact strings).
 *
 * <p>The decoder checks that the chars are in range, that exactly the expected number of values
 * arrives, that the padding is zero and that the CRC-32 of the decoded bytes equals the one the
 * processor computed from the model file's parameters; otherwise {@link Decoder#finish()} (or
 * {@link Decoder#feed(String)}) throws an {@link IllegalStateException}, and the generated
 * constructor with it, so no instance with damaged weights exists.
 */
public final class EmbeddedWeights {
    /** Most bytes of modified UTF-8 in one string constant of a class file. */
    public static final int MAX_CHUNK_BYTES = 65535;

    private static final int BITS_PER_CHAR = 7;
    /** The largest 7-bit group; group {@code g} is the char {@code GROUP - g}. */
    private static final int GROUP = (1 << BITS_PER_CHAR) - 1;

    private EmbeddedWeights() {
    }

    /** The chunks of text that hold {@code values} (see the class comment). */
    public static List<String> encode(float[] values) {
        Encoder e = new Encoder();
        for (float v : values) {
            e.word(Float.floatToRawIntBits(v));
        }
        return e.finish();
    }

    /** The chunks of text that hold {@code values} (see the class comment). */
    public static List<String> encode(double[] values) {
        Encoder e = new Encoder();
        for (double v : values) {
            long bits = Double.doubleToRawLongBits(v);
            e.word((int) (bits >>> 32));
            e.word((int) bits);
        }
        return e.finish();
    }

    /** CRC-32 of the big-endian bytes of {@code values}, as the decoder computes it. */
    public static int crc(float[] values) {
        Checksum c = new Checksum();
        for (float v : values) {
            c.word(Float.floatToRawIntBits(v));
        }
        return c.value();
    }

    /** CRC-32 of the big-endian bytes of {@code values}, as the decoder computes it. */
    public static int crc(double[] values) {
        Checksum c = new Checksum();
        for (double v : values) {
            long bits = Double.doubleToRawLongBits(v);
            c.word((int) (bits >>> 32));
            c.word((int) bits);
        }
        return c.value();
    }

    /**
     * A decoder that fills {@code arrays} one after the other, in order, with {@code count} float
     * values whose bytes have CRC-32 {@code crc}.
     *
     * @throws IllegalArgumentException if the arrays do not hold exactly {@code count} values
     */
    public static Decoder decoder(float[][] arrays, int count, int crc) {
        long total = 0;
        for (float[] array : arrays) {
            total += array.length;
        }
        checkCount(total, count);
        return new Decoder(arrays, null, count, crc);
    }

    /**
     * A decoder that fills {@code arrays} one after the other, in order, with {@code count} double
     * values whose bytes have CRC-32 {@code crc}.
     *
     * @throws IllegalArgumentException if the arrays do not hold exactly {@code count} values
     */
    public static Decoder decoder(double[][] arrays, int count, int crc) {
        long total = 0;
        for (double[] array : arrays) {
            total += array.length;
        }
        checkCount(total, count);
        return new Decoder(null, arrays, count, crc);
    }

    private static void checkCount(long total, int count) {
        if (total != count) {
            throw new IllegalArgumentException("the arrays hold " + total + " values but " + count + " are compiled in");
        }
    }

    /** Reads the chunks of {@link #encode} back into arrays; feed every chunk in order, then finish. */
    public static final class Decoder {
        private final float[][] floats;
        private final double[][] doubles;
        private final int count;
        private final int expectedCrc;
        private final Checksum checksum = new Checksum();
        private long bits;
        private int bitCount;
        private int high;
        private boolean haveHigh;
        private int array;
        private int position;
        private int delivered;

        Decoder(float[][] floats, double[][] doubles, int count, int crc) {
            this.floats = floats;
            this.doubles = doubles;
            this.count = count;
            this.expectedCrc = crc;
        }

        /** Decodes the next chunk. */
        public void feed(String chunk) {
            for (int i = 0, n = chunk.length(); i < n; i++) {
                int c = chunk.charAt(i);
                if (c > GROUP) {
                    throw damaged("character " + c + " is not a 7-bit group");
                }
                bits = bits << BITS_PER_CHAR | (GROUP - c);
                bitCount += BITS_PER_CHAR;
                if (bitCount >= 32) {
                    bitCount -= 32;
                    int word = (int) (bits >>> bitCount);
                    bits &= (1L << bitCount) - 1;
                    word(word);
                }
            }
        }

        /**
         * Checks that every value arrived, with nothing after it but zero padding, and that the
         * decoded bytes have the expected CRC-32.
         */
        public void finish() {
            if (delivered != count || haveHigh) {
                throw damaged(delivered + " of " + count + " values");
            }
            if (bitCount >= BITS_PER_CHAR || bits != 0) {
                throw damaged("text after the last value");
            }
            int crc = checksum.value();
            if (crc != expectedCrc) {
                throw damaged("CRC-32 " + Integer.toHexString(crc) + ", expected " + Integer.toHexString(expectedCrc));
            }
        }

        private void word(int word) {
            checksum.word(word);
            if (floats != null) {
                put(Float.intBitsToFloat(word), 0);
            } else if (!haveHigh) {
                high = word;
                haveHigh = true;
            } else {
                haveHigh = false;
                put(0, Double.longBitsToDouble((long) high << 32 | (word & 0xffffffffL)));
            }
        }

        private void put(float f, double d) {
            if (delivered == count) {
                throw damaged("more than " + count + " values");
            }
            if (floats != null) {
                while (position == floats[array].length) {
                    array++;
                    position = 0;
                }
                floats[array][position++] = f;
            } else {
                while (position == doubles[array].length) {
                    array++;
                    position = 0;
                }
                doubles[array][position++] = d;
            }
            delivered++;
        }

        private static IllegalStateException damaged(String detail) {
            return new IllegalStateException("the compiled-in weights are damaged: " + detail);
        }
    }

    /** Packs 32-bit words into chunks of 7-bit chars. */
    private static final class Encoder {
        private final List<String> chunks = new ArrayList<String>();
        private final StringBuilder chunk = new StringBuilder();
        private int chunkBytes;
        private long bits;
        private int bitCount;

        void word(int word) {
            bits = bits << 32 | (word & 0xffffffffL);
            bitCount += 32;
            while (bitCount >= BITS_PER_CHAR) {
                bitCount -= BITS_PER_CHAR;
                append((char) (GROUP - (bits >>> bitCount & GROUP)));
            }
            bits &= (1L << bitCount) - 1;
        }

        List<String> finish() {
            if (bitCount > 0) {
                append((char) (GROUP - (bits << (BITS_PER_CHAR - bitCount) & GROUP)));
                bitCount = 0;
            }
            if (chunk.length() > 0) {
                chunks.add(chunk.toString());
            }
            return chunks;
        }

        private void append(char c) {
            int bytes = c == 0 ? 2 : 1;
            if (chunkBytes + bytes > MAX_CHUNK_BYTES) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
                chunkBytes = 0;
            }
            chunk.append(c);
            chunkBytes += bytes;
        }
    }

    /** CRC-32 of 32-bit words as big-endian bytes, through a small buffer. */
    private static final class Checksum {
        private final CRC32 crc = new CRC32();
        private final byte[] buffer = new byte[4096];
        private int filled;

        void word(int word) {
            if (filled == buffer.length) {
                crc.update(buffer, 0, filled);
                filled = 0;
            }
            buffer[filled] = (byte) (word >>> 24);
            buffer[filled + 1] = (byte) (word >>> 16);
            buffer[filled + 2] = (byte) (word >>> 8);
            buffer[filled + 3] = (byte) word;
            filled += 4;
        }

        int value() {
            crc.update(buffer, 0, filled);
            filled = 0;
            return (int) crc.getValue();
        }
    }
}
