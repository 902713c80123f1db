package org.ranksweep.orchestrator.http;

import static org.ranksweep.orchestrator.http.QueryParams.intParam;
import static org.ranksweep.orchestrator.http.QueryParams.optionalSweep;
import static org.ranksweep.orchestrator.http.QueryParams.sweepId;
import static org.ranksweep.orchestrator.http.QueryParams.text;
import static org.ranksweep.orchestrator.http.QueryParams.trialId;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.orchestrator.report.Reports;
import org.ranksweep.orchestrator.scheduler.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under {@code /api/v1}, health, Prometheus metrics, the dashboard's static files and the WebJars
 * it loads (under {@code /webjars}). The API's contract is {@code openapi.yaml} beside this class, served at
 * {@code /api/v1/openapi.yaml}; {@code OpenApiContractTest} keeps the two in step. Handlers never
 * block the event loop: database reads run on the {@code ranksweep-db} worker pool, state changes on the
 * scheduler's thread. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    static final int BODY_LIMIT_BYTES = 1 << 20;
    /** Response header of paged lists: how many items match on all pages. */
    static final String TOTAL_COUNT = "X-Total-Count";
    /** WebJar paths carry their version, so browsers may keep them for a day. */
    private static final int WEBJAR_MAX_AGE_SECONDS = 86_400;

    /** A {@code %} not followed by two hex digits. */
    private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Vertx vertx;
    private final Scheduler scheduler;
    private final Reports reports;
    private final ApiMetrics metrics;
    private final ApiAccess access;
    private final ApiLimits limits;
    private final WorkerExecutor database;
    private final ContractDocuments contracts = ContractDocuments.load();
    private HttpServer server;

    public ApiServer(Vertx vertx, Scheduler scheduler, Reports reports, ApiAccess access, ApiLimits limits) {
        this.access = access;
        this.limits = limits;
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.reports = reports;
        this.metrics = new ApiMetrics(() -> scheduler.databaseRetries());
        this.database = vertx.createSharedWorkerExecutor("ranksweep-db", 8);
    }

    /** Starts listening; the future carries the actual port (useful with port 0). */
    public Future<Integer> listen(String host, int port) {
        // Compression shrinks the larger JSON views (Pareto points of big sweeps) several-fold; SSE opts out.
        return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                .requestHandler(router())
                .invalidRequestHandler(ProblemResponses::invalidRequest)
                .listen(port, host)
                .map(started -> {
                    server = started;
                    LOG.info("HTTP API listening on http://{}:{}/", host, started.actualPort());
                    return started.actualPort();
                });
    }

    Router router() {
        Router router = Router.router(vertx);
        router.route().handler(context -> {
            context.addEndHandler(
                    done -> metrics.requestEnded(context.response().getStatusCode()));
            // Vert.x would throw while matching routes or reading parameters and answer without a problem document.
            String query = context.request().query();
            if (MALFORMED_ESCAPE.matcher(context.request().path()).find()
                    || (query != null && MALFORMED_ESCAPE.matcher(query).find())) {
                context.fail(ValidationException.of(
                        "", "the request target has a malformed percent-escape (% not followed by two hex digits)"));
                return;
            }
            context.next();
        });
        router.post("/api/v1/*").handler(access::check);
        // Only POSTs carry a body (on a bodiless GET that names a form content type, Vert.x's BodyHandler fails), and
        // never a form: specs are YAML or JSON text.
        router.post("/api/v1/*").handler(ApiServer::refuseForms);
        router.post("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        router.post("/api/v1/sweeps").handler(this::submit);
        router.get("/api/v1/sweeps")
                .handler(c -> json(c, 200, () -> reports.sweeps(intParam(c, "limit", 50), intParam(c, "offset", 0))));
        router.get("/api/v1/sweeps/:id").handler(c -> json(c, 200, () -> reports.sweep(sweepId(c))));
        router.get("/api/v1/sweeps/:id/trials").handler(this::trialPage);
        router.get("/api/v1/sweeps/:id/summary").handler(c -> json(c, 200, () -> reports.sweepSummary(sweepId(c))));
        router.get("/api/v1/sweeps/:id/pareto").handler(c -> json(c, 200, () -> reports.pareto(sweepId(c))));
        router.get("/api/v1/sweeps/:id/scheduler").handler(c -> json(c, 200, () -> reports.scheduler(sweepId(c))));
        router.get("/api/v1/sweeps/:id/customization")
                .handler(c -> json(c, 200, () -> reports.customization(sweepId(c))));
        router.post("/api/v1/sweeps/:id/cancel").handler(this::cancel);
        router.get("/api/v1/trials/:id").handler(c -> json(c, 200, () -> reports.trial(trialId(c))));
        router.get("/api/v1/trials/:id/samples.png").handler(this::samples);
        router.get("/api/v1/leaderboard")
                .handler(c -> json(
                        c,
                        200,
                        () -> reports.leaderboard(
                                text(c, "dataset"), text(c, "model"), text(c, "method"), optionalSweep(c))));
        router.get("/api/v1/leaderboard/best")
                .handler(c -> json(
                        c,
                        200,
                        () -> reports.best(text(c, "dataset"), text(c, "model"), text(c, "method"), optionalSweep(c))));
        router.get("/api/v1/baselines").handler(c -> json(c, 200, () -> reports.baselines(text(c, "model"))));
        router.get("/api/v1/events").handler(new EventStream(vertx, limits.maxEventStreamsPerAddress())::handle);
        router.get("/api/v1/openapi.yaml").handler(contracts::openApiYaml);
        router.get("/api/v1/openapi.json").handler(contracts::openApiJson);
        router.get("/api/v1/schema/sweep.json").handler(contracts::sweepSchema);
        router.get("/health")
                .handler(c -> c.response()
                        .putHeader("Content-Type", "application/json")
                        .end(Json.write(Map.of("status", "UP"))));
        router.get("/metrics")
                .handler(c -> c.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(metrics.scrape()));
        router.route("/api/*").handler(c -> c.fail(404));
        router.route("/webjars/*")
                .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(WEBJAR_MAX_AGE_SECONDS));
        router.route("/*")
                .handler(StaticHandler.create("META-INF/resources/ranksweep").setCachingEnabled(false));
        router.route().failureHandler(ProblemResponses::handle);
        // A path no route serves (a dashboard file that does not exist, /api/../x normalised out of /api): a problem
        // document too, not Vert.x's plain-text default.
        router.errorHandler(404, ProblemResponses::handle);
        return router;
    }

    /** Specs travel as YAML or JSON text; a multipart or URL-encoded form is refused with 415. */
    private static void refuseForms(RoutingContext context) {
        String type = context.request().getHeader("Content-Type");
        String lower = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
            context.fail(
                    415,
                    new IllegalArgumentException("a form body (" + type + ") is not accepted; send the "
                            + "spec as YAML or JSON text (Content-Type application/yaml or application/json)"));
            return;
        }
        context.next();
    }

    private void submit(RoutingContext context) {
        String body = context.body().asString();
        boolean rerun = Boolean.parseBoolean(context.queryParams().get("rerun"));
        if (body == null || body.isBlank()) {
            context.fail(ValidationException.of("", "request body is empty; send a sweep spec as YAML or JSON"));
            return;
        }
        Context requestContext = vertx.getOrCreateContext();
        blocking(() -> admit(new SpecParser().parse(body, "request body")))
                .compose(spec ->
                        onContext(scheduler.submit(spec, body, rerun, limits.maxSweepsInFlight()), requestContext))
                .compose(sweep -> blocking(() -> reports.sweep(sweep.id())))
                .onSuccess(view -> {
                    context.response().putHeader("Location", "/api/v1/sweeps/" + view.id());
                    send(context, 201, view);
                })
                .onFailure(context::fail);
    }

    /**
     * The server's rules for a spec that arrived over HTTP, checked before anything is stored: files only under
     * the data roots, at most so many trials.
     */
    private SweepSpec admit(SweepSpec spec) {
        limits.dataRoots().check(spec);
        int trials = new TrialPlanner().plan(spec).size();
        if (trials > limits.maxTrialsPerSweep()) {
            throw ValidationException.of(
                    "",
                    "the sweep expands to " + trials + " trials (methods x grid x seeds); the limit per sweep is "
                            + limits.maxTrialsPerSweep() + " (the orchestrator's --max-trials-per-sweep)");
        }
        return spec;
    }

    /** A page of the sweep's trials as a JSON array; {@code X-Total-Count} carries the matching total. */
    private void trialPage(RoutingContext context) {
        blocking(() -> reports.trialPage(QueryParams.trialPage(context)))
                .onSuccess(page -> {
                    context.response().putHeader(TOTAL_COUNT, Integer.toString(page.total()));
                    send(context, 200, page.trials());
                })
                .onFailure(context::fail);
    }

    private void cancel(RoutingContext context) {
        SweepId id = sweepId(context);
        onContext(scheduler.cancel(id), vertx.getOrCreateContext())
                .compose(sweep -> blocking(() -> reports.sweep(id)))
                .onSuccess(view -> send(context, 200, view))
                .onFailure(context::fail);
    }

    /**
     * The scheduler's answer, delivered on the request's event loop: without the context its continuations (the
     * database read, the response) would run on the scheduler's thread.
     */
    private static <T> Future<T> onContext(CompletionStage<T> stage, Context requestContext) {
        return Future.fromCompletionStage(stage, requestContext);
    }

    /** A customization trial's sample grid, as PNG. */
    private void samples(RoutingContext context) {
        blocking(() -> reports.samples(trialId(context)))
                .onSuccess(png -> context.response()
                        .setStatusCode(200)
                        .putHeader("Content-Type", "image/png")
                        .putHeader("Cache-Control", "max-age=3600")
                        .end(Buffer.buffer(png)))
                .onFailure(context::fail);
    }

    private <T> void json(RoutingContext context, int status, Callable<T> query) {
        blocking(query).onSuccess(value -> send(context, status, value)).onFailure(context::fail);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return database.executeBlocking(work, false);
    }

    private static void send(RoutingContext context, int status, Object value) {
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.write(value));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().await();
        }
        database.close();
    }
}
