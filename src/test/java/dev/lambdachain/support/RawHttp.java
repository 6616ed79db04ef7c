package dev.lambdachain.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Raw bytes over a loopback socket, for requests no HTTP client would send, and their answer as text. */
public final class RawHttp {
    private RawHttp() {
    }

    /** An answer: status (-1 when none came), the head and the body as text. */
    public record Answer(int status, String head, String body) {
        /** The body as JSON, or null when it is not JSON. */
        public JsonNode json() {
            try {
                return TestJson.MAPPER.readTree(body);
            } catch (IOException notJson) {
                return null;
            }
        }

        /** Whether this is a 4xx whose body is {@code {"error": "..."}}. */
        public boolean isJsonClientError() {
            JsonNode json = json();
            return status >= 400 && status < 500 && json != null && json.path("error").isTextual()
                    && head.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json");
        }

        /** The value of header {@code name} (case-insensitive), or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return (head + "\r\n\r\n" + body).replace("\r\n", " | ");
        }
    }

    /** Sends {@code request} (ISO-8859-1) to 127.0.0.1:{@code port}, reads until the node closes or {@code timeoutMillis} passes. */
    public static Answer exchange(int port, String request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    /** Everything read until the stream ends, stops or times out. */
    public static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException | SocketException stopped) {
            // what came so far is the answer
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The answer in {@code text}, one HTTP/1.1 response. */
    public static Answer parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        int status = head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
        return new Answer(status, head, body);
    }
}
