package dev.lambdachain.local;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The node's own site, which keeps web pages of other sites from driving a local node (see
 * docs/LOCAL-RUNNER.md, Cross-site requests). A request must name the node in its {@code Host}:
 * a loopback name ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) or a name given with
 * {@code --host-name}, with the node's port, so a DNS-rebound name reaching 127.0.0.1 is refused.
 * A state-changing request must not come from a browser page of another origin: an {@code Origin}
 * that is not {@code http://<own host>:<port>}, or a {@code Sec-Fetch-Site} other than
 * {@code same-origin} or {@code none} (a port of 127.0.0.1 is the same <em>site</em> as any other,
 * so {@code same-site} is refused too). curl and the wallet send neither header and pass.
 */
final class OwnSite {
    static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

    private final int port;
    private final Set<String> authorities;

    private OwnSite(int port, Set<String> authorities) {
        this.port = port;
        this.authorities = authorities;
    }

    /**
     * The site of a node listening on {@code port}, known by the loopback names and {@code hostNames}
     * (host names without port, such as {@code node.test}; compared without regard to case).
     */
    static OwnSite of(int port, List<String> hostNames) {
        Set<String> authorities = new LinkedHashSet<>();
        for (String name : Stream.concat(LOOPBACK_NAMES.stream(), hostNames.stream()).toList()) {
            String host = name.toLowerCase(Locale.ROOT);
            authorities.add(host + ":" + port);
            if (port == 80) {
                authorities.add(host);
            }
        }
        return new OwnSite(port, Set.copyOf(authorities));
    }

    /** Why a request with this {@code Host} header (null when absent) is not for this node, or empty when it is. */
    Optional<String> refuseHost(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of("a Host header naming this node is required, such as Host: 127.0.0.1:" + port);
        }
        if (!authorities.contains(host.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of("this node answers only requests for its own address (Host " + String.join(", ",
                    LOOPBACK_NAMES) + " with port " + port + ", or a name given with --host-name), not for '"
                    + host + "'");
        }
        return Optional.empty();
    }

    /**
     * Why a state-changing request with these headers (each null when absent) is refused as a
     * browser's request from another origin, or empty when it is allowed.
     */
    Optional<String> refuseCrossSite(String origin, String secFetchSite) {
        if (origin != null && !isOwnOrigin(origin)) {
            return Optional.of("this route does not take requests from pages of another origin (Origin "
                    + origin + "); use curl, the wallet or this node's own explorer");
        }
        if (secFetchSite != null && !List.of("same-origin", "none").contains(secFetchSite.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of("this route does not take requests from pages of another site (Sec-Fetch-Site "
                    + secFetchSite + "); use curl, the wallet or this node's own explorer");
        }
        return Optional.empty();
    }

    private boolean isOwnOrigin(String origin) {
        String text = origin.trim().toLowerCase(Locale.ROOT);
        return text.startsWith("http://") && authorities.contains(text.substring("http://".length()));
    }
}
