package org.ranksweep.orchestrator.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium driven by Playwright, headless and offline: no browser is downloaded (the build sets
 * {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}). Screenshots go to {@code target/screenshots}. Not thread-safe.
 */
public final class HeadlessBrowser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("ranksweep.chromium", "/usr/bin/chromium"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> ARGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic");

    private final Playwright playwright;
    private final Browser browser;

    public HeadlessBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium (.ci/run does)");
        }
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(ARGS));
    }

    /** A fresh page (own context) of 1400×900 CSS pixels. */
    public Page newPage() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))
                .newPage();
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png} and returns its path. */
    public static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /**
     * Saves the page from its top down to the bottom of {@code last} as {@code target/screenshots/<name>.png} and
     * returns its path: a picture of the first sections without the long tables below them.
     */
    public static Path screenshotDownTo(Page page, Locator last, String name) {
        BoundingBox box = last.boundingBox();
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(file)
                .setFullPage(true)
                .setClip(0, 0, page.viewportSize().width, box.y + box.height + 6));
        return file;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
