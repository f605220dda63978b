package org.wsfile.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium (Debian's chromium and chromium-driver), driven by Selenium
 * through the system's chromedriver: nothing is downloaded at run time. Each browser has a fresh
 * profile and saves downloads into a folder of the test's.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser whose downloads go to {@code downloads}, its window the given size. */
    public static Browser start(Path downloads, int width, int height) throws IOException {
        return start(downloads, width, height, options -> {
        });
    }

    /**
     * Starts a browser as Chromium's device emulation shows a phone (a Pixel-sized touch screen and
     * an Android browser's user agent); its downloads go to {@code downloads}.
     */
    public static Browser phone(Path downloads) throws IOException {
        return start(downloads, 412, 915, options -> options.setExperimentalOption("mobileEmulation", Map.of(
                "deviceMetrics", Map.of("width", 412, "height", 915, "pixelRatio", 2.625, "touch", true),
                "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/156.0.0.0 Mobile Safari/537.36")));
    }

    private static Browser start(Path downloads, int width, int height, Consumer<ChromeOptions> more) throws IOException {
        Path profile = Files.createTempDirectory("wsfile-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        // As a person who answered "allow" when the page first saved several files by itself.
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "profile.default_content_setting_values.automatic_downloads", 1));
        more.accept(options);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        return new Browser(driver, profile);
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits until the condition holds (returns something other than null or false). */
    public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).until(condition);
    }

    /** Waits until an element matching the selector exists, and returns it. */
    public WebElement awaitElement(String css, Duration timeout) {
        return await(timeout, page -> page.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    /** Runs a script in every page this browser opens from now on, before the page's own scripts. */
    public void beforeEachPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /** Runs a script in the page (one that returns a promise is waited for). */
    public Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** Waits until the browser has saved a file of this name and size into the folder (Chromium writes .crdownload files first). */
    public Path awaitDownload(Path downloads, String name, long size, Duration timeout) throws IOException {
        Path file = downloads.resolve(name);
        try {
            return await(timeout, page -> {
                try {
                    return Files.exists(file) && Files.size(file) == size ? file : null;
                } catch (IOException e) {
                    return null;
                }
            });
        } catch (TimeoutException e) {
            try (Stream<Path> saved = Files.list(downloads)) {
                throw new AssertionError(name + " was not downloaded; the downloads are " + saved.toList(), e);
            }
        }
    }

    /**
     * The resident memory of this browser's renderer processes (its pages and their workers; not
     * the browser's own process, its network service or its headless UI), in bytes, read from
     * /proc: Chromium gives every process it starts the profile's folder on its command line.
     */
    public long rendererMemory() throws IOException {
        String ownProfile = "--user-data-dir=" + profile;
        long total = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    // Chromium's child processes rewrite their command line into one space-separated string.
                    List<String> arguments = List.of(Files.readString(process.resolve("cmdline")).split("[\0 ]"));
                    if (arguments.contains(ownProfile) && arguments.contains("--type=renderer")
                            && !arguments.contains("--top-chrome-webui")) {
                        total += residentBytes(process);
                    }
                } catch (IOException ended) {
                    // The process ended while it was read.
                }
            }
        }
        return total;
    }

    private static long residentBytes(Path process) throws IOException {
        for (String line : Files.readAllLines(process.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    /** Saves a picture of the page to target/screenshots/{name}.png and returns its path. */
    public Path screenshot(String name) throws IOException {
        Path file = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        TestFiles.deleteTree(profile);
    }
}
