package dev.lambdachain.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What defines a network: every consensus rule as a named value, their canonical encoding, and
 * the network id, SHA-256 of that encoding, to which the genesis block commits (its previous
 * hash; docs/PROTOCOL.md "Network identity"). Two nodes that would judge a block differently
 * differ in a rule, hence in the network id and the genesis hash. A rule added later is one more
 * entry of the list.
 */
public final class NetworkRules {
    /** The version byte that opens the encoding. */
    public static final byte VERSION = 1;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");

    /**
     * One rule: its {@code name} ({@code [a-z0-9_]}, e.g. {@code retarget_interval}) and its value
     * in canonical text: a whole number in decimal without sign or leading zeros when
     * {@code number}, else the text itself (an address, a signature mode).
     */
    public record Rule(String name, String value, boolean number) {
        public Rule {
            if (!isRuleName(name)) {
                throw new IllegalArgumentException("a rule name is 1 to 64 of [a-z0-9_], got " + name);
            }
            if (value == null || (number && !value.matches("0|[1-9][0-9]*"))) {
                throw new IllegalArgumentException("rule " + name + " needs a canonical value, got " + value);
            }
        }

        /** The name as words, for people: {@code retarget interval}. */
        public String words() {
            return words(name);
        }

        static String words(String name) {
            return name.replace('_', ' ');
        }
    }

    private final List<Rule> rules;
    private final Hash id;

    /** True for a string that can name a rule: 1 to 64 of {@code [a-z0-9_]}. */
    public static boolean isRuleName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @throws IllegalArgumentException when two rules share a name */
    public NetworkRules(List<Rule> rules) {
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::name));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("rule " + sorted.get(i).name() + " is given twice");
            }
        }
        this.rules = List.copyOf(sorted);
        this.id = Hash.of(encoding());
    }

    /** The rules of the network of {@code params}: every parameter that decides whether a block is valid. */
    public static NetworkRules of(ChainParams params) {
        RetargetParams retarget = params.retarget();
        return new NetworkRules(List.of(
                number("difficulty", params.difficulty()),
                number("reward", params.reward().units()),
                new Rule("genesis_address", params.genesisAddress(), false),
                number("genesis_supply", params.genesisSupply().units()),
                number("genesis_timestamp", params.genesisTimestamp()),
                new Rule("signature_mode", params.signatureMode().label(), false),
                number("max_transactions_per_block", params.maxTransactionsPerBlock()),
                number("max_future_drift_millis", params.maxFutureDriftMillis()),
                // a fixed target has all three 0: there they judge no block, so they split no network
                number("retarget_interval", retarget.interval()),
                number("target_block_millis", retarget.targetBlockMillis()),
                number("retarget_clamp", retarget.clampFactor())));
    }

    private static Rule number(String name, long value) {
        return new Rule(name, Long.toString(value), true);
    }

    /** The rules in ascending order of name, as they are encoded. */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * The canonical encoding: the version byte, the number of rules as an unsigned 16-bit integer,
     * then per rule in ascending byte order of name its name and its value, each an unsigned
     * 16-bit byte length followed by UTF-8.
     */
    public byte[] encoding() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.writeShort(rules.size());
            for (Rule rule : rules) {
                Transaction.writeString(out, rule.name());
                Transaction.writeString(out, rule.value());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** The network id: SHA-256 of {@link #encoding()}. */
    public Hash id() {
        return id;
    }

    /**
     * The first rule, in order of name, on which another network's {@code theirs} (name to value
     * text, as its /info {@code rules} shows them) differs from ours, in words:
     * {@code "retarget interval 20 vs 10 here"}; a rule one side lacks shows as {@code none}.
     * Empty when every rule agrees.
     */
    public Optional<String> firstDifference(Map<String, String> theirs) {
        TreeSet<String> names = new TreeSet<>(theirs.keySet());
        rules.forEach(rule -> names.add(rule.name()));
        for (String name : names) {
            String ours = rules.stream().filter(rule -> rule.name().equals(name)).map(Rule::value)
                    .findFirst().orElse(null);
            String other = theirs.get(name);
            if (ours == null || !ours.equals(other)) {
                return Optional.of(Rule.words(name) + " " + (other == null ? "none" : other) + " vs "
                        + (ours == null ? "none" : ours) + " here");
            }
        }
        return Optional.empty();
    }
}
