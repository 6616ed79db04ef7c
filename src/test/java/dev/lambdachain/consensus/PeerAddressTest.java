package dev.lambdachain.consensus;

import dev.lambdachain.core.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The address guard on literal addresses (no DNS): which peers a node may call with which setting. */
class PeerAddressTest {
    private static final PeerAddress LOCAL = new PeerAddress(true, false);
    private static final PeerAddress DEPLOYED = new PeerAddress(false, false);

    @Test
    void ipv6LoopbackIsLoopbackNotPrivate() {
        String peer = LOCAL.normalise("http://[::1]:5002");
        assertEquals("http://[::1]:5002", peer);
        assertDoesNotThrow(() -> LOCAL.checkAllowed(peer));
        assertDoesNotThrow(() -> LOCAL.checkAllowed(LOCAL.normalise("[::1]:5002")));
        InvalidValueException refused = assertThrows(InvalidValueException.class, () -> DEPLOYED.checkAllowed(peer));
        assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
    }

    @Test
    void ipv6AddressesThatOnlyLookLikeLoopbackStayRefused() {
        for (String address : new String[]{"http://[::]:5002", "http://[::2]:5002", "http://[::7f00:1]:5002",
                "http://[fe80::1]:5002", "http://[fd00::1]:5002"}) {
            assertThrows(InvalidValueException.class, () -> LOCAL.checkAllowed(LOCAL.normalise(address)), address);
        }
    }

    @Test
    void ipv4LoopbackIsAllowedLocallyOnly() {
        assertDoesNotThrow(() -> LOCAL.checkAllowed(LOCAL.normalise("127.0.0.1:5001")));
        assertThrows(InvalidValueException.class, () -> DEPLOYED.checkAllowed(DEPLOYED.normalise("127.0.0.1:5001")));
    }
}
