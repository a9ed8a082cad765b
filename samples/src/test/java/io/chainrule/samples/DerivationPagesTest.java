package io.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.samples.deep.DeepPlainModel;
import io.chainrule.samples.deep.DeepResidual1000Model;
import io.chainrule.samples.deep.DeepResidualModel;
import io.chainrule.samples.digits.DigitsHingeModel;
import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.samples.iris.IrisModel;
import io.chainrule.samples.iris.IrisRegressionModel;
import io.chainrule.samples.mnist.MnistModel;
import io.chainrule.samples.xor.XorModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The derivation pages of the sample networks, as the Maven build writes them: beside the
 * generated sources ({@code target/generated-sources/annotations}), well-formed, every link on a
 * line of the generated class, and nowhere on the class path, so that the jar does not carry them.
 */
class DerivationPagesTest {
    private static final Path SOURCES = Paths.get("target", "generated-sources", "annotations");
    private static final List<Class<?>> MODELS = List.of(XorModel.class, IrisModel.class, IrisRegressionModel.class,
            DigitsModel.class, DigitsHingeModel.class, MnistModel.class, DeepPlainModel.class, DeepResidualModel.class,
            DeepResidual1000Model.class);

    @Test
    void everySampleHasAWellFormedPageBesideItsSourceAndNoneInTheJar() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SOURCES), "not built by Maven here");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        for (Class<?> model : MODELS) {
            Path dir = SOURCES.resolve(model.getPackage().getName().replace('.', '/'));
            Path page = dir.resolve(model.getSimpleName() + ".html");
            assertTrue(Files.isRegularFile(page), page + " exists");
            assertNull(model.getResource(model.getSimpleName() + ".html"), "the page is not a class-path resource");
            List<String> source = Files.readAllLines(dir.resolve(model.getSimpleName() + ".java"), StandardCharsets.UTF_8);
            Document doc = factory.newDocumentBuilder().parse(page.toFile());
            NodeList anchors = doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "a");
            int links = 0;
            for (int i = 0; i < anchors.getLength(); i++) {
                Element a = (Element) anchors.item(i);
                if (!a.hasAttribute("data-line")) {
                    continue;
                }
                links++;
                String line = source.get(Integer.parseInt(a.getAttribute("data-line")) - 1).trim();
                String method = a.getAttribute("data-method");
                assertTrue(line.startsWith("//") || line.contains(" " + method + "("),
                        model.getSimpleName() + ": line " + a.getAttribute("data-line") + " of " + method + ": " + line);
            }
            assertTrue(links > 10, model.getSimpleName() + " links into its source");
            assertEquals(1, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength());
        }
    }
}
