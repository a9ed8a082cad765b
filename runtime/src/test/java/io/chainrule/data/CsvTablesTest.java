package io.chainrule.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CSV as people have it: quoted fields, class names, categories, missing values, and new rows read
 * with the schema of the training table. The iris cases use the real file, rewritten as a user's
 * export would have it (species names, a text column, blanks).
 */
class CsvTablesTest {
    private static final String[] SPECIES = {"setosa", "versicolor", "virginica"};

    private static Dataset read(CsvReader reader, String text) throws IOException {
        return reader.read(new StringReader(text), "t.csv");
    }

    private static String fails(CsvReader reader, String text) {
        return assertThrows(MalformedDataException.class, () -> read(reader, text)).getMessage();
    }

    /** The shared iris.csv's lines (header first), or a skipped test. */
    private static List<String> irisLines() throws IOException {
        File iris = SharedData.file("iris.csv");
        assumeTrue(iris != null, "iris.csv not found; set CHAINRULE_DATA");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(iris.toPath(), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The real iris with the class index replaced by the species name, and rows in reverse order. */
    private static String irisWithSpecies() throws IOException {
        List<String> lines = irisLines();
        StringBuilder s = new StringBuilder("species,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n");
        for (int i = lines.size() - 1; i >= 1; i--) {
            String line = lines.get(i);
            int comma = line.indexOf(',');
            s.append(SPECIES[Integer.parseInt(line.substring(0, comma))]).append(line.substring(comma)).append('\n');
        }
        return s.toString();
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        String text = "\"id, text\",label,\"x\"\r\n"
                + "\"a \"\"quoted\"\" word\",cat, \"1.5\" \r\n"
                + "\"two\nlines, and a comma\",\"dog\",2\n";
        Dataset d = read(CsvReader.builder().labelColumn("label").ignore("id, text").build(), text);
        assertArrayEquals(new float[] {1.5f, 2}, d.floatFeatures());
        assertArrayEquals(new int[] {0, 1}, d.labels());
        assertEquals("id, text", d.schema().columns().get(0).name());
        assertEquals(Schema.Role.IGNORED, d.schema().columns().get(0).role());
        assertEquals(List.of("x"), d.schema().featureNames());

        // Lines are counted across quoted line breaks.
        assertEquals("t.csv, line 4, column 2: value '2z' is not a number [column 'b']",
                fails(CsvReader.builder().ignore("a").labelColumn("c").build(), "a,b,c\n\"x\ny\",1,0\n0,2z,1\n"));
        assertEquals("t.csv, line 2, column 2: a quoted field is never closed (its opening quote is on line 2)",
                fails(CsvReader.builder().build(), "label,x\n0,\"1\n2\n"));
        assertEquals("t.csv, line 2, column 2: a quote inside an unquoted field; quote the whole field and write the"
                + " quote as \"\"", fails(CsvReader.builder().build(), "label,x\n0,1\"2\n"));
        assertEquals("t.csv, line 2, column 2: text after the closing quote of a quoted field; write a quote inside a"
                + " quoted field as \"\"", fails(CsvReader.builder().build(), "label,x\n0,\"1\"2\n"));
        // A quoted empty field is a missing value like an unquoted one.
        assertTrue(fails(CsvReader.builder().build(), "label,x\n0,\"\"\n").startsWith(
                "t.csv, line 2, column 2: empty value where a number is expected"));
    }

    @Test
    void speciesNamesAreClassesInSortedOrderWithTheNamesKept() throws IOException {
        Dataset named = read(CsvReader.builder().labelColumn("species").build(), irisWithSpecies());
        assertEquals(150, named.size());
        assertEquals(3, named.classCount());
        assertEquals(List.of("setosa", "versicolor", "virginica"), named.schema().classNames());
        assertFalse(named.schema().classIndices());
        assertEquals("virginica", named.className(named.labels()[0]));   // the reversed file starts with virginica
        // The same labels as the file with class indices, row for row (reversed).
        List<String> lines = irisLines();
        Dataset indexed = CsvReader.builder().build().read(new StringReader(String.join("\n", lines)), "iris.csv");
        assertTrue(indexed.schema().classIndices());
        assertEquals(List.of("0", "1", "2"), indexed.schema().classNames());
        for (int i = 0; i < 150; i++) {
            assertEquals(indexed.labels()[149 - i], named.labels()[i]);
            assertEquals(indexed.feature(149 - i, 2), named.feature(i, 2));
        }
    }

    @Test
    void numbersThatAreNotClassIndicesAreClassNames() throws IOException {
        Dataset oneToThree = read(CsvReader.builder().build(), "class,x\n3,0\n1,0\n2,0\n1,0\n");
        assertEquals(List.of("1", "2", "3"), oneToThree.schema().classNames());
        assertArrayEquals(new int[] {2, 0, 1, 0}, oneToThree.labels());
        Dataset signs = read(CsvReader.builder().build(), "y,x\n1,0\n-1,0\n");
        assertEquals(List.of("-1", "1"), signs.schema().classNames());
        assertArrayEquals(new int[] {1, 0}, signs.labels());
        // numeric order, and one class per value
        Dataset tens = read(CsvReader.builder().build(), "y,x\n10,0\n9,0\n9.0,0\n2.5,0\n");
        assertEquals(List.of("2.5", "9", "10"), tens.schema().classNames());
        assertArrayEquals(new int[] {2, 1, 1, 0}, tens.labels());
        // whole numbers from 0 are indices, even with a class absent
        Dataset gap = read(CsvReader.builder().build(), "y,x\n0,0\n2,0\n");
        assertEquals(3, gap.classCount());
        assertArrayEquals(new int[] {0, 2}, gap.labels());
        // names given: their order, and a file that lacks a class keeps the indices
        Dataset given = read(CsvReader.builder().classNames("virginica", "setosa", "versicolor").build(),
                "s,x\nsetosa,1\nvirginica,2\n");
        assertArrayEquals(new int[] {1, 0}, given.labels());
        assertEquals(3, given.classCount());
    }

    @Test
    void categoricalColumnsAreOneHotEncodedInSortedOrder() throws IOException {
        // the petal width from the other measurements and the species, as a category
        Dataset d = read(CsvReader.builder().targetColumns("petal_width_cm").categorical("species").build(),
                irisWithSpecies());
        assertEquals(6, d.featureCount());
        assertEquals(List.of("species=setosa", "species=versicolor", "species=virginica", "sepal_length_cm",
                "sepal_width_cm", "petal_length_cm"), d.schema().featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.schema().column("species").categories());
        float[] x = d.floatFeatures();
        // the first row of the reversed file is the last flower, a virginica: 5.9,3.0,5.1,1.8
        assertArrayEquals(new float[] {0, 0, 1, 5.9f, 3.0f, 5.1f}, Arrays.copyOfRange(x, 0, 6));
        assertArrayEquals(new float[] {1, 0, 0}, Arrays.copyOfRange(x, 149 * 6, 149 * 6 + 3));
        assertEquals(1.8f, d.floatTargets()[0]);
        for (int i = 0; i < 150; i++) {
            assertEquals(1.0, d.feature(i, 0) + d.feature(i, 1) + d.feature(i, 2));
        }
        assertEquals("t.csv, line 1: the header has no column named 'colour'; its columns are [species,"
                        + " sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm]",
                fails(CsvReader.builder().labelColumn("species").categorical("colour").build(), irisWithSpecies()));
        assertEquals("t.csv, line 1, column 1: column 1 is chosen twice [column 'species']",
                fails(CsvReader.builder().labelColumn("species").categorical("species").build(), irisWithSpecies()));
        assertThrows(IllegalStateException.class, () -> CsvReader.builder().header(false).categorical("a").build());
    }

    /** The real iris (species names) with the fields given as {row (from 1), column (from 0)} blanked out as {@code marker}. */
    private static String irisWithMissing(String marker, int[]... cells) throws IOException {
        String[] lines = irisWithSpecies().split("\n");
        for (int[] cell : cells) {
            String[] fields = lines[cell[0]].split(",", -1);
            fields[cell[1]] = marker;
            lines[cell[0]] = String.join(",", fields);
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    void missingValuesAreReportedWithLineAndColumn() throws IOException {
        CsvReader reader = CsvReader.builder().labelColumn("species").build();
        String hint = "; fill it in, or read with imputeMissing() (the column's mean or most frequent category)";
        assertEquals("t.csv, line 12, column 3: empty value where a number is expected" + hint
                + " [column 'sepal_width_cm']", fails(reader, irisWithMissing("", new int[] {11, 2})));
        assertEquals("t.csv, line 12, column 3: missing value 'NA' where a number is expected" + hint
                + " [column 'sepal_width_cm']", fails(reader, irisWithMissing("NA", new int[] {11, 2})));
        assertEquals("t.csv, line 41, column 5: missing value '?' where a number is expected" + hint
                + " [column 'petal_width_cm']", fails(reader, irisWithMissing("?", new int[] {40, 4})));
        // markers of one's own; "NA" is then a category like any other
        CsvReader dashes = CsvReader.builder().targetColumns("petal_width_cm").categorical("species")
                .missingMarkers("-").build();
        assertEquals("t.csv, line 3, column 1: missing value '-' where a category is expected" + hint
                + " [column 'species']", fails(dashes, irisWithMissing("-", new int[] {2, 0})));
        assertEquals(4, read(dashes, irisWithMissing("NA", new int[] {2, 0})).schema().column("species").categories()
                .size());
    }

    @Test
    void imputedValuesAreTheColumnMeanAndTheMostFrequentCategory() throws IOException {
        String text = irisWithMissing("", new int[] {11, 2}, new int[] {60, 2}, new int[] {3, 0});
        CsvReader reader = CsvReader.builder().targetColumns("petal_width_cm").categorical("species")
                .imputeMissing().precision(Precision.DOUBLE).build();
        Dataset d = read(reader, text);
        Dataset complete = read(CsvReader.builder().targetColumns("petal_width_cm").categorical("species")
                .precision(Precision.DOUBLE).build(), irisWithSpecies());
        double sum = 0;
        for (int i = 0; i < 150; i++) {
            sum += i == 10 || i == 59 ? 0 : complete.feature(i, 4);
        }
        Schema.Column width = d.schema().column("sepal_width_cm");
        assertEquals(sum / 148, width.fill(), 1e-12);
        assertEquals(2, width.filled());
        assertEquals(width.fill(), d.feature(10, 4));
        assertEquals(width.fill(), d.feature(59, 4));
        assertEquals(complete.feature(11, 4), d.feature(11, 4));
        // 50 of each species, less the blanked virginica: setosa and versicolor tie at 50; the first wins
        Schema.Column species = d.schema().column("species");
        assertEquals(0.0, species.fill());
        assertEquals(1, species.filled());
        assertArrayEquals(new double[] {1, 0, 0}, new double[] {d.feature(2, 0), d.feature(2, 1), d.feature(2, 2)});
        assertEquals(0, d.schema().column("sepal_length_cm").filled());
        // labels and targets are never filled
        assertTrue(fails(CsvReader.builder().targetColumns("petal_width_cm").categorical("species").imputeMissing()
                .build(), irisWithMissing("", new int[] {5, 4})).startsWith("t.csv, line 6, column 5: empty value"));
        assertTrue(fails(CsvReader.builder().labelColumn("species").imputeMissing().build(),
                irisWithMissing("", new int[] {5, 0})).startsWith("t.csv, line 6, column 1: missing label"));
    }

    @Test
    void theSchemaReadsNewRawRowsIntoTheSameInputs() throws IOException {
        CsvReader reader = CsvReader.builder().labelColumn("species").categorical("colour").imputeMissing().build();
        Dataset train = read(reader, "species,x,colour\nsetosa,1,red\nvirginica,3,blue\nsetosa,,red\n");
        Schema schema = train.schema();
        assertEquals(List.of("x", "colour=blue", "colour=red"), schema.featureNames());
        assertEquals(2.0, schema.column("x").fill());
        // columns by name in another order, the label left out, a missing value filled
        Dataset rows = schema.reader().read(new StringReader("colour,note,x\nblue,hello,5\nred,,\n"), "new.csv");
        assertTrue(rows.isFeaturesOnly());
        assertArrayEquals(new float[] {5, 1, 0, 2, 0, 1}, rows.floatFeatures());
        assertEquals(schema, rows.schema());
        // with the label: evaluable, by name
        Dataset labelled = schema.reader().read(new StringReader("x,colour,species\n1,red,virginica\n"), "new.csv");
        assertArrayEquals(new int[] {1}, labelled.labels());
        // without a header: the feature columns, or all columns, in the table's order
        assertArrayEquals(new float[] {7, 0, 1}, schema.reader().read(new StringReader("7,red\n"), "new.csv")
                .floatFeatures());
        assertArrayEquals(new int[] {0}, schema.reader().read(new StringReader("setosa,7,red\n"), "new.csv").labels());
        assertEquals("new.csv, line 2, column 1: unknown category 'green'; the model knows [blue, red] [column 'colour']",
                fails(schema.reader(), "colour,x\ngreen,1\n").replace("t.csv", "new.csv"));
        assertEquals("new.csv, line 2, column 3: label 'rose' is none of the model's classes [setosa, virginica]"
                + " [column 'species']", fails(schema.reader(), "colour,x,species\nred,1,rose\n").replace("t.csv", "new.csv"));
        assertEquals("t.csv, line 1: 4 columns, and no header naming the model's feature columns [x, colour]; without a"
                + " header a row holds the 2 feature columns or all 3 columns of the training table",
                fails(schema.reader(), "1,2,3,4\n"));

        Schema strict = read(CsvReader.builder().labelColumn("species").build(), "species,x\na,1\nb,2\n").schema();
        assertEquals("t.csv, line 2, column 1: missing value (empty field) where a number is expected; the model was"
                + " trained without filling missing values in this column [column 'x']", fails(strict.reader(), "x\n\"\"\n"));
    }
}
