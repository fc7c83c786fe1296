package dev.drover.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver by Selenium, with a fresh profile and the flags that keep
 * it off the network (this machine's network is closed; without them Chromium waits on refused connections).
 * Screenshots go to {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(20);

    final WebDriver driver;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get update && apt-get install -y chromium chromium-driver (.ci/run does this)");
        }
        try {
            Path profile = Files.createTempDirectory("drover-chromium-");
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1440,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText().strip();
    }

    /** Clicks the link or button at {@code css} and waits until the page it leads to has replaced this one. */
    void follow(String css) {
        WebElement e = find(css);
        e.click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.stalenessOf(e));
    }

    /** Types {@code text} and Enter into the field at {@code css}, and waits for the page the form leads to. */
    void submit(String css, String text) {
        WebElement e = find(css);
        e.sendKeys(text + "\n");
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.stalenessOf(e));
    }

    /** Waits until the element's text is {@code expected} (e.g. a live count swapped in by the page). */
    void awaitText(String css, String expected) {
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> e = d.findElements(By.cssSelector(css));
            return !e.isEmpty() && e.get(0).getText().strip().equals(expected);
        });
    }

    /**
     * Clicks the button of action {@code action} and answers its confirmation dialog; when accepted, waits for the
     * page the action leads to (with its notice).
     */
    void act(String action, boolean accept) {
        WebElement button = find("button[data-action='" + action + "']");
        button.click();
        var alert = new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent());
        if (accept) {
            alert.accept();
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.stalenessOf(button));
            find("#notice");
        } else {
            alert.dismiss();
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a PNG of the viewport as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path out = dir.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), out,
                    StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
