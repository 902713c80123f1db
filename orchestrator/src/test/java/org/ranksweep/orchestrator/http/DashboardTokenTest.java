package org.ranksweep.orchestrator.http;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.orchestrator.testing.HeadlessBrowser;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * The dashboard against an orchestrator that requires a bearer token for changes: submitting asks for the token
 * once, a wrong one is asked again, cancelling sends nothing, and the tab keeps the right one for later changes.
 */
class DashboardTokenTest {

    private static final String TOKEN = "s3cret-token-for-the-dashboard";
    private static final String SPEC = """
            name: token-check
            dataset: {name: synthetic}
            model:
              arch: vit-tiny-fmnist
              base:
                train: {epochs: 1, lr: 1.0e-3, batch: 64}
            methods:
              - {name: dense}
            """;

    private static RunningOrchestrator orchestrator;
    private static HeadlessBrowser browser;

    @BeforeAll
    static void start() {
        orchestrator = RunningOrchestrator.start(
                "dashboard-token", 5943, database -> {}, ApiAccess.forBinding("127.0.0.1", TOKEN));
        browser = new HeadlessBrowser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        orchestrator.close();
    }

    @Test
    void submittingAsksForTheTokenKeepsItForTheTabAndNeverStoresWithoutIt() {
        Page page = browser.newPage();
        List<String> scriptErrors = new ArrayList<>();
        page.onPageError(scriptErrors::add);
        page.navigate(orchestrator.base().resolve("#/submit").toString());

        // Cancelling the dialog leaves the 401 problem on the page and stores nothing.
        page.fill("#spec", SPEC);
        page.click("#submit-button");
        assertThat(page.locator("#token-dialog")).isVisible();
        assertThat(page.locator("#api-token")).isFocused();
        page.click("#token-cancel");
        assertThat(page.locator("#token-dialog")).hasCount(0);
        assertThat(page.locator("#problem-list")).containsText("Bearer");
        assertThat(sweepCount(page)).isZero();

        // A wrong token is refused and asked for again; the right one submits.
        page.click("#submit-button");
        page.fill("#api-token", "wrong");
        page.click("#token-ok");
        assertThat(page.locator("#token-help")).containsText("did not accept");
        page.fill("#api-token", TOKEN);
        page.click("#token-ok");
        page.waitForURL("**#/sweeps/*");
        assertThat(sweepCount(page)).isEqualTo(1);

        // The tab keeps the token: the next change asks nothing.
        page.navigate(orchestrator.base().resolve("#/submit").toString());
        page.fill("#spec", SPEC.replace("token-check", "token-check-2"));
        page.click("#submit-button");
        page.waitForURL("**#/sweeps/*");
        assertThat(page.locator("#token-dialog")).hasCount(0);
        assertThat(sweepCount(page)).isEqualTo(2);
        HeadlessBrowser.screenshot(page, "token-kept");
        assertThat(scriptErrors).isEmpty();
        page.context().close();
    }

    private static int sweepCount(Page page) {
        Object count = page.evaluate("async () => (await (await fetch('/api/v1/sweeps')).json()).length");
        return ((Number) count).intValue();
    }
}
