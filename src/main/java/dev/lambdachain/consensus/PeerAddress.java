package dev.lambdachain.consensus;

import dev.lambdachain.core.NodeException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Turns what a user registers ({@code localhost:5001}, {@code https://node.example/prod}) into a
 * peer base URL, and refuses what a node must never be made to call: other schemes, credentials
 * in URLs, and, unless allowed, loopback, private and link-local addresses (the cloud metadata
 * service above all). Checked at registration and again before every call, since DNS can change.
 */
public final class PeerAddress {
    private static final int MAX_LENGTH = 256;

    private final boolean allowLoopback;
    private final boolean allowPrivate;

    public PeerAddress(boolean allowLoopback, boolean allowPrivate) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
    }

    /** The canonical base URL for {@code raw}, or a 400 naming what is wrong with it. */
    public String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            throw NodeException.invalid("a peer address must not be empty");
        }
        String text = raw.trim();
        if (text.length() > MAX_LENGTH) {
            throw NodeException.invalid("peer address is longer than " + MAX_LENGTH + " characters");
        }
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw NodeException.invalid("'" + raw + "' is not a URL or host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw NodeException.invalid("peer '" + raw + "' must use http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw NodeException.invalid("peer '" + raw + "' must not carry credentials");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw NodeException.invalid("peer '" + raw + "' has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw NodeException.invalid("peer '" + raw + "' must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path;
    }

    /** Refuses a peer whose host resolves to an address this node may not call. */
    public void checkAllowed(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw NodeException.invalid("peer host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            if ((address.isLoopbackAddress() || address.isAnyLocalAddress()) && !(allowLoopback || allowPrivate)) {
                throw NodeException.invalid("peer '" + baseUrl + "' is a loopback address; this node does not call those");
            }
            if (isPrivate(address) && !allowPrivate) {
                throw NodeException.invalid("peer '" + baseUrl + "' resolves to a private or link-local address ("
                        + address.getHostAddress() + "); this node does not call those");
            }
        }
    }

    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        boolean carrierNat = b.length == 4 && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
        boolean uniqueLocal = address instanceof Inet6Address && (b[0] & 0xFE) == 0xFC;
        return address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isMulticastAddress()
                || carrierNat || uniqueLocal;
    }
}
