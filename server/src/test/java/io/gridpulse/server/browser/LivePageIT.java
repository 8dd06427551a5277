package io.gridpulse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.gridpulse.server.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The live page, in headless Chromium")
class LivePageIT {
  static TestServer server;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startShared();
    browser = new Browser();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static int post(JsonObject event) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + "api/v1/events"))
                .header("X-Api-Key", TestServer.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.encode()))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  @DisplayName(
      "after signing in, a posted event appears on the page as text, hostile markup and all")
  void postedEventAppears() throws Exception {
    Page page = browser.page(1920, 1080);
    server.token("duty"); // creates the user it-duty
    page.navigate(server.url() + "live/");
    page.waitForSelector("#login:not([hidden])");
    page.fill("#username", "it-duty");
    page.fill("#password", "wrong-password");
    page.click("#login button[type=submit]");
    page.waitForSelector("#login-error:has-text('登录失败')");
    page.fill("#password", TestServer.PASSWORD);
    page.click("#login button[type=submit]");
    page.waitForSelector("#status[data-state=connected]");
    assertThat(page.url()).as("back on the page that asked for sign-in").endsWith("/live/");

    // the first event warms the cold paths (JIT, the new index's first refresh) untimed
    String warmUp = TestServer.newId();
    assertThat(post(TestServer.event(warmUp, "预热事件"))).isEqualTo(202);
    page.locator("li[data-id='" + warmUp + "']")
        .waitFor(
            new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(15_000));

    String id = TestServer.newId();
    String title = "<img src=x onerror=alert(1)> 井盖缺失 🚧 \u202Eטקסט";
    long posted = System.nanoTime();
    assertThat(post(TestServer.event(id, title))).isEqualTo(202);
    Locator row = page.locator("li[data-id='" + id + "']");
    // the promise: on the page within a second of the POST
    row.waitFor(
        new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(1000));
    long millis = (System.nanoTime() - posted) / 1_000_000;
    System.out.printf("live page: event visible %d ms after the POST%n", millis);

    assertThat(row.locator(".title").textContent()).isEqualTo(title);
    assertThat(page.locator("img").count()).as("no markup from user text").isZero();
    Browser.screenshot(page, "live-page");
    assertThat(browser.unexpectedErrors()).isEmpty();
  }
}
