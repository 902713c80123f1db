package org.ranksweep.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * A YAML parser that stops at the first alias ({@code *name}). Jackson would read an alias as the plain string of
 * its anchor's name, silently giving a wrong value, and a spec has no use for them; refusing the first one also
 * means nested aliases ("billion laughs") are never expanded. Not thread-safe (one per parse).
 */
final class NoAliases extends JsonParserDelegate {

    private NoAliases(YAMLParser parser) {
        super(parser);
    }

    /** The parser itself when it does not read YAML. */
    static JsonParser wrap(JsonParser parser) {
        return parser instanceof YAMLParser yaml ? new NoAliases(yaml) : parser;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = super.nextToken();
        if (((YAMLParser) delegate).isCurrentAlias()) {
            throw new AliasFound("*" + ((YAMLParser) delegate).getText() + " at line "
                    + delegate.currentLocation().getLineNr());
        }
        return token;
    }

    @Override
    public String nextFieldName() throws IOException {
        return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    /** The text held an alias; the message says which and where. */
    static final class AliasFound extends RuntimeException {
        AliasFound(String message) {
            super(message, null, false, false);
        }
    }
}
