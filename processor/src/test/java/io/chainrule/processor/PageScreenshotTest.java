package io.chainrule.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.CodeShape;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The derivation page in a real browser: headless Chromium renders the XOR page to a PNG
 * ({@code target/pages/xor-derivation.png}, the picture in {@code docs/}), and, on a copy of the
 * page with a measuring script added, reports how tall its MathML fractions are: a browser that
 * renders MathML stacks numerator over denominator, one that shows raw text puts them side by
 * side. Skipped where no Chromium is installed ({@code -Dchainrule.browser=PATH} names one); the
 * build never needs it.
 */
class PageScreenshotTest {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 2300;
    private static String browser;

    @BeforeAll
    static void findBrowser() {
        List<String> candidates = new ArrayList<>();
        String named = System.getProperty("chainrule.browser", System.getenv("CHROME"));
        if (named != null && !named.isEmpty()) {
            candidates.add(named);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
                candidates.add(new File(dir, name).getPath());
            }
        }
        for (String c : candidates) {
            if (new File(c).canExecute()) {
                browser = c;
                return;
            }
        }
    }

    private static Path xorPage() throws IOException {
        Declaration d = DerivationPageTest.xor("Xor", Precision.FLOAT, CodeShape.UNROLLED);
        String page = Pages.page(Networks.compile(List.of(d)), d.pkg(), "XorModel");
        Files.createDirectories(DerivationPageTest.OUT);
        Path file = DerivationPageTest.OUT.resolve("xor-derivation.html").toAbsolutePath();
        Files.writeString(file, page, StandardCharsets.UTF_8);
        return file;
    }

    private static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--user-data-dir="
                        + DerivationPageTest.OUT.resolve("chromium-profile").toAbsolutePath()));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser finished");
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void chromiumRendersThePage() throws Exception {
        Assumptions.assumeTrue(browser != null, "no Chromium installed");
        Path page = xorPage();
        Path png = DerivationPageTest.OUT.resolve("xor-derivation.png").toAbsolutePath();
        Files.deleteIfExists(png);
        run("--window-size=" + WIDTH + "," + HEIGHT, "--screenshot=" + png, page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        int inked = 0;
        int red = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                inked += rgb != 0xffffff ? 1 : 0;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                red += r > 150 && g < 90 ? 1 : 0;
            }
        }
        assertTrue(inked > WIDTH * HEIGHT / 4 / 50, "the page has content: " + inked);
        assertTrue(red > 50, "the figure's red backward arrow is drawn (SVG rendered): " + red);
    }

    @Test
    void mathIsTypesetNotRawText() throws Exception {
        Assumptions.assumeTrue(browser != null, "no Chromium installed");
        String page = Files.readString(xorPage(), StandardCharsets.UTF_8);
        String probe = "<script>window.addEventListener('load', function () {"
                + " var f = document.getElementsByTagName('mfrac'), r = [];"
                + " for (var i = 0; i < f.length; i++) r.push(f[i].getBoundingClientRect().height + '/'"
                + "     + f[i].firstElementChild.getBoundingClientRect().height);"
                + " document.body.setAttribute('data-probe', r.join(','));"
                + " });</script>";
        Path probed = DerivationPageTest.OUT.resolve("xor-derivation-probe.html").toAbsolutePath();
        Files.writeString(probed, page.replace("</body>", probe + "</body>"), StandardCharsets.UTF_8);
        String dom = run("--virtual-time-budget=5000", "--dump-dom", probed.toUri().toString());
        Matcher m = Pattern.compile("data-probe=\"([\\d.,/]+)\"").matcher(dom);
        assertTrue(m.find(), "the probe ran");
        String[] fractions = m.group(1).split(",");
        assertTrue(fractions.length > 10);
        for (String f : fractions) {
            String[] heights = f.split("/");
            double whole = Double.parseDouble(heights[0]);
            double numerator = Double.parseDouble(heights[1]);
            assertTrue(whole > 1.6 * numerator, "a fraction " + whole + " px tall is not its numerator ("
                    + numerator + " px) stacked over its denominator");
        }
    }
}
