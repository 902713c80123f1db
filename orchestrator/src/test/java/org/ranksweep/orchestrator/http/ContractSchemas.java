package org.ranksweep.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI contract of the API as a test reads it: its operations, and the JSON Schemas of their parameters and
 * responses, checked with a draft 2020-12 validator (OpenAPI 3.1's schema dialect). A schema's {@code $ref}s into
 * {@code #/components} resolve because each schema is validated inside a copy of the document's components.
 * Immutable after construction.
 */
final class ContractSchemas {

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode contract;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private ContractSchemas(JsonNode contract) {
        this.contract = contract;
    }

    static ContractSchemas load() {
        try (InputStream in = ContractSchemas.class.getResourceAsStream(ContractDocuments.OPENAPI)) {
            return new ContractSchemas(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return contract;
    }

    /** Every operation as {@code METHOD /path}, e.g. {@code GET /api/v1/sweeps/{id}}. */
    Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : contract.get("paths").properties()) {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    JsonNode operation(String method, String path) {
        JsonNode operation = contract.get("paths").path(path).path(method.toLowerCase());
        if (operation.isMissingNode()) {
            throw new IllegalArgumentException("the contract has no " + method + " " + path);
        }
        return operation;
    }

    /** The response the operation declares for the status, {@code $ref}s resolved; missing when it declares none. */
    JsonNode response(String method, String path, int status) {
        return resolve(operation(method, path).path("responses").path(Integer.toString(status)));
    }

    /** The declared content types of that response. */
    Set<String> contentTypes(String method, String path, int status) {
        Set<String> types = new TreeSet<>();
        response(method, path, status).path("content").fieldNames().forEachRemaining(types::add);
        return types;
    }

    /** Validation messages of a JSON body against the response's schema for the content type; empty when valid. */
    List<String> validateBody(String method, String path, int status, String contentType, String body) {
        JsonNode schema =
                response(method, path, status).path("content").path(contentType).path("schema");
        if (schema.isMissingNode()) {
            return List.of("no schema for " + method + " " + path + " " + status + " " + contentType);
        }
        return validate(schema, body);
    }

    /** Validation messages of a JSON value against the named schema of {@code #/components/schemas}. */
    List<String> validateComponent(String name, String json) {
        return validate(contract.at("/components/schemas/" + name), json);
    }

    /** The schema of the operation's parameter (query or path), {@code $ref}s resolved. */
    JsonNode parameterSchema(String method, String path, String name) {
        for (JsonNode parameter : operation(method, path).path("parameters")) {
            JsonNode resolved = resolve(parameter);
            if (resolved.get("name").asText().equals(name)) {
                return resolved.get("schema");
            }
        }
        throw new IllegalArgumentException(method + " " + path + " has no parameter " + name);
    }

    List<String> validate(JsonNode schema, String json) {
        ObjectNode standalone = schema.deepCopy();
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set("components", contract.get("components"));
        Schema compiled = registry.getSchema(standalone.toString(), InputFormat.JSON);
        return compiled.validate(json, InputFormat.JSON).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        while (resolved.has("$ref")) {
            resolved = contract.at(resolved.get("$ref").asText().substring(1));
        }
        return resolved;
    }
}
