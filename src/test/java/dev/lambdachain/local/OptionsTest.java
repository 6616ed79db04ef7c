package dev.lambdachain.local;

import dev.lambdachain.node.NodeConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void flagsBecomeTheNodeSettingsTheLambdaEnvironmentWouldCarry() throws Exception {
        Options options = Options.parse(Options.SERVE, "--port", "5077", "--difficulty", "3", "--reward", "25",
                "--genesis-address", "bank", "--genesis-supply", "500", "--miner", "carol", "--table", "mychain",
                "--lease-seconds", "9", "--data", "somewhere");
        NodeConfig config = options.nodeConfig();
        assertEquals(5077, options.port());
        assertEquals(Path.of("somewhere"), options.data());
        assertNull(options.dynamodb());
        assertEquals(3, config.chain().difficulty());
        assertEquals(25, config.chain().reward().units());
        assertEquals("bank", config.chain().genesisAddress());
        assertEquals(500, config.chain().genesisSupply().units());
        assertEquals("carol", config.minerAddress());
        assertEquals("mychain", config.tableName());
        assertEquals(9, config.leaseDuration().toSeconds());
    }

    @Test
    void defaultsAreTheLocalGenesisAndMiner() throws Exception {
        NodeConfig config = Options.parse(Options.INVOKE, "InfoFunction", "events/info.json").nodeConfig();
        assertEquals("genesis", config.chain().genesisAddress());
        assertEquals(1_000_000, config.chain().genesisSupply().units());
        assertEquals("miner", config.minerAddress());
    }

    @Test
    void wrongCommandLinesAreRefusedWithTheReason() {
        assertRefused("no command", new String[0]);
        assertRefused("unknown command", "start");
        assertRefused("needs --port", "serve");
        assertRefused("--port must be", "serve", "--port", "99999");
        assertRefused("does not take --port", "invoke", "InfoFunction", "events/info.json", "--port", "1");
        assertRefused("takes 2 argument", "invoke", "InfoFunction");
        assertRefused("not both", "serve", "--port", "1", "--data", "d", "--dynamodb", "http://localhost:8000");
        assertRefused("http(s) URL", "serve", "--port", "1", "--dynamodb", "localhost:8000");
        assertRefused("needs a value", "serve", "--port");
        assertRefused("given twice", "serve", "--port", "1", "--port", "2");
    }

    @Test
    void badSettingValuesAreUsageErrors() throws Exception {
        Options options = Options.parse(Options.SERVE, "--port", "1", "--difficulty", "lots");
        Options.UsageException e = assertThrows(Options.UsageException.class, options::nodeConfig);
        assertTrue(e.getMessage().contains("DIFFICULTY"), e.getMessage());
    }

    /** The schedules of `serve`: off unless given, whole ms, s or m, at least 100 ms, and only for serve. */
    @Test
    void schedulesTakeDurationsAndAreOffUnlessGiven() throws Exception {
        Options off = Options.parse(Options.SERVE, "--port", "1");
        assertNull(off.mineEvery());
        assertNull(off.resolveEvery());
        Options on = Options.parse(Options.SERVE, "--port", "1", "--mine-every", "5s", "--resolve-every", "1m");
        assertEquals(Duration.ofSeconds(5), on.mineEvery());
        assertEquals(Duration.ofMinutes(1), on.resolveEvery());
        assertEquals(Duration.ofMillis(250),
                Options.parse(Options.SERVE, "--port", "1", "--mine-every", "250ms").mineEvery());
        for (String bad : List.of("5", "5h", "-1s", "1.5s", "50ms", "soon")) {
            assertRefused("--mine-every takes a duration", Options.SERVE, "--port", "1", "--mine-every", bad);
        }
        assertRefused("invoke does not take --resolve-every", Options.INVOKE, "ResolveFunction",
                "events/resolve-scheduled.json", "--resolve-every", "1s");
    }

    private static void assertRefused(String reason, String... args) {
        Options.UsageException e = assertThrows(Options.UsageException.class, () -> Options.parse(args));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
