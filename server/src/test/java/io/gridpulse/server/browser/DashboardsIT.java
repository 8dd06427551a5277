package io.gridpulse.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.server.TestServer;
import io.gridpulse.server.config.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@DisplayName("The wall, the duty desk and the department console, in headless Chromium")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardsIT {
  static final String DEPT = "cgj";
  static final String TOWN = "371502001";
  static final String VILLAGE = "371502001001";

  static TestServer server;
  static Browser browser;
  static final String INSTANCE = "it-dash-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    server = startServer(0);
    browser = new Browser();
    for (String who : new String[] {"leader", "duty", "dept:" + DEPT, "town:" + TOWN}) {
      server.token(who); // creates the user it-<who>
    }
  }

  static TestServer startServer(int port) throws Exception {
    LocalStack stack = LocalServices.shared();
    return TestServer.start(
        stack.redis().url(),
        stack.elasticsearch().url(),
        INSTANCE,
        Clock.systemUTC(),
        new JsonObject().put(Settings.HTTP_PORT, port));
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

  static int failures = 0;

  /** Waits for the selector to be visible; on a timeout, keeps a screenshot of the page. */
  static Locator visible(Page page, String selector, double millis) throws Exception {
    Locator locator = page.locator(selector).first();
    try {
      locator.waitFor(
          new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(millis));
    } catch (RuntimeException e) {
      Browser.screenshot(page, "failure-" + ++failures);
      throw e;
    }
    return locator;
  }

  /** A page of 1920×1080 signed in as {@code who}, on the screen its role lands on. */
  static Page signedIn(String who, String screen) {
    return signedIn(browser.page(1920, 1080), who, screen);
  }

  static Page signedIn(Page page, String who, String screen) {
    page.navigate(server.url());
    Browser.signIn(page, "it-" + who.replace(':', '-'), TestServer.PASSWORD);
    page.waitForURL("**" + screen + "**");
    return page;
  }

  static String post(String title, String description) throws Exception {
    String id = TestServer.newId();
    JsonObject event = TestServer.event(id, title);
    if (description != null) {
      event.put("description", description);
    }
    assertThat(server.intake(event).statusCode()).isEqualTo(202);
    return id;
  }

  static Page wall;
  static final Queue<Map.Entry<Long, String>> wallFrames = new ConcurrentLinkedQueue<>();

  @Test
  @Order(1)
  @DisplayName(
      "each role lands on its screen: leader the wall, duty and town the desk, dept its console")
  void eachRoleLands() throws Exception {
    Page english = browser.page(1920, 1080);
    english.navigate(server.url());
    visible(english, "#login", 15_000);
    assertThat(english.locator("#login h2").textContent()).startsWith("登录");
    english.locator("#lang").click();
    visible(english, "#login h2:has-text('Sign in')", 5000);
    assertThat(english.locator("html").getAttribute("lang")).isEqualTo("en");
    english.context().close();

    wall = browser.page(1920, 1080);
    // when each frame reaches the wall: the server's part of a delay, apart from the page's
    wall.onWebSocket(
        ws ->
            ws.onFrameReceived(
                frame -> {
                  if (frame.text() != null) {
                    wallFrames.add(Map.entry(System.nanoTime(), frame.text()));
                  }
                }));
    signedIn(wall, "leader", "/wall");
    visible(wall, "#status[data-state=connected]", 15_000);
    visible(wall, "#today .figure[data-figure=reported]", 15_000);

    Page duty = signedIn("duty", "/duty");
    visible(duty, "#children button.drill", 15_000);
    assertThat(duty.locator("#crumbs .crumb").first().textContent()).isEqualTo("东昌府区");
    duty.context().close();

    Page town = signedIn("town:" + TOWN, "/duty");
    visible(town, "#children button.drill", 15_000);
    // the page marks its scope once every part of it is drawn (the events list last)
    visible(town, "body[data-scope='" + TOWN + "']", 15_000);
    assertThat(town.locator("#crumbs .crumb").first().textContent()).isEqualTo("古楼街道");
    town.context().close();

    Page dept = signedIn("dept:" + DEPT, "/dept");
    visible(dept, "body[data-loaded=true]", 15_000);
    dept.context().close();
  }

  @Test
  @Order(2)
  @DisplayName("a posted event appears on the wall within a second, a hostile title as plain text")
  void postedEventOnTheWall() throws Exception {
    String warmUp = post("预热事件", null);
    visible(wall, "#latest li[data-id='" + warmUp + "']", 15_000);

    String hostile =
        "<script>alert(1)</script><img src=x onerror=alert(2)> 井盖缺失 🚧🧯 \u202Eטקסט עברי مرحبا "
            + "长".repeat(100);
    String id = TestServer.newId();
    JsonObject event =
        TestServer.event(id, hostile).put("description", "<b>x</b>".repeat(625)); // 5,000 chars
    // when each row is painted, by the page's own clock (the machine's): Playwright's waiting
    // retries at growing intervals (up to 500 ms apart), so it cannot time a row itself
    wall.evaluate(
        "() => { window.paintedAt = {}; new MutationObserver((changes) => { for (const c of"
            + " changes) for (const n of c.addedNodes) if (n.dataset?.id) requestAnimationFrame(()"
            + " => (window.paintedAt[n.dataset.id] ??= Date.now())); }).observe("
            + "document.getElementById('latest'), {childList: true}); }");
    long postedAt = System.currentTimeMillis();
    long posted = System.nanoTime();
    assertThat(server.intake(event).statusCode()).isEqualTo(202);
    Locator row = visible(wall, "#latest li[data-id='" + id + "']", 10_000);
    long millis =
        ((Number) wall.evaluate("(id) => window.paintedAt[id]", id)).longValue() - postedAt;
    System.out.printf(
        "wall: event painted %d ms after the POST (its frame arrived after %d ms)%n",
        millis,
        wallFrames.stream()
            .filter(f -> f.getValue().contains(id))
            .mapToLong(f -> (f.getKey() - posted) / 1_000_000)
            .findFirst()
            .orElse(-1));
    assertThat(row.locator(".title").textContent()).isEqualTo(hostile);
    assertThat(wall.locator("img, script:not([src])").count())
        .as("no markup from user text")
        .isZero();
    assertNoScrollbars(wall);
    assertThat(row.boundingBox().height).as("one line, however long the title").isLessThan(40);
    Browser.screenshot(wall, "wall");

    // the wall scales to 4K without scrollbars
    wall.setViewportSize(3840, 2160);
    wall.waitForTimeout(300);
    assertNoScrollbars(wall);
    wall.setViewportSize(1920, 1080);
    assertThat(millis).as("on the wall within a second of the POST").isLessThan(1000);
  }

  static void assertNoScrollbars(Page page) {
    Object overflow =
        page.evaluate(
            "() => [document.documentElement.scrollWidth - innerWidth,"
                + " document.documentElement.scrollHeight - innerHeight]");
    assertThat(overflow.toString()).isEqualTo("[0, 0]");
  }

  @Test
  @Order(3)
  @DisplayName(
      "the duty desk drills down district → town → village → grid and back by the breadcrumb")
  void drillDown() throws Exception {
    Page duty = signedIn("duty", "/duty");
    visible(duty, "#children button.drill[data-code='" + TOWN + "']", 15_000).click();
    visible(duty, "body[data-scope='" + TOWN + "']", 5000);
    visible(duty, "#children button.drill[data-code='" + VILLAGE + "']", 5000).click();
    visible(duty, "body[data-scope='" + VILLAGE + "']", 5000);
    visible(duty, "#children button.drill[data-code='" + TestServer.GRID + "']", 5000).click();
    visible(duty, "body[data-scope='" + TestServer.GRID + "']", 5000);
    assertThat(duty.locator("#crumbs .crumb").count()).isEqualTo(4);
    assertThat(duty.url()).contains("scope=" + TestServer.GRID);
    Browser.screenshot(duty, "duty-grid");

    // the session ends (signed out elsewhere with this cookie): to sign-in, then back to the grid
    duty.evaluate(
        "() => fetch('/api/v1/auth/logout', {method: 'POST', headers: {'X-CSRF-Token':"
            + " decodeURIComponent(document.cookie.match(/gridpulse_csrf=([^;]+)/)[1])}})");
    duty.waitForURL("**expired=1**");
    visible(duty, "#expired", 5000);
    Browser.signIn(duty, "it-duty", TestServer.PASSWORD);
    visible(duty, "body[data-scope='" + TestServer.GRID + "']", 15_000);
    assertThat(duty.url()).as("the screen's place kept").contains("scope=" + TestServer.GRID);
    duty.locator("#crumbs button.crumb[data-scope='" + TOWN + "']").click();
    visible(duty, "body[data-scope='" + TOWN + "']", 5000);
    duty.goBack(); // the browser's back returns to the grid
    visible(duty, "body[data-scope='" + TestServer.GRID + "']", 5000);
    duty.locator("#crumbs button.crumb[data-scope='371502']").click();
    visible(duty, "body[data-scope='371502']", 5000);

    // the same path on the map: a town's area, then the markers of its villages and of a
    // village's grids (used from the keyboard here: markers may overlap where villages crowd)
    visible(duty, "#children button.drill[data-code='" + TOWN + "']", 5000).click();
    visible(duty, "body[data-scope='" + TOWN + "']", 5000);
    visible(duty, "#map button.marker[data-code='" + VILLAGE + "']", 5000).press("Enter");
    visible(duty, "body[data-scope='" + VILLAGE + "']", 5000);
    visible(duty, "#map button.marker[data-code='" + TestServer.GRID + "']", 5000).press("Enter");
    visible(duty, "body[data-scope='" + TestServer.GRID + "']", 5000);
    visible(duty, "#map .marker[aria-current][data-code='" + TestServer.GRID + "']", 5000);
    assertThat(duty.locator("#map .marker").count())
        .as("the grid among its village's grids")
        .isEqualTo(duty.locator("#map .marker[data-code^='" + VILLAGE + "']").count())
        .isPositive();
    Browser.screenshot(duty, "duty-map-grid");
    duty.locator("#crumbs button.crumb[data-scope='" + VILLAGE + "']").click();
    visible(duty, "body[data-scope='" + VILLAGE + "']", 5000);
    visible(duty, "#map button.marker[data-code='" + TestServer.GRID + "']", 5000);
    duty.context().close();
  }

  @Test
  @Order(4)
  @DisplayName(
      "a whistle blown on the duty desk reaches the department, is signed there, and the wall's board follows")
  void whistle() throws Exception {
    String id = post("路灯不亮 · 吹哨测试", "古楼街道路灯整条街不亮");
    Page duty = signedIn("duty", "/duty");
    visible(duty, "#events tr[data-id='" + id + "'] button.title", 15_000).click();
    visible(duty, "#detail[data-id='" + id + "']", 5000);
    duty.locator("form.step[data-action=triage] select[name=level]").selectOption("district");
    duty.locator("form.step[data-action=triage] button[type=submit]").click();
    visible(duty, "#detail[data-status=triaged] form.step[data-action=dispatch]", 5000);
    dispatch(duty, id);
    visible(duty, "#timeline li[data-action=dispatch]", 5000);
    Browser.screenshot(duty, "duty");

    Page dept = signedIn("dept:" + DEPT, "/dept");
    Locator whistle = visible(dept, "#queue li[data-id='" + id + "']", 15_000);
    assertThat(whistle.locator(".left").textContent()).matches("-?(\\d+d )?\\d\\d:\\d\\d:\\d\\d");
    visible(wall, "#board li[data-id='" + id + "'][data-status=dispatched]", 10_000);

    // a new whistle while the console is open: seen (and heard)
    String second = post("占道经营 · 第二个哨", null);
    duty.locator("#detail-close").click();
    visible(duty, "#events tr[data-id='" + second + "'] button.title", 15_000).click();
    visible(duty, "#detail[data-id='" + second + "'] form.step[data-action=triage]", 5000);
    duty.locator("form.step[data-action=triage] select[name=level]").selectOption("district");
    duty.locator("form.step[data-action=triage] button[type=submit]").click();
    visible(duty, "#detail[data-id='" + second + "'][data-status=triaged]", 5000);
    dispatch(duty, second);
    // the console follows its department live: the alert comes with the step, not a poll later
    visible(dept, "#new-whistle:has-text('占道经营')", 5000);
    visible(dept, "#queue li[data-id='" + second + "'][data-status=dispatched]", 5000);

    dept.locator("#queue li[data-id='" + id + "'] form.step[data-action=sign] button").click();
    visible(dept, "#queue li[data-id='" + id + "'][data-status=signed]", 10_000);
    Browser.screenshot(dept, "dept");
    visible(wall, "#board li[data-id='" + id + "'][data-status=signed]", 10_000);
    dept.context().close();
    duty.context().close();
  }

  /**
   * Blows the whistle on the triaged event open on the desk, to {@link #DEPT}: the department
   * chosen must still be chosen when the desk hears of the triage live (the detail is drawn again
   * then), and the result shown must be this dispatch's.
   */
  static void dispatch(Page duty, String id) throws Exception {
    String form = "#detail[data-id='" + id + "'] form.step[data-action=dispatch]";
    visible(duty, form, 5000);
    duty.locator(form + " select[name=department]").selectOption(DEPT);
    // the triage's change reaches the desk's list live: the form must not be reset by it
    visible(duty, "#events tr[data-id='" + id + "'][data-status=triaged]", 10_000);
    assertThat(duty.locator(form + " select[name=department]").inputValue()).isEqualTo(DEPT);
    duty.locator(form + " button[type=submit]").click();
    visible(
        duty, "#action-result[data-ok=true][data-action=dispatch][data-id='" + id + "']", 10_000);
    visible(duty, "#detail[data-id='" + id + "'][data-status=dispatched]", 5000);
  }

  @Test
  @Order(5)
  @DisplayName(
      "the wall shows it is stale when the server stops, and recovers by itself when it returns")
  void staleAndBack() throws Exception {
    int port = java.net.URI.create(server.url()).getPort();
    int before = browser.errors.size();
    server.close();
    visible(wall, "#stale", 10_000);
    assertThat(wall.locator("body").getAttribute("data-stale")).isEqualTo("true");
    Browser.screenshot(wall, "wall-stale");
    server = startServer(port);
    recovers(wall, before, 20_000);
  }

  /**
   * The server is back: the wall's stale banner goes within {@code millis} with no click, it is
   * connected, and a new event shows; the outage itself logs refused connections, nothing else.
   */
  static void recovers(Page wallPage, int errorsBefore, double millis) throws Exception {
    wallPage
        .locator("#stale")
        .waitFor(
            new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN).setTimeout(millis));
    visible(wallPage, "#status[data-state=connected]", 5000);
    visible(wallPage, "#today .figure[data-figure=reported]", 10_000);
    String id = post("恢复后的事件", null);
    visible(wallPage, "#latest li[data-id='" + id + "']", 10_000);
    browser.errors.subList(errorsBefore, browser.errors.size()).removeIf(Browser::outage);
    assertThat(browser.unexpectedErrors()).isEmpty();
  }

  @Test
  @Order(6)
  @DisplayName(
      "a kiosk that boots while the server is down opens the wall stale, and recovers by itself")
  void kioskBootsWhileDown() throws Exception {
    Page kiosk = signedIn("leader", "/wall");
    visible(kiosk, "#status[data-state=connected]", 15_000);
    visible(kiosk, "html[data-shell=kept]", 15_000); // the wall's shell, kept for a boot offline
    String url = server.url();
    int port = java.net.URI.create(url).getPort();
    int before = browser.errors.size();
    server.close();

    // the kiosk starts again (its profile kept, nobody at the keyboard) while the server is down
    kiosk.close();
    Page boot = browser.page(kiosk.context());
    boot.navigate(url + "wall");
    visible(boot, "#stale", 10_000);
    assertThat(boot.locator("body").getAttribute("data-stale")).isEqualTo("true");
    assertThat(boot.locator("#clock").textContent())
        .as("the clock runs while the wall waits")
        .matches("\\d\\d:\\d\\d:\\d\\d");
    Browser.screenshot(boot, "wall-boot-offline");

    server = startServer(port);
    recovers(boot, before, 30_000); // its start-up retries back off to 10 s at the most
    boot.context().close();
  }
}
