package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An upstream error re-expressed for the client: the status the gateway answers with and the body
 * in the client schema's error shape.
 */
public record TranslatedError(int status, ObjectNode body) {}
