package dev.lambdachain.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the runner finds the Dynoxide executable, and what it says when there is none. */
class DynoxideBinaryTest {

    @Test
    void thisPlatformsPackageIsPinnedInPackageJson() throws Exception {
        String platformPackage = DynoxideBinary.npmPackage().orElseThrow();
        JsonNode packageJson = new ObjectMapper().readTree(LocalDynamo.projectDir().resolve("package.json").toFile());
        JsonNode pinned = packageJson.path("optionalDependencies").path(platformPackage);
        assertTrue(pinned.isTextual(), platformPackage + " is listed in package.json");
        assertTrue(pinned.asText().matches("\\d+\\.\\d+\\.\\d+"), "pinned to an exact version: " + pinned);
        JsonNode lock = new ObjectMapper().readTree(LocalDynamo.projectDir().resolve("package-lock.json").toFile());
        assertEquals(pinned, lock.path("packages").path("").path("optionalDependencies").path(platformPackage),
                "package-lock.json agrees with package.json");
    }

    @Test
    void anExplicitPathMustBeAnExecutable(@TempDir Path dir) throws Exception {
        Path notExecutable = Files.writeString(dir.resolve("dynoxide"), "not a program");
        DynoxideBinary.NotFoundException refused = assertThrows(DynoxideBinary.NotFoundException.class,
                () -> DynoxideBinary.locate(notExecutable, List.of()));
        assertTrue(refused.getMessage().contains("--dynoxide names " + notExecutable), refused.getMessage());
    }

    @Test
    void theProjectsNodeModulesAreSearched() throws Exception {
        LocalDynamo.binary(); // skipped where no engine can be installed
        Path found = DynoxideBinary.locate(null, List.of(LocalDynamo.projectDir()));
        assertTrue(Files.isExecutable(found), found.toString());
    }

    @Test
    void optionsRefuseALocalEngineTogetherWithAnotherEndpoint() {
        Options.UsageException refused = assertThrows(Options.UsageException.class, () -> Options.parse(
                Options.SERVE, "--port", "1", "--dynoxide", "/bin/dynoxide", "--dynamodb", "http://127.0.0.1:8000"));
        assertTrue(refused.getMessage().contains("--dynoxide"), refused.getMessage());
    }
}
