package dev.lambdachain.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the Dynoxide executable (github.com/nubo-db/dynoxide, the open-source DynamoDB engine the
 * local runner and the tests use). Looked for, in this order:
 * <ol>
 *   <li>the path given explicitly ({@code --dynoxide PATH});</li>
 *   <li>the environment variable {@value #ENV};</li>
 *   <li>{@code node_modules/@dynoxide/<os>-<cpu>/dynoxide} of this project, as {@code npm install}
 *       (which the Maven build runs) puts it: beside the runner jar's parent folder, then under the
 *       working directory;</li>
 *   <li>{@code dynoxide} on the {@code PATH}.</li>
 * </ol>
 */
public final class DynoxideBinary {
    /** Environment variable naming the executable. */
    public static final String ENV = "DYNOXIDE_PATH";

    private DynoxideBinary() {
    }

    /** The executable was not found (or not executable); the message says where it looked and the ways out. */
    public static final class NotFoundException extends Exception {
        NotFoundException(String message) {
            super(message);
        }
    }

    /**
     * Locates the executable.
     *
     * @param explicit a path from the command line, or null
     * @param projectDirs folders that may hold {@code node_modules} (the project root), searched in order
     * @return an executable file
     * @throws NotFoundException when none is found; the message names the npm package for this platform
     *         (or says there is none) and {@code --dynamodb URL} as the way out
     */
    public static Path locate(Path explicit, List<Path> projectDirs) throws NotFoundException {
        if (explicit != null) {
            return requireExecutable(explicit, "--dynoxide");
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return requireExecutable(Path.of(fromEnv), ENV);
        }
        Optional<String> platformPackage = npmPackage();
        if (platformPackage.isPresent()) {
            for (Path dir : projectDirs) {
                Path candidate = dir.resolve("node_modules").resolve(platformPackage.get()).resolve(executableName());
                if (Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        return onPath(executableName())
                .orElseThrow(() -> new NotFoundException(notFoundMessage(platformPackage, projectDirs)));
    }

    /** The first executable file called {@code name} in the directories of the PATH, as a shell would find it. */
    public static Optional<Path> onPath(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path candidate = Path.of(entry, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    /** Where the runner jar or a checkout may keep node_modules: the jar's project root, then the working directory. */
    public static List<Path> defaultProjectDirs() {
        List<Path> dirs = new ArrayList<>();
        try {
            Path code = Path.of(DynoxideBinary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/lambdachain.jar or target/local-classes -> the project root two levels up
            Path parent = code.toAbsolutePath().getParent();
            if (parent != null && parent.getParent() != null) {
                dirs.add(parent.getParent());
            }
        } catch (Exception e) {
            // no code source (unusual class loader): the working directory still counts
        }
        Path workingDir = Path.of("").toAbsolutePath();
        if (!dirs.contains(workingDir)) {
            dirs.add(workingDir);
        }
        return dirs;
    }

    /**
     * The npm package holding the binary for this OS and CPU ({@code @dynoxide/linux-x64} ...), as
     * listed in package.json; empty where Dynoxide publishes none.
     */
    static Optional<String> npmPackage() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String npmOs = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin"
                : os.startsWith("windows") ? "win32" : null;
        String npmCpu = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> null;
        };
        if (npmOs == null || npmCpu == null) {
            return Optional.empty();
        }
        return Optional.of("@dynoxide/" + npmOs + "-" + npmCpu);
    }

    private static String executableName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                ? "dynoxide.exe" : "dynoxide";
    }

    private static Path requireExecutable(Path path, String source) throws NotFoundException {
        if (!Files.isExecutable(path)) {
            throw new NotFoundException(source + " names " + path + ", which is not an executable file");
        }
        return path.toAbsolutePath();
    }

    private static String notFoundMessage(Optional<String> platformPackage, List<Path> projectDirs) {
        String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        String install = platformPackage
                .map(name -> "run `npm install` in the project (it installs " + name + "), ")
                .orElse("Dynoxide publishes no npm package for " + platform + "; build it from "
                        + "github.com/nubo-db/dynoxide and ");
        return "no Dynoxide executable found for " + platform + " (looked in " + projectDirs.stream()
                .map(dir -> dir.resolve("node_modules").toString()).toList()
                + " and on PATH): " + install + "give its path with --dynoxide PATH or " + ENV
                + ", or use another DynamoDB endpoint with --dynamodb URL";
    }
}
