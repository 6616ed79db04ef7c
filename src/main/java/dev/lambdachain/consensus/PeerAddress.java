package dev.lambdachain.consensus;

import dev.lambdachain.core.InvalidValueException;

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
            throw new InvalidValueException("a peer address must not be empty");
        }
        String text = raw.trim();
        if (text.length() > MAX_LENGTH) {
            throw new InvalidValueException("peer address is longer than " + MAX_LENGTH + " characters");
        }
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidValueException("'" + raw + "' is not a URL or host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidValueException("peer '" + raw + "' must use http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidValueException("peer '" + raw + "' must not carry credentials");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidValueException("peer '" + raw + "' has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidValueException("peer '" + raw + "' must not have a query or fragment");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new InvalidValueException("peer '" + raw + "' has port " + uri.getPort() + "; ports run from 1 to 65535");
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
            throw new InvalidValueException("peer host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            byte[] embedded = address.getAddress().length == 16 ? embeddedIpv4(address.getAddress()) : null;
            boolean loopback = address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || embedded != null && isLoopbackIpv4(embedded);
            if (loopback && !(allowLoopback || allowPrivate)) {
                throw new InvalidValueException("peer '" + baseUrl + "' is a loopback address; this node does not call those");
            }
            if (isPrivate(address) && !allowPrivate) {
                throw new InvalidValueException("peer '" + baseUrl + "' resolves to a private or link-local address ("
                        + address.getHostAddress() + "); this node does not call those");
            }
        }
    }

    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && address.isLoopbackAddress()) {
            return false; // ::1, which would otherwise read as the IPv4-compatible 0.0.0.1 ("this network")
        }
        if (b.length == 16) {
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                return isPrivateIpv4(embedded) || isLoopbackIpv4(embedded);
            }
            boolean uniqueLocal = (b[0] & 0xFE) == 0xFC;
            return address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isMulticastAddress()
                    || uniqueLocal;
        }
        return isPrivateIpv4(b);
    }

    private static boolean isPrivateIpv4(byte[] b) {
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        return first == 0                                   // "this network"
                || first == 10
                || first == 100 && (second & 0xC0) == 64    // carrier-grade NAT
                || first == 169 && second == 254            // link-local, the metadata service
                || first == 172 && (second & 0xF0) == 16
                || first == 192 && second == 168
                || first == 198 && (second & 0xFE) == 18    // benchmarking
                || first >= 224;                            // multicast, reserved, broadcast
    }

    private static boolean isLoopbackIpv4(byte[] b) {
        return (b[0] & 0xFF) == 127;
    }

    /**
     * The IPv4 address inside an IPv6 one that a translator would reach: IPv4-compatible
     * (::a.b.c.d), SIIT (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002:a.b.c.d::/48).
     */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 8; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean compatible = zeroPrefix && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0;
        boolean siit = zeroPrefix && (b[8] & 0xFF) == 0xFF && (b[9] & 0xFF) == 0xFF && b[10] == 0 && b[11] == 0;
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
        if (compatible || siit || nat64) {
            return new byte[]{b[12], b[13], b[14], b[15]};
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[]{b[2], b[3], b[4], b[5]};
        }
        return null;
    }
}
