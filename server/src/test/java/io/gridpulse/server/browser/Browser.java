package io.gridpulse.server.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's Chromium, headless, driven by Playwright (which must not download a browser of its own).
 * Collects console errors and page errors so that tests can require none.
 */
public final class Browser implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getProperty("gridpulse.chromium", "/usr/bin/chromium"));
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;
  public final List<String> errors = new CopyOnWriteArrayList<>();

  public Browser() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(
          CHROMIUM
              + " is missing: install it with apt-get install -y chromium (./gridpulse test does)");
    }
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync")));
  }

  /** A fresh page (own context) of the given size that records errors. */
  public Page page(int width, int height) {
    return page(
        browser.newContext(
            new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(width, height)));
  }

  /**
   * Another page of {@code context} (the same profile: cookies, service workers) that records
   * errors.
   */
  public Page page(BrowserContext context) {
    Page page = context.newPage();
    page.onConsoleMessage(
        message -> {
          if ("error".equals(message.type())) {
            errors.add("console: " + message.text() + " @ " + message.location());
          }
        });
    page.onPageError(error -> errors.add("page: " + error));
    return page;
  }

  /**
   * The errors, less the 401s that signing in produces by design (asking who is signed in before
   * anyone is; a wrong password typed on purpose).
   */
  public List<String> unexpectedErrors() {
    return errors.stream()
        .filter(
            e ->
                !(e.contains("status of 401")
                    && (e.contains("/api/v1/auth/me") || e.contains("/api/v1/auth/login"))))
        .toList();
  }

  /**
   * Signs in on the sign-in page the screen sent the browser to (a screen asks who is signed in
   * and, when nobody is, goes to {@code /?next=<itself>}).
   */
  public static void signIn(Page page, String username, String password) {
    page.waitForSelector("#login:not([hidden])");
    page.fill("#username", username);
    page.fill("#password", password);
    page.click("#login button[type=submit]");
  }

  /** The errors of a server outage: the refused connections a page makes while it is away. */
  public static boolean outage(String error) {
    return error.contains("ERR_CONNECTION_REFUSED")
        || error.contains("WebSocket connection to")
        || error.contains("Failed to load resource");
  }

  public static Path screenshot(Page page, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file));
    return file;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
