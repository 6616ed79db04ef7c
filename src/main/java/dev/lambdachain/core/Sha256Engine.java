package dev.lambdachain.core;

import java.lang.reflect.Field;
import java.security.MessageDigest;

/**
 * Reaches the 8-word chaining state inside the JDK's own SHA-256 engine, so that a miner can
 * restart a digest from a precomputed midstate.
 *
 * <p>Why: the JDK has no public way to set a digest's state, and cloning a digest per attempt
 * costs half the speed of the compression itself. With the engine's {@code int[8]} in hand, a
 * miner writes the midstate into it and feeds one padded 64-byte block through the public
 * {@link MessageDigest#update}, which the JIT turns into one compression on the CPU's SHA
 * instructions. The reference is read once per digest: by reflection when the JVM opens
 * {@code java.base/java.security} and {@code java.base/sun.security.provider} to this code,
 * otherwise with {@code sun.misc.Unsafe}, after checking the owner's type. Any failure (another
 * provider first, another JDK layout, no {@code jdk.unsupported} module) makes
 * {@link #chainingState} throw with the reason, and {@link NonceHasher} falls back to public API.
 */
final class Sha256Engine {
    private static final String DELEGATE = "java.security.MessageDigest$Delegate";
    private static final String SHA2 = "sun.security.provider.SHA2";
    private static final int STATE_WORDS = 8;
    private static final Access ACCESS = Access.find();

    private Sha256Engine() {
    }

    /** How the state is reached ("reflection" or "sun.misc.Unsafe"), or why it cannot be. */
    static String route() {
        return ACCESS.route;
    }

    /**
     * The live chaining state of {@code digest}, which must come from {@link Hash#sha256()}:
     * writing it sets the state the next compression starts from.
     *
     * @throws UnsupportedOperationException when this JVM does not let us reach it
     */
    static int[] chainingState(MessageDigest digest) {
        if (ACCESS.engineOfDigest == null) {
            throw new UnsupportedOperationException(ACCESS.route);
        }
        try {
            Object engine = ACCESS.engineOfDigest.read(digest);
            if (ACCESS.stateOfEngine.read(engine) instanceof int[] state && state.length == STATE_WORDS) {
                return state;
            }
            throw new UnsupportedOperationException("the SHA-256 engine holds no int[8] state");
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("cannot read the SHA-256 engine state", e);
        }
    }

    /** Reads one private reference field of a JDK object. */
    private interface FieldReader {
        Object read(Object target) throws ReflectiveOperationException;
    }

    private record Access(FieldReader engineOfDigest, FieldReader stateOfEngine, String route) {
        static Access find() {
            try {
                Field engine = Class.forName(DELEGATE).getDeclaredField("digestSpi");
                Field state = Class.forName(SHA2).getDeclaredField("state");
                boolean opened = isOpen(engine) && isOpen(state);
                return new Access(reader(engine, opened), reader(state, opened),
                        opened ? "reflection" : "sun.misc.Unsafe");
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return new Access(null, null, "SHA-256 engine state unreachable: " + e);
            }
        }

        private static boolean isOpen(Field field) {
            Class<?> owner = field.getDeclaringClass();
            return owner.getModule().isOpen(owner.getPackageName(), Sha256Engine.class.getModule());
        }

        private static FieldReader reader(Field field, boolean opened) throws ReflectiveOperationException {
            Class<?> owner = field.getDeclaringClass();
            FieldReader read;
            if (opened) {
                field.setAccessible(true);
                read = field::get;
            } else {
                read = UnsafeReader.of(field);
            }
            // An Unsafe read at an offset is only sound on an instance of the field's class.
            return target -> {
                if (!owner.isInstance(target)) {
                    throw new UnsupportedOperationException(
                            target.getClass().getName() + " is not a " + owner.getName());
                }
                return read.read(target);
            };
        }
    }

    /** Apart so that a runtime without the jdk.unsupported module fails here, inside {@link Access#find()}. */
    private static final class UnsafeReader {
        static FieldReader of(Field field) throws ReflectiveOperationException {
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
            long offset = unsafe.objectFieldOffset(field);
            return target -> unsafe.getObject(target, offset);
        }
    }
}
