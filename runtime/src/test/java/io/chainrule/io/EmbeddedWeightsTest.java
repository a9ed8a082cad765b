package io.chainrule.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The text form of compiled-in weights: every bit survives, chunks fit a string constant, damage is caught. */
class EmbeddedWeightsTest {

    /** Values whose bits are easy to lose: signed zeros, subnormals, extremes, NaN payloads, infinities. */
    static float[] awkwardFloats() {
        return new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL),
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xff800abc), 1f, -1f, 0.1f, 1e-40f};
    }

    static double[] awkwardDoubles() {
        return new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0x7ff8000000000123L),
            Double.longBitsToDouble(0xfff0000000000001L), 1.0, -1.0, 0.1, 4.9e-320};
    }

    @Test
    void floatsComeBackBitForBitIntoRowsOfAnyShape() {
        float[] values = new float[1000];
        Random random = new Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
        }
        System.arraycopy(awkwardFloats(), 0, values, 100, awkwardFloats().length);
        float[][] rows = {new float[3], new float[0], new float[500], new float[497]};
        EmbeddedWeights.Decoder d = EmbeddedWeights.decoder(rows, values.length, EmbeddedWeights.crc(values));
        EmbeddedWeights.encode(values).forEach(d::feed);
        d.finish();
        int k = 0;
        for (float[] row : rows) {
            for (float v : row) {
                assertEquals(Float.floatToRawIntBits(values[k]), Float.floatToRawIntBits(v), "value " + k);
                k++;
            }
        }
    }

    @Test
    void doublesComeBackBitForBit() {
        for (int n = 0; n <= 17; n++) { // every padding length
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = awkwardDoubles()[i % awkwardDoubles().length];
            }
            double[][] rows = {new double[n]};
            EmbeddedWeights.Decoder d = EmbeddedWeights.decoder(rows, n, EmbeddedWeights.crc(values));
            EmbeddedWeights.encode(values).forEach(d::feed);
            d.finish();
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(rows[0][i]));
            }
        }
    }

    /** The CRC is that of the values' big-endian bytes, as a model file stores them. */
    @Test
    void crcIsTheCrcOfTheBigEndianBytes() {
        double[] values = awkwardDoubles();
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length);
        for (double v : values) {
            bytes.putLong(Double.doubleToRawLongBits(v));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.array());
        assertEquals((int) crc.getValue(), EmbeddedWeights.crc(values));
    }

    /**
     * Every chunk is at most 65,535 bytes of modified UTF-8 (char 0 takes two), chars are 7-bit, and
     * 8 chars carry 7 bytes: 1,000,000 doubles take 9,142,858 chars.
     */
    @Test
    void chunksFitAStringConstant() {
        double[] values = new double[1_000_000];
        Random random = new Random(2);
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 3 == 0 ? 0.0 : random.nextGaussian(); // zero bytes make char 0 common
        }
        List<String> chunks = EmbeddedWeights.encode(values);
        long chars = 0;
        for (String chunk : chunks) {
            assertTrue(modifiedUtf8Length(chunk) <= EmbeddedWeights.MAX_CHUNK_BYTES);
            chars += chunk.length();
            for (int i = 0; i < chunk.length(); i++) {
                assertTrue(chunk.charAt(i) < 128);
            }
        }
        assertEquals((8L * 8 * values.length + 6) / 7, chars);
        for (String chunk : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(modifiedUtf8Length(chunk) >= EmbeddedWeights.MAX_CHUNK_BYTES - 1, "chunks are filled");
        }
    }

    private static int modifiedUtf8Length(String s) {
        int zeros = 0;
        for (int i = 0; i < s.length(); i++) {
            zeros += s.charAt(i) == 0 ? 1 : 0;
        }
        return s.getBytes(StandardCharsets.UTF_8).length + zeros; // ASCII but for char 0 (2 bytes in modified UTF-8)
    }

    @Test
    void damageIsReported() {
        float[] values = awkwardFloats();
        int crc = EmbeddedWeights.crc(values);
        String text = String.join("", EmbeddedWeights.encode(values));
        // a flipped bit: the CRC catches it
        char[] flipped = text.toCharArray();
        flipped[7] ^= 1;
        assertDamaged(values.length, crc, new String(flipped), "CRC-32");
        // a char that is no 7-bit group
        assertDamaged(values.length, crc, text.substring(0, 5) + '\u00e9' + text.substring(6), "7-bit");
        // truncated, and too long
        assertDamaged(values.length, crc, text.substring(0, text.length() - 5), "values");
        assertDamaged(values.length, crc, text + "\u0001\u0001\u0001\u0001\u0001", "more than");
        assertDamaged(values.length, crc, text + "\u0001", "after the last value");
        // the arrays must hold the count
        assertThrows(IllegalArgumentException.class, () -> EmbeddedWeights.decoder(new float[][] {new float[3]}, 4, 0));
    }

    private static void assertDamaged(int count, int crc, String text, String expected) {
        float[][] rows = {new float[count]};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            EmbeddedWeights.Decoder d = EmbeddedWeights.decoder(rows, count, crc);
            d.feed(text);
            d.finish();
        });
        assertTrue(e.getMessage().startsWith("the compiled-in weights are damaged: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void emptyIsEmpty() {
        assertEquals(new ArrayList<String>(), EmbeddedWeights.encode(new float[0]));
        EmbeddedWeights.Decoder d = EmbeddedWeights.decoder(new float[0][], 0, EmbeddedWeights.crc(new float[0]));
        d.finish();
    }
}
