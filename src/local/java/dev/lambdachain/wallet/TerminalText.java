package dev.lambdachain.wallet;

/**
 * Text from a node made safe to print on a terminal. A node may answer anything, and a terminal
 * obeys escape sequences: colours, cursor moves, a rewritten window title, a hidden line. So every
 * character that is not plain printing text (Unicode categories Cc control, Cf format such as the
 * bidirectional overrides, Zl and Zp line separators, Co private use, Cn unassigned, and lone
 * surrogates) is shown as its
 * {@code \}{@code uXXXX} escape instead: the reader sees that it was there, the terminal runs nothing.
 */
final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} on one line: every control character, newlines included, escaped. */
    static String line(String text) {
        return escape(text, false);
    }

    /**
     * {@code text} with its line breaks ({@code \n}) kept and every other control character escaped,
     * for a multi-line answer such as pretty-printed JSON (where the escapes are valid JSON escapes too).
     */
    static String lines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepNewlines) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (keepNewlines && c == '\n' || isPlain(text, i)) {
                shown.append(c);
                if (Character.isHighSurrogate(c)) {
                    shown.append(text.charAt(++i));
                }
            } else {
                shown.append(String.format("\\u%04X", (int) c));
            }
        }
        return shown.toString();
    }

    /** Whether the character at {@code i} (with its low surrogate, if it starts a pair) prints as itself. */
    private static boolean isPlain(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    && isPlainType(Character.getType(text.codePointAt(i)));
        }
        return !Character.isSurrogate(c) && isPlainType(Character.getType(c));
    }

    private static boolean isPlainType(int type) {
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE;
    }
}
