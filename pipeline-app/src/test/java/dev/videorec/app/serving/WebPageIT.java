package dev.videorec.app.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.app.funnel.Funnel;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: headless Chromium driven by Selenium loads {@code /} from a running server,
 * picks a user, asks for a list in both modes, and checks that the list, an explanation, the candidates by source
 * and the latency are shown and that the browser logged no error. Needs Debian's {@code chromium} and
 * {@code chromium-driver} ({@code .ci/run} installs them); skipped with a message when they are absent.
 * Paths: {@code VIDEOREC_CHROMIUM} and {@code VIDEOREC_CHROMEDRIVER}, else {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}.
 */
class WebPageIT {
  @TempDir
  Path profile;

  @Test
  void aUserPicksAnIdAndSeesTheListWithItsExplanations() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("VIDEOREC_CHROMIUM", "/usr/bin/chromium"));
    Path driverBinary = Path.of(System.getenv().getOrDefault("VIDEOREC_CHROMEDRIVER", "/usr/bin/chromedriver"));
    Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driverBinary),
        "the browser test needs " + chromium + " and " + driverBinary + " (apt-get install chromium "
            + "chromium-driver; .ci/run does)");
    Funnel.CandidateStage candidates = FakeStages.candidates(30);
    try (RecommendationService service = new RecommendationService(new Funnel(candidates,
        FakeStages.ranker(id -> -id), FakeStages.byScore()),
        Map.of(new UserId(7), new User(new UserId(7), "r0"), new UserId(8), new User(new UserId(8), "r1")),
        u -> new UserHistory(u, List.of(new VideoId(40), new VideoId(41))),
        new RecommendationService.Popularity(List.of(new VideoId(500)), Map.of()), 1_000,
        new ServingConfig(ServingConfig.Mode.DYNAMIC, Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), 20, 4), new ServingMetrics());
         RecommendServer server = new RecommendServer(service, null, 0, 4, Map.of("videos", 30))) {
      service.batch(u -> UserHistory.empty(u), 1_000);
      // Selenium notes through java.util.logging that it has no DevTools binding for this Chromium; not used here.
      java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium.toFile());
      // Flags for a closed network: no background connections, no sandbox as root, a fresh profile.
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-dev-shm-usage", "--window-size=1280,1100", "--user-data-dir=" + profile.toAbsolutePath());
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      ChromeDriverService driverService = new ChromeDriverService.Builder()
          .usingDriverExecutable(driverBinary.toFile()).usingAnyFreePort().build();
      WebDriver browser = new ChromeDriver(driverService, options);
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("server"), "30 videos"));
        assertEquals(2, browser.findElements(By.cssSelector("#users option")).size(), "the picker lists users");

        browser.findElement(By.id("user")).sendKeys("7");
        new Select(browser.findElement(By.id("k"))).selectByVisibleText("5");
        browser.findElement(By.id("go")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#list tbody tr"), 5));
        List<WebElement> first = browser.findElements(By.cssSelector("#list tbody tr")).get(0)
            .findElements(By.tagName("td"));
        assertEquals("1", first.get(0).getText());
        assertEquals("video 1", first.get(1).getText());
        assertTrue(first.get(4).getText().contains("retrieved by test-source #1"), first.get(4).getText());
        assertEquals("video 40", browser.findElement(By.cssSelector("#history li")).getText());
        assertTrue(browser.findElement(By.cssSelector("#candidates tbody")).getText().contains("test-source"));
        assertEquals(4, browser.findElements(By.cssSelector("#latency .stage")).size(),
            "three stages and the total");
        assertTrue(browser.findElement(By.id("status")).getText().contains("5 videos for user 7 (dynamic"));

        browser.findElement(By.cssSelector("input[name=mode][value=static]")).click();
        browser.findElement(By.id("go")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "(static"));
        assertEquals(5, browser.findElements(By.cssSelector("#list tbody tr")).size());

        browser.findElement(By.id("user")).clear();
        browser.findElement(By.id("user")).sendKeys("8");
        new Select(browser.findElement(By.id("k"))).selectByVisibleText("50");
        browser.findElement(By.id("go")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "k must be"));

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .filter(e -> !e.getMessage().contains("400 (Bad Request)"))   // the refused k=50, on purpose
            .toList();
        assertEquals(List.of(), errors, "no console error");
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "web-page.png"), StandardCopyOption.REPLACE_EXISTING);
      } finally {
        browser.quit();
      }
    }
  }
}
