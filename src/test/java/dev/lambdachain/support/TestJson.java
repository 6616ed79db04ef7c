package dev.lambdachain.support;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain JSON mapper for tests that read responses and event files; the node's own is private. */
public final class TestJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private TestJson() {
    }
}
