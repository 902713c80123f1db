package org.ranksweep.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.SpecParser;

/**
 * The API's contracts as the API serves them: the OpenAPI 3.1 document of the HTTP API (as written, in YAML, and as
 * JSON for the dashboard, which has no YAML parser) and the JSON Schema of sweep specs. Read from the class path
 * once. Immutable, thread-safe.
 */
final class ContractDocuments {

    /** The OpenAPI document's class-path resource. */
    static final String OPENAPI = "/org/ranksweep/orchestrator/http/openapi.yaml";

    private final Buffer openApiYaml;
    private final Buffer openApiJson;
    private final Buffer sweepSchema;

    private ContractDocuments(Buffer openApiYaml, Buffer openApiJson, Buffer sweepSchema) {
        this.openApiYaml = openApiYaml;
        this.openApiJson = openApiJson;
        this.sweepSchema = sweepSchema;
    }

    static ContractDocuments load() {
        byte[] yaml = read(OPENAPI);
        try {
            JsonNode tree = new YAMLMapper().readTree(yaml);
            return new ContractDocuments(
                    Buffer.buffer(yaml), Buffer.buffer(Json.write(tree)), Buffer.buffer(read(SpecParser.SCHEMA)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI, e);
        }
    }

    void openApiYaml(RoutingContext context) {
        send(context, "application/yaml; charset=utf-8", openApiYaml);
    }

    void openApiJson(RoutingContext context) {
        send(context, "application/json", openApiJson);
    }

    void sweepSchema(RoutingContext context) {
        send(context, "application/schema+json", sweepSchema);
    }

    private static void send(RoutingContext context, String contentType, Buffer body) {
        context.response().putHeader("Content-Type", contentType).end(body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ContractDocuments.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
