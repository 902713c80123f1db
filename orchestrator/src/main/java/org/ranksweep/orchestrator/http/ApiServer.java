package org.ranksweep.orchestrator.http;

import static org.ranksweep.orchestrator.http.QueryParams.intParam;
import static org.ranksweep.orchestrator.http.QueryParams.optionalSweep;
import static org.ranksweep.orchestrator.http.QueryParams.sweepId;
import static org.ranksweep.orchestrator.http.QueryParams.text;
import static org.ranksweep.orchestrator.http.QueryParams.trialId;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.concurrent.Callable;
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
            context.next();
        });
        router.post("/api/v1/*").handler(access::check);
        // Only POSTs carry a body: on a bodiless GET that names a form content type, Vert.x's BodyHandler fails (500).
        router.post("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        router.post("/api/v1/sweeps").handler(this::submit);
        router.get("/api/v1/sweeps")
                .handler(c -> json(c, 200, () -> reports.sweeps(intParam(c, "limit", 50), intParam(c, "offset", 0))));
        router.get("/api/v1/sweeps/:id").handler(c -> json(c, 200, () -> reports.sweep(sweepId(c))));
        router.get("/api/v1/sweeps/:id/trials").handler(this::trialPage);
        router.get("/api/v1/sweeps/:id/summary").handler(c -> json(c, 200, () -> reports.sweepSummary(sweepId(c))));
        router.get("/api/v1/sweeps/:id/pareto").handler(c -> json(c, 200, () -> reports.pareto(sweepId(c))));
        router.post("/api/v1/sweeps/:id/cancel").handler(this::cancel);
        router.get("/api/v1/trials/:id").handler(c -> json(c, 200, () -> reports.trial(trialId(c))));
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
        return router;
    }

    private void submit(RoutingContext context) {
        String body = context.body().asString();
        boolean rerun = Boolean.parseBoolean(context.queryParams().get("rerun"));
        if (body == null || body.isBlank()) {
            context.fail(ValidationException.of("", "request body is empty; send a sweep spec as YAML or JSON"));
            return;
        }
        blocking(() -> admit(new SpecParser().parse(body, "request body")))
                .compose(spec ->
                        Future.fromCompletionStage(scheduler.submit(spec, body, rerun, limits.maxSweepsInFlight())))
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
        Future.fromCompletionStage(scheduler.cancel(id))
                .compose(sweep -> blocking(() -> reports.sweep(id)))
                .onSuccess(view -> send(context, 200, view))
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
