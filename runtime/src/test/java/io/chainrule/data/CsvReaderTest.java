package io.chainrule.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chainrule.Precision;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    private static Dataset read(CsvReader reader, String text) throws IOException {
        return reader.read(new StringReader(text), "t.csv");
    }

    private static MalformedDataException fails(CsvReader reader, String text) {
        return assertThrows(MalformedDataException.class, () -> read(reader, text));
    }

    private static final CsvReader DEFAULT = CsvReader.builder().build();

    @Test
    void headerAndLabelInFirstColumnByDefault() throws IOException {
        Dataset d = read(DEFAULT, "label,a,b\n1,0.5,2\n0,-1e-1,3\n2,4,+5.25\n");
        assertEquals(Precision.FLOAT, d.precision());
        assertEquals(3, d.size());
        assertEquals(2, d.featureCount());
        assertEquals(3, d.classCount());
        assertArrayEquals(new int[] {1, 0, 2}, d.labels());
        assertArrayEquals(new float[] {0.5f, 2, -0.1f, 3, 4, 5.25f}, d.floatFeatures());
    }

    @Test
    void noHeaderLabelByIndexDouble() throws IOException {
        CsvReader reader = CsvReader.builder().header(false).labelColumn(2).classCount(5)
                .precision(Precision.DOUBLE).build();
        Dataset d = read(reader, "0.1,0.2,3\r\n\r\n 0.3 ,\t0.4,4.0\r\n");
        assertEquals(5, d.classCount());
        assertArrayEquals(new int[] {3, 4}, d.labels());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, d.doubleFeatures());
    }

    @Test
    void labelByHeaderNameAndByteOrderMark() throws IOException {
        CsvReader reader = CsvReader.builder().labelColumn("y").build();
        Dataset d = read(reader, "\uFEFFa,y,b\n1,1,2\n3,0,4\n");
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.floatFeatures());
    }

    @Test
    void regressionTargetsByNameInTheGivenOrder() throws IOException {
        CsvReader reader = CsvReader.builder().targetColumns("t2", "t1").precision(Precision.DOUBLE).build();
        Dataset d = read(reader, "t1,x,t2\n1,10,2\n3,30,4\n");
        assertFalse(d.hasLabels());
        assertEquals(2, d.targetSize());
        assertEquals(1, d.featureCount());
        assertArrayEquals(new double[] {2, 1, 4, 3}, d.doubleTargets());
        assertArrayEquals(new double[] {10, 30}, d.doubleFeatures());
    }

    @Test
    void regressionTargetByIndexFloat() throws IOException {
        CsvReader reader = CsvReader.builder().header(false).targetColumns(1).build();
        Dataset d = read(reader, "1,2,3\n4,5,6\n");
        assertArrayEquals(new float[] {2, 5}, d.floatTargets());
        assertArrayEquals(new float[] {1, 3, 4, 6}, d.floatFeatures());
    }

    @Test
    void floatValuesAreRoundedOnceFromTheText() throws IOException {
        // 1.00000005960464477550 lies just above the midpoint of two floats: parsing it as a double
        // first would round to the midpoint and then (ties to even) down to 1.0.
        Dataset d = read(CsvReader.builder().header(false).build(), "0,1.00000005960464477550\n");
        assertEquals(Float.parseFloat("1.00000005960464477550"), d.floatFeatures()[0]);
        assertEquals(Math.nextUp(1f), d.floatFeatures()[0]);
    }

    @Test
    void readsFilesAndNamesThemInMessages(@TempDir File dir) throws IOException {
        File file = new File(dir, "bad.csv");
        Files.write(file.toPath(), "label,x\n0,1\n1,oops\n".getBytes(StandardCharsets.UTF_8));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> DEFAULT.read(file));
        assertEquals(file.getPath() + ", line 3, column 2: value 'oops' is not a number; if the column holds categories, name it in categorical(...)"
                + " [column 'x']", e.getMessage());
        assertEquals(file.getPath(), e.source());
        assertEquals(3, e.line());
        assertEquals(2, e.column());

        Files.write(file.toPath(), "label,x\n0,1\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, DEFAULT.read(file).size());
    }

    @Test
    void nonNumericValues() {
        assertEquals("t.csv, line 2, column 3: value '1,5' is not a number",
                fails(CsvReader.builder().header(false).delimiter(';').build(), "0;1;2\n1;2;1,5\n").getMessage());
        assertEquals("t.csv, line 3, column 2: empty value where a number is expected; fill it in, or read with"
                + " imputeMissing() (the column's mean or most frequent category) [column 'x']",
                fails(DEFAULT, "label,x,y\n0,1,2\n0,,2\n").getMessage());
        assertEquals("t.csv, line 2, column 3: value 'NaN' is not a finite number; NaN and infinities are not data"
                + " [column 'y']",
                fails(DEFAULT, "label,x,y\n0,1,NaN\n").getMessage());
        assertEquals("t.csv, line 2, column 2: value '0x10' is not a number [column 'x']",
                fails(DEFAULT, "label,x,y\n0,0x10,1\n").getMessage());
        assertEquals("t.csv, line 2, column 2: value '1e39' is outside the range of float [column 'x']",
                fails(DEFAULT, "label,x\n0,1e39\n").getMessage());
    }

    // Every way text can spell a value that is not a finite number is an error at its line and
    // column, in feature, label and target columns, in both precisions; nothing non-finite loads.
    @Test
    void nonFiniteValuesAreErrorsNamingLineColumnAndName() {
        String[] nonFinite = {"NaN", "nan", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "-INF"};
        for (Precision precision : Precision.values()) {
            CsvReader labels = CsvReader.builder().labelColumn("label").precision(precision).build();
            CsvReader targets = CsvReader.builder().targetColumns("t").precision(precision).build();
            for (String v : nonFinite) {
                String notFinite = "value '" + v + "' is not a finite number; NaN and infinities are not data";
                assertEquals("t.csv, line 3, column 2: " + notFinite + " [column 'x']",
                        fails(labels, "label,x\n0,1\n0," + v + "\n").getMessage());
                assertEquals("t.csv, line 3, column 1: " + notFinite + " [column 'label']",
                        fails(labels, "label,x\n0,1\n" + v + ",3\n").getMessage());
                assertEquals("t.csv, line 4, column 1: " + notFinite + " [column 't']",
                        fails(targets, "t,x\n1,2\n\n" + v + ",3\n").getMessage());
                assertEquals("t.csv, line 2, column 2: " + notFinite,
                        fails(CsvReader.builder().header(false).precision(precision).build(), "0,1\n1," + v + "\n")
                                .getMessage());
            }
            String type = precision == Precision.FLOAT ? "float" : "double";
            for (String v : new String[] {"1e999", "-1e999", "1e309", "2e308"}) {
                String outside = "value '" + v + "' is outside the range of " + type;
                assertEquals("t.csv, line 3, column 2: " + outside + " [column 'x']",
                        fails(labels, "label,x\n0,1\n0," + v + "\n").getMessage());
                assertEquals("t.csv, line 3, column 1: " + outside + " [column 't']",
                        fails(targets, "t,x\n1,2\n" + v + ",3\n").getMessage());
            }
            assertEquals("t.csv, line 2, column 1: label 1e999 is outside the range of double [column 'label']",
                    fails(labels, "label,x\n1e999,1\n").getMessage());
            assertEquals("t.csv, line 2, column 1: label -1e999 is outside the range of double [column 'label']",
                    fails(labels, "label,x\n-1e999,1\n").getMessage());
        }
        assertEquals("t.csv, line 2, column 2: value '3.5e38' is outside the range of float [column 'x']",
                fails(DEFAULT, "label,x\n0,3.5e38\n").getMessage());
        // Underflow is a finite value: 0 (or the nearest subnormal), as Float.parseFloat gives it.
        assertEquals(0f, assertDoesNotThrow(() -> read(DEFAULT, "label,x\n0,1e-999\n")).floatFeatures()[0]);
        assertEquals(Double.MIN_VALUE, assertDoesNotThrow(() -> read(CsvReader.builder().precision(Precision.DOUBLE)
                .build(), "label,x\n0,4.9e-324\n")).doubleFeatures()[0]);
    }

    // Found by the fuzz test: a damaged field of 100,000 characters was quoted whole, and a
    // header of 14,000 columns listed whole, in one message.
    @Test
    void longValuesAndHeadersAreShortenedInMessages() {
        String message = fails(DEFAULT, "label,x\n0,0." + "3".repeat(100_000) + "x\n").getMessage();
        assertEquals("t.csv, line 2, column 2: value '0.33333333333333333333333333333333333333... (100003"
                + " characters)' is not a number [column 'x']", message);
        assertEquals("t.csv, line 2, column 1: label " + "9".repeat(40) + "... (50000 characters)"
                + " is outside the range of double [column 'label']",
                fails(DEFAULT, "label,x\n" + "9".repeat(50_000) + ",1\n").getMessage());
        StringBuilder header = new StringBuilder("a0");
        for (int c = 1; c < 14_000; c++) {
            header.append(",a").append(c);
        }
        message = fails(CsvReader.builder().labelColumn("label").build(), header + "\n").getMessage();
        assertEquals("t.csv, line 1: the header has no column named 'label'; its columns are [a0, a1, a2, a3, a4,"
                + " a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, ... (14000 columns)]", message);
        String longName = "n".repeat(70_000);
        message = fails(DEFAULT, "label," + longName + "\n0,x\n").getMessage();
        assertEquals("t.csv, line 2, column 2: value 'x' is not a number; if the column holds categories, name it in"
                + " categorical(...) [column '" + "n".repeat(40)
                + "... (70000 characters)']", message);
    }

    @Test
    void wrongNumberOfColumns() {
        assertEquals("t.csv, line 3, column 4: 4 columns, expected 3 as in the header",
                fails(DEFAULT, "label,x,y\n0,1,2\n0,1,2,3\n").getMessage());
        assertEquals("t.csv, line 4, column 3: 2 columns, expected 3 as in the header [column 'y']",
                fails(DEFAULT, "label,x,y\n0,1,2\n\n0,1\n").getMessage());
        assertEquals("t.csv, line 2, column 2: 1 columns, expected 2 as in the first row",
                fails(CsvReader.builder().header(false).build(), "0,1\n0\n").getMessage());
    }

    @Test
    void badLabels() {
        CsvReader three = CsvReader.builder().classCount(3).build();
        assertEquals("t.csv, line 3, column 1: label 3 is out of range 0..2 (classCount 3) [column 'label']",
                fails(three, "label,x\n2,1\n3,1\n").getMessage());
        assertEquals("t.csv, line 2, column 1: label -1 is out of range: class indices start at 0 [column 'label']",
                fails(three, "label,x\n-1,1\n").getMessage());
        assertEquals("t.csv, line 2, column 1: label '1.5' is not a whole number (a class index) [column 'label']",
                fails(three, "label,x\n1.5,1\n").getMessage());
        assertEquals("t.csv, line 2, column 1: label 'cat' is not a class index (a whole number 0..2) [column 'label']",
                fails(three, "label,x\ncat,1\n").getMessage());
        assertEquals("t.csv, line 3, column 1: label 'cow' is none of the class names [cat, dog] [column 'label']",
                fails(CsvReader.builder().classNames("cat", "dog").build(), "label,x\ncat,1\ncow,2\n").getMessage());
        assertEquals("t.csv, line 3, column 1: missing label (empty field); every row needs its class [column 'label']",
                fails(DEFAULT, "label,x\ncat,1\n,2\n").getMessage());
        assertEquals("t.csv, line 2, column 1: missing value 'NA' as label; every row needs its class [column 'label']",
                fails(DEFAULT, "label,x\nNA,1\n").getMessage());
    }

    @Test
    void emptyInputs() {
        assertEquals("t.csv, line 1: no data rows: the input is empty", fails(DEFAULT, "").getMessage());
        assertEquals("t.csv, line 3: no data rows after the header", fails(DEFAULT, "label,x\n\n").getMessage());
    }

    @Test
    void badColumnChoices() {
        assertEquals("t.csv, line 1: the header has no column named 'y'; its columns are [label, x]",
                fails(CsvReader.builder().labelColumn("y").build(), "label,x\n0,1\n").getMessage());
        assertEquals("t.csv, line 1: label column 5 (0-based) does not exist: the header has 2 columns",
                fails(CsvReader.builder().labelColumn(5).build(), "label,x\n0,1\n").getMessage());
        assertEquals("t.csv, line 1: no feature columns: all 1 columns are the label",
                fails(DEFAULT, "label\n0\n").getMessage());
        assertEquals("t.csv, line 1, column 2: column 2 is chosen twice [column 'b']",
                fails(CsvReader.builder().targetColumns("b", "b").build(), "a,b,c\n0,1,2\n").getMessage());
        assertThrows(IllegalStateException.class,
                () -> CsvReader.builder().header(false).labelColumn("label").build());
        assertThrows(IllegalStateException.class,
                () -> CsvReader.builder().labelColumn(1).targetColumns(2).build());
        assertThrows(IllegalArgumentException.class, () -> CsvReader.builder().delimiter('.'));
    }

    @Test
    void decimalSyntax() {
        for (String ok : new String[] {"0", "-1", "+2.", ".5", "1e5", "1.5E-3", "-0.0e+0"}) {
            assertTrue(CsvText.isDecimal(ok), ok);
        }
        for (String bad : new String[] {"", "-", ".", "e5", "1e", "1.2.3", "1f", "Infinity", "1 2"}) {
            assertFalse(CsvText.isDecimal(bad), bad);
        }
    }

    // The two tests below read the real data sets from shared/data (see SharedData); they are
    // skipped, not failed, where that folder is absent.

    @Test
    void realIris() throws IOException {
        File iris = SharedData.file("iris.csv");
        assumeTrue(iris != null, "shared/data/iris.csv not found; set CHAINRULE_DATA to run this test");
        Dataset d = CsvReader.builder().labelColumn("label").build().read(iris);
        assertEquals(150, d.size());
        assertEquals(4, d.featureCount());
        assertArrayEquals(new int[] {50, 50, 50}, classCounts(d));
        assertEquals(5.1f, d.floatFeatures()[0]);
    }

    @Test
    void realDigits() throws IOException {
        File digits = SharedData.file("digits.csv");
        assumeTrue(digits != null, "shared/data/digits.csv not found; set CHAINRULE_DATA to run this test");
        Dataset d = CsvReader.builder().precision(Precision.DOUBLE).build().read(digits);
        assertEquals(1797, d.size());
        assertEquals(64, d.featureCount());
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, classCounts(d));
        for (double v : d.doubleFeatures()) {
            assertTrue(v >= 0 && v <= 16 && v == Math.rint(v));
        }
    }

    static int[] classCounts(Dataset d) {
        int[] counts = new int[d.classCount()];
        for (int y : d.labels()) {
            counts[y]++;
        }
        return counts;
    }
}
